#pragma once
// A band of full-resolution rows of a JPEG, read with libjpeg-turbo directly: the rows
// above the band are entropy-decoded and skipped (jpeg_skip_scanlines), never
// inverse-transformed, upsampled or converted to colour, and reading stops after the
// band. libvips's sequential read (what the decoder did before) runs the whole pipeline
// on every row above the band: for a band at the middle of a 24 MP photo that is about
// half a full decode spent on rows nobody looks at.
#include <cstddef>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

namespace versus::engine::jpeg {

/// Rows [top, top + rows) of a JPEG file at full resolution as 8-bit BGR, the same
/// pixels libvips gives for them (same libjpeg, default decompression settings). Empty
/// (nothing thrown) for anything this fast path does not cover the same way libvips
/// does: not a JPEG, not 3-component YCbCr/RGB (grey, CMYK, YCCK), a scaled or
/// unusual header, or any libjpeg warning or error on the way (corrupt or truncated
/// data): the caller then reads the band with libvips, which reports what is wrong.
std::optional<cv::Mat> ReadBand(const std::string& file, int top, int rows);

/// The same for a JPEG in memory (a raw's embedded preview).
std::optional<cv::Mat> ReadBand(const void* data, std::size_t size, int top, int rows);

}  // namespace versus::engine::jpeg
