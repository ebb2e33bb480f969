#pragma once
// `versus report`'s thumbnails: small WebP pictures made from the working view that
// judging decodes anyway (engine::ProfileOptions::on_decoded), never from a second
// decode of the file.
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "versus/engine/decoder.hpp"

namespace versus::cli {

struct Thumbnail {
  std::string webp;  ///< encoded bytes
  int width = 0;
  int height = 0;
};

/// Thumbnails by image path, filled from the profiling workers.
class ThumbnailStore {
 public:
  /// `long_side`: pixels of the thumbnail's long side (never more than the working view's).
  explicit ThumbnailStore(int long_side) : long_side_(long_side) {}

  /// Encodes `image.working` (thread-safe). A picture libvips cannot encode gets no
  /// thumbnail (the page shows a placeholder): a photo judged is never lost over it.
  void Add(const std::string& path, const engine::DecodedImage& image);

  /// The thumbnail of `path`, or nullptr.
  const Thumbnail* Find(const std::string& path) const;

 private:
  int long_side_;
  mutable std::mutex mutex_;
  std::map<std::string, Thumbnail> thumbnails_;
};

/// Standard base64 (RFC 4648), as data: URLs take it.
std::string Base64(std::string_view bytes);

}  // namespace versus::cli
