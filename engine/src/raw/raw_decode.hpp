#pragma once
// Camera raws (private to the engine): what Decode() judges of a CR2, NEF, ARW, DNG...
//
//   raw file --Exiv2 PreviewManager--> embedded previews, largest first
//            --DecodeEncoded (libvips, shrink-on-load, turned as the raw's Exif says)-->
//            first one that decodes and is not a thumbnail: DecodedImage "preview WxH"
//   none usable --LibRaw (data present? unpack, not all zeros, demosaic)--> "raw data WxH"
//   neither --> engine::Error naming both reasons (a metadata-only or truncated copy)
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "versus/engine/decoder.hpp"

namespace versus::engine::raw {

/// Previews whose long side is under this are thumbnails (160x120, 8x8 dummies): too
/// small to say anything about sharpness or noise, so they are never judged.
inline constexpr int kMinPreviewLongSide = 512;

/// Raws above this many pixels are demosaiced at half size (LibRaw half_size): a quarter
/// of the work, and one output pixel per Bayer quad is still native detail.
inline constexpr std::int64_t kHalfSizeAbovePixels = 16'000'000;

/// The raw's judged view (see above). Throws engine::Error(path, reason).
DecodedImage DecodeRaw(const std::filesystem::path& path, const DecodeOptions& options);

/// The largest embedded preview that decodes and is at least kMinPreviewLongSide, with
/// decoded_from set; nullopt with `why_not` saying what was found instead.
std::optional<DecodedImage> DecodeLargestPreview(const std::filesystem::path& path, const DecodeOptions& options,
                                                 std::string& why_not);

/// The raw data demosaiced by LibRaw: 8-bit BGR, upright. Throws engine::Error(reason)
/// when the data is missing, cut off or all zeros (LibRaw itself says OK on such files).
cv::Mat DecodeRawData(const std::filesystem::path& path, std::int64_t max_pixels);

}  // namespace versus::engine::raw
