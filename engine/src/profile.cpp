// Profiling many images on a few threads: each worker decodes, measures and drops the
// pixels before taking the next file, so memory stays at one image per thread.
#include "versus/engine/profile.hpp"

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include <opencv2/core/utility.hpp>

#include "versus/engine/comparator.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"

namespace versus::engine {

ImageProfile Profile(const DecodedImage& image, std::string label, const Comparator* comparator,
                     bool perceptual_hash) {
  ImageProfile profile;
  profile.path = std::move(label);
  profile.width = image.width;
  profile.height = image.height;
  profile.decoded_from = image.decoded_from;
  profile.measures = Measure(image);
  if (comparator != nullptr) comparator->Prepare(image, profile);
  if (perceptual_hash) profile.hash = HashImage(image.working);
  return profile;
}

ImageProfile Profile(const std::filesystem::path& path, const DecodeOptions& options, const Comparator* comparator,
                     bool perceptual_hash) {
  const DecodedImage image = Decode(path, options);
  try {
    return Profile(image, path.string(), comparator, perceptual_hash);
  } catch (const Error& e) {
    throw Error(path.string(), e.what());
  } catch (const cv::Exception& e) {
    throw Error(path.string(), std::string("could not measure: ") + e.what());
  }
}

ProfileSet ProfileAll(const std::vector<std::filesystem::path>& paths, const ProfileOptions& options) {
  const std::size_t total = paths.size();
  std::vector<std::optional<ImageProfile>> profiles(total);
  std::vector<std::optional<InputError>> errors(total);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;

  auto work = [&] {
    // One image per thread at a time: OpenCV must not start threads of its own.
    cv::setNumThreads(1);
    for (std::size_t i = next++; i < total; i = next++) {
      try {
        profiles[i] = Profile(paths[i], options.decode, options.comparator, options.perceptual_hash);
      } catch (const Error& e) {
        errors[i] = InputError{paths[i].string(), e.what()};
      } catch (const std::exception& e) {
        errors[i] = InputError{paths[i].string(), std::string("unexpected failure: ") + e.what()};
      }
      if (options.progress) {
        std::lock_guard lock(progress_mutex);
        options.progress(++done, total);
      }
    }
  };

  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, total)));
  {
    std::vector<std::jthread> workers;
    for (unsigned j = 1; j < jobs; ++j) workers.emplace_back(work);
    work();
  }

  ProfileSet set;
  for (std::size_t i = 0; i < total; ++i) {
    if (profiles[i]) set.images.push_back(std::move(*profiles[i]));
    if (errors[i]) set.errors.push_back(std::move(*errors[i]));
  }
  return set;
}

}  // namespace versus::engine
