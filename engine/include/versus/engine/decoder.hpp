#pragma once
/// Decoding: a file (or pixels from an editor) becomes a small working-size view for
/// global measures plus a few native-resolution tiles, because downscaling hides blur,
/// noise and JPEG blocking.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace versus::engine {

struct DecodeOptions {
  /// Long side of the working view, in pixels (shrink-on-load makes this cheap).
  int working_size = 512;
  /// Side of each native-resolution tile used for sharpness, noise and blocking.
  int tile_size = 256;
  /// How many native tiles to take from the central band of the image.
  int tile_count = 4;
  /// Refuse images with more pixels than this before decoding (decompression bombs).
  std::int64_t max_pixels = 250'000'000;
  /// Refuse images that can only be decoded whole (interlaced PNG, GIF: libvips cannot
  /// shrink them on load or read them in strips) when the whole image would take more
  /// bytes than this. Everything else is decoded in strips whatever its size.
  std::int64_t max_whole_decode_bytes = std::int64_t{512} << 20;
};

/// What the measures see of one image. Pixels are 8-bit sRGB, BGR order (OpenCV's),
/// alpha flattened against white.
struct DecodedImage {
  cv::Mat working;              ///< whole image, upright, long side <= working_size
  std::vector<cv::Mat> tiles;   ///< native-resolution crops (orientation not applied)
  int width = 0;                ///< full size, as stored in the file
  int height = 0;
  /// What was judged: "file" (the file's own pixels), "preview WxH" (a camera raw's
  /// largest embedded JPEG preview that decodes) or "raw data WxH" (the raw decoded by
  /// LibRaw, where no usable preview exists); width/height are then that picture's.
  std::string decoded_from = "file";
  /// A larger upright view of the whole image, long side at most `long_side` (never above
  /// the picture's own), made when called: the face measures read faces that are small
  /// in the working view from it, so a photo without people never pays for it. A JPEG's
  /// comes from its shrunk load kept from the working view's decode where that is large
  /// enough, else from the file read again at the smallest size that is; a raw's embedded
  /// JPEG from its bytes, kept. Empty where the source cannot be read again (an encoded
  /// picture other than a JPEG). Throws engine::Error.
  std::function<cv::Mat(int long_side)> larger_view;
};

/// Decodes `path` with libvips; camera raws (IsRawFile) from their largest embedded
/// preview that decodes, else with LibRaw (raw/raw_decode.hpp). Throws engine::Error naming the path and a reason a
/// person understands (empty file, not an image, truncated, too large, unreadable).
DecodedImage Decode(const std::filesystem::path& path, const DecodeOptions& options = {});

/// The same view made from an encoded picture in memory (a raw's embedded JPEG), with
/// shrink-on-load; `orientation` (Exif 1-8) turns the working view instead of any tag in
/// the buffer itself. `label` names it in errors. The buffer is read only during the call
/// (a JPEG's bytes are copied for its larger view).
DecodedImage DecodeEncoded(const void* data, std::size_t size, const std::string& label, int orientation,
                           const DecodeOptions& options = {});

/// The same view made from pixels already in memory (an editor's layer, a synthetic
/// distortion): `bgr` is CV_8UC3 (or CV_8UC1/CV_8UC4, converted) at native resolution.
DecodedImage FromPixels(const cv::Mat& bgr, const DecodeOptions& options = {});

/// Peak bytes a Decode() of `path` holds, estimated from its header alone (no pixels
/// read): the whole image for formats decoded whole, the coefficients of a progressive
/// JPEG, else a band of rows. 0 when the header cannot be read (Decode says why).
std::int64_t DecodeMemoryEstimate(const std::filesystem::path& path, const DecodeOptions& options = {});

/// True if libvips recognises the content of `path` as a picture (by content, not name).
bool IsImageFile(const std::filesystem::path& path);

/// libvips, loaded once per process. Safe to call from any thread, any number of times.
void EnsureVipsStarted();

}  // namespace versus::engine
