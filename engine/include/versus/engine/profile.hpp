#pragma once
/// Profiling: decode and measure each image once, in parallel, keeping only the small
/// per-image state (never the pixels), so 10,000 photos fit in memory.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "versus/engine/decoder.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/faces.hpp"
#include "versus/engine/perceptual_hash.hpp"

namespace versus::engine {

class Comparator;

/// What one judge keeps for one image from Prepare (the lmm judge: its encoded payload),
/// a type of that judge's own; the measures and the learned embedding have fields below.
struct PreparedImage {
  virtual ~PreparedImage() = default;
};

/// Everything a comparator needs to know about one image after decoding.
struct ImageProfile {
  std::string path;
  int width = 0;
  int height = 0;
  std::vector<double> measures;  ///< aligned with MeasureTable()
  std::vector<float> embedding;  ///< comparator-specific (learned judges); empty otherwise
  std::shared_ptr<const PreparedImage> prepared;  ///< the preparing judge's own state; may be null
  PerceptualHash hash;           ///< near-duplicate hash; valid only if asked for (cull)
  std::string decoded_from = "file";     ///< DecodedImage::decoded_from ("preview WxH" for raws)
  std::vector<std::string> companions;   ///< the other files of a raw+JPEG pair (raw_pairs.hpp)
  std::vector<Face> faces;               ///< faces found (faces.hpp); empty unless asked for
  bool faces_read = false;               ///< whether faces were looked for at all
};

struct ProfileOptions {
  DecodeOptions decode;
  /// If set, its Prepare() adds what it needs (e.g. an embedding) to each profile.
  const Comparator* comparator = nullptr;
  /// Instead of `comparator`: the judge while it is still being made on another thread
  /// (a learned judge loads LibTorch and its networks, about a second on one core).
  /// Each worker decodes, measures and finds the faces of up to a few images meanwhile,
  /// keeping their small decoded views, and waits for the judge only to Prepare them, so
  /// the load overlaps the first decodes. If making the judge throws, ProfileAll throws
  /// that (after the workers stop), as if the judge had failed before profiling.
  std::shared_future<const Comparator*> comparator_loading;
  /// Worker threads; 0 = one per core.
  unsigned jobs = 0;
  /// Bytes the decodes in flight may hold together (DecodeMemoryEstimate of each, read
  /// from its header): a worker waits while its image would exceed it, so a few huge
  /// images are decoded one or two at a time and ordinary photos all in parallel. An
  /// image over the budget on its own is decoded alone. 0 = a quarter of physical memory,
  /// at most 4 GiB.
  std::int64_t decode_memory_budget = 0;
  /// Also hash the working view (PerceptualHash), for near-duplicate grouping.
  bool perceptual_hash = false;
  /// If set, faces and their eyes are looked for (ImageProfile::faces).
  const FaceFinder* faces = nullptr;
  /// Called after each image (from a worker thread, serialised): done, total.
  std::function<void(std::size_t done, std::size_t total)> progress;
  /// Called with each image that profiled, before its pixels are dropped (from its worker
  /// thread, concurrently; `path` is the profile's): a caller keeps a small derivative of
  /// the working view — `versus report`'s thumbnails — without decoding the file again.
  std::function<void(const std::string& path, const DecodedImage& image)> on_decoded;
};

struct ProfileSet {
  std::vector<ImageProfile> images;  ///< in input order, failures left out
  std::vector<InputError> errors;    ///< in input order
};

/// Decodes and measures one file; throws engine::Error.
ImageProfile Profile(const std::filesystem::path& path, const DecodeOptions& options = {},
                     const Comparator* comparator = nullptr, bool perceptual_hash = false,
                     const FaceFinder* faces = nullptr);
/// The same for pixels already in memory; `label` becomes the profile's path.
ImageProfile Profile(const DecodedImage& image, std::string label, const Comparator* comparator = nullptr,
                     bool perceptual_hash = false, const FaceFinder* faces = nullptr);

/// Profiles every file on `options.jobs` threads. Never throws for a bad file: it is
/// reported in `errors` and the rest go on.
ProfileSet ProfileAll(const std::vector<std::filesystem::path>& paths, const ProfileOptions& options);

}  // namespace versus::engine
