// Profiling many images on a few threads: each worker decodes, measures and drops the
// pixels before taking the next file, so memory stays at one image per thread (plus a
// few small decoded views while a judge is still loading: ProfileOptions).
#include "versus/engine/profile.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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

namespace {

// Everything but the judge's part: measures, hash, faces.
ImageProfile ProfileWithoutJudge(const DecodedImage& image, std::string label, bool perceptual_hash,
                                 const FaceFinder* faces) {
  ImageProfile profile;
  profile.path = std::move(label);
  profile.width = image.width;
  profile.height = image.height;
  profile.decoded_from = image.decoded_from;
  profile.measures = Measure(image);
  if (perceptual_hash) profile.hash = HashImage(image.working);
  if (faces != nullptr) {
    profile.faces = faces->Find(image);
    profile.faces_read = true;
  }
  return profile;
}

}  // namespace

ImageProfile Profile(const DecodedImage& image, std::string label, const Comparator* comparator,
                     bool perceptual_hash, const FaceFinder* faces) {
  ImageProfile profile = ProfileWithoutJudge(image, std::move(label), perceptual_hash, faces);
  if (comparator != nullptr) comparator->Prepare(image, profile);
  return profile;
}

namespace {

// Runs one step of a file's profiling; a failure names the file.
template <typename Step>
auto ForFile(const std::filesystem::path& path, Step&& step) {
  try {
    return step();
  } catch (const Error& e) {
    throw Error(path.string(), e.what());
  } catch (const cv::Exception& e) {
    throw Error(path.string(), std::string("could not measure: ") + e.what());
  }
}

}  // namespace

ImageProfile Profile(const std::filesystem::path& path, const DecodeOptions& options, const Comparator* comparator,
                     bool perceptual_hash, const FaceFinder* faces) {
  const DecodedImage image = Decode(path, options);
  return ForFile(path, [&] { return Profile(image, path.string(), comparator, perceptual_hash, faces); });
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

namespace {

// A worker may profile this many images ahead of a judge still loading (each kept as its
// small decoded views, ~1.3 MB for a 24 MP photo) before it waits for the judge.
constexpr std::size_t kAheadOfLoadingJudge = 4;

// The failure of one file's step as the error list gives it; none if it succeeded.
template <typename Step>
std::optional<InputError> Attempt(const std::filesystem::path& path, Step&& step) {
  try {
    step();
    return std::nullopt;
  } catch (const Error& e) {
    return InputError{path.string(), e.what()};
  } catch (const std::exception& e) {
    return InputError{path.string(), std::string("unexpected failure: ") + e.what()};
  }
}

bool Ready(const std::shared_future<const Comparator*>& judge) {
  return judge.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// One ProfileAll: the images, their profiles and errors, and what the workers share.
class ProfileRun {
 public:
  ProfileRun(const std::vector<std::filesystem::path>& paths, const ProfileOptions& options)
      : paths_(paths),
        options_(options),
        profiles_(paths.size()),
        errors_(paths.size()),
        budget_(options.decode_memory_budget > 0 ? options.decode_memory_budget : DefaultDecodeBudget()) {}

  // One worker: takes the next image until none is left. Images profiled while the
  // judge loads wait in `waiting` (at most kAheadOfLoadingJudge) for it.
  void Work() {
    std::vector<std::pair<std::size_t, DecodedImage>> waiting;
    const Comparator* judge = options_.comparator;
    try {
      for (std::size_t i = next_++; i < paths_.size(); i = next_++) {
        std::optional<DecodedImage> image = DecodeAndProfile(i);
        if (!image) continue;
        if (judge == nullptr && options_.comparator_loading.valid()) {
          if (!Ready(options_.comparator_loading) && waiting.size() < kAheadOfLoadingJudge) {
            image->larger_view = nullptr;  // the faces are found: a raw's full pixels can go
            waiting.emplace_back(i, std::move(*image));
            continue;
          }
          judge = options_.comparator_loading.get();  // a judge that fails to load stops every worker
          for (auto& [w, view] : waiting) Complete(w, view, judge);
          waiting.clear();
        }
        Complete(i, *image, judge);
      }
      if (!waiting.empty()) judge = options_.comparator_loading.get();
      for (auto& [w, view] : waiting) Complete(w, view, judge);
    } catch (...) {
      next_ = paths_.size();  // the other workers stop too
      throw;
    }
  }

  ProfileSet Result() {
    ProfileSet set;
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (profiles_[i]) set.images.push_back(std::move(*profiles_[i]));
      if (errors_[i]) set.errors.push_back(std::move(*errors_[i]));
    }
    return set;
  }

 private:
  // Decodes image i and profiles it but for the judge; empty (the error noted) if either failed.
  std::optional<DecodedImage> DecodeAndProfile(std::size_t i) {
    const std::int64_t bytes = DecodeMemoryEstimate(paths_[i], options_.decode);
    budget_.Acquire(bytes);
    std::optional<DecodedImage> image;
    errors_[i] = Attempt(paths_[i], [&] {
      image = Decode(paths_[i], options_.decode);
      profiles_[i] = ForFile(paths_[i], [&] {
        return ProfileWithoutJudge(*image, paths_[i].string(), options_.perceptual_hash, options_.faces);
      });
    });
    budget_.Release(bytes);
    if (errors_[i]) {
      profiles_[i].reset();
      Progress();
      return std::nullopt;
    }
    return image;
  }

  // The judge's part of image i (none without a judge), then on_decoded.
  void Complete(std::size_t i, const DecodedImage& image, const Comparator* judge) {
    errors_[i] = Attempt(paths_[i], [&] {
      if (judge != nullptr) ForFile(paths_[i], [&] { judge->Prepare(image, *profiles_[i]); });
      if (options_.on_decoded) options_.on_decoded(profiles_[i]->path, image);
    });
    if (errors_[i]) profiles_[i].reset();
    Progress();
  }

  void Progress() {
    if (!options_.progress) return;
    std::lock_guard lock(progress_mutex_);
    options_.progress(++done_, paths_.size());
  }

  const std::vector<std::filesystem::path>& paths_;
  const ProfileOptions& options_;
  std::vector<std::optional<ImageProfile>> profiles_;
  std::vector<std::optional<InputError>> errors_;
  MemoryBudget budget_;
  std::atomic<std::size_t> next_{0};
  std::mutex progress_mutex_;
  std::size_t done_ = 0;
};

}  // namespace

ProfileSet ProfileAll(const std::vector<std::filesystem::path>& paths, const ProfileOptions& options) {
  ProfileRun run(paths, options);
  const std::size_t workers = std::min<std::size_t>(ResolveJobs(options.jobs), paths.size());
  ParallelFor(workers, unsigned(workers), [&](std::size_t) { run.Work(); });
  return run.Result();
}

}  // namespace versus::engine
