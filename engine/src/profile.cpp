// Profiling many images on a few threads: each worker decodes, measures and drops the
// pixels before taking the next file, so memory stays at one image per thread.
#include "versus/engine/profile.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include <opencv2/core/base.hpp>

#include "versus/engine/comparator.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"
#include "versus/engine/parallel.hpp"

namespace versus::engine {

ImageProfile Profile(const DecodedImage& image, std::string label, const Comparator* comparator,
                     bool perceptual_hash, const FaceFinder* faces) {
  ImageProfile profile;
  profile.path = std::move(label);
  profile.width = image.width;
  profile.height = image.height;
  profile.decoded_from = image.decoded_from;
  profile.measures = Measure(image);
  if (comparator != nullptr) comparator->Prepare(image, profile);
  if (perceptual_hash) profile.hash = HashImage(image.working);
  if (faces != nullptr) {
    profile.faces = faces->Find(image);
    profile.faces_read = true;
  }
  return profile;
}

namespace {

// Profile of a file's decoded image; a failure names the file.
ImageProfile ProfileOfFile(const std::filesystem::path& path, const DecodedImage& image, const Comparator* comparator,
                           bool perceptual_hash, const FaceFinder* faces) {
  try {
    return Profile(image, path.string(), comparator, perceptual_hash, faces);
  } catch (const Error& e) {
    throw Error(path.string(), e.what());
  } catch (const cv::Exception& e) {
    throw Error(path.string(), std::string("could not measure: ") + e.what());
  }
}

}  // namespace

ImageProfile Profile(const std::filesystem::path& path, const DecodeOptions& options, const Comparator* comparator,
                     bool perceptual_hash, const FaceFinder* faces) {
  return ProfileOfFile(path, Decode(path, options), comparator, perceptual_hash, faces);
}

namespace {

std::int64_t DefaultDecodeBudget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGESIZE);
  const std::int64_t physical = pages > 0 && page_size > 0 ? std::int64_t(pages) * page_size : std::int64_t{4} << 30;
  return std::min(physical / 4, std::int64_t{4} << 30);
}

// Bytes of decode memory shared by the workers: Acquire waits until `bytes` fit (or
// nothing else is decoding, so one image larger than the budget still gets its turn).
class MemoryBudget {
 public:
  explicit MemoryBudget(std::int64_t limit) : limit_(limit) {}
  void Acquire(std::int64_t bytes) {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return in_use_ == 0 || in_use_ + bytes <= limit_; });
    in_use_ += bytes;
  }
  void Release(std::int64_t bytes) {
    {
      std::lock_guard lock(mutex_);
      in_use_ -= bytes;
    }
    freed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::int64_t limit_;
  std::int64_t in_use_ = 0;
};

}  // namespace

ProfileSet ProfileAll(const std::vector<std::filesystem::path>& paths, const ProfileOptions& options) {
  const std::size_t total = paths.size();
  std::vector<std::optional<ImageProfile>> profiles(total);
  std::vector<std::optional<InputError>> errors(total);
  std::size_t done = 0;
  std::mutex progress_mutex;

  MemoryBudget budget(options.decode_memory_budget > 0 ? options.decode_memory_budget : DefaultDecodeBudget());

  ParallelFor(total, options.jobs, [&](std::size_t i) {
    const std::int64_t bytes = DecodeMemoryEstimate(paths[i], options.decode);
    budget.Acquire(bytes);
    try {
      const DecodedImage image = Decode(paths[i], options.decode);
      profiles[i] = ProfileOfFile(paths[i], image, options.comparator, options.perceptual_hash, options.faces);
      if (options.on_decoded) options.on_decoded(profiles[i]->path, image);
    } catch (const Error& e) {
      errors[i] = InputError{paths[i].string(), e.what()};
    } catch (const std::exception& e) {
      errors[i] = InputError{paths[i].string(), std::string("unexpected failure: ") + e.what()};
    }
    budget.Release(bytes);
    if (options.progress) {
      std::lock_guard lock(progress_mutex);
      options.progress(++done, total);
    }
  });

  ProfileSet set;
  for (std::size_t i = 0; i < total; ++i) {
    if (profiles[i]) set.images.push_back(std::move(*profiles[i]));
    if (errors[i]) set.errors.push_back(std::move(*errors[i]));
  }
  return set;
}

}  // namespace versus::engine
