#pragma once
// Inside engine/src/metadata: the Exiv2 layer (xmp_fields.cpp, and for JPEG
// jpeg_xmp_packets.cpp over jpeg_xmp_splice.cpp) and the image-data check
// (image_data_check.cpp) that xmp_rating.cpp composes into RatingWriter.
#include <filesystem>
#include <string>

#include "versus/engine/xmp_rating.hpp"

namespace versus::engine::metadata {

/// Once per process: the XMP toolkit, versus's namespace, Exiv2's console output off.
void EnsureExiv2Started();

/// The whole file; throws engine::Error(label, reason) when it cannot be read.
std::string ReadFileBytes(const std::filesystem::path& path, const std::filesystem::path& label);
/// Replaces the content of the existing file `path` (a temp copy); throws
/// engine::Error(label, reason), "the disk is full" included.
void WriteFileBytes(const std::filesystem::path& path, const std::string& bytes, const std::filesystem::path& label);

/// Reads Xmp.xmp.Rating and the versus fields of `file` (an image or a sidecar).
/// Throws engine::Error(file, reason) for unreadable or corrupt metadata.
RatingSource ReadSource(const std::filesystem::path& file, bool sidecar);

/// Sets the rating and versus fields in the existing file `path` (image or sidecar),
/// leaving every other field as it was. JPEG: only the XMP segments change (spliced);
/// other formats: Exiv2 writes the file. `label` names the file in errors.
void WriteFields(const std::filesystem::path& path, const RatingValues& values, const std::filesystem::path& label);

/// Writes a new XMP sidecar at `path` holding only the rating and versus fields.
void WriteNewSidecar(const std::filesystem::path& path, const RatingValues& values,
                     const std::filesystem::path& label);

/// The Exiv2 image type of `path`'s content and whether Exiv2 can write XMP into it.
bool ExivCanWriteXmp(const std::filesystem::path& path);

/// Throws engine::Error(label, reason) unless `edited` holds the same image data as
/// `original`: for JPEG every byte outside the XMP segments (standard and extended),
/// so Exif, IPTC, ICC, comments and the scan; for other formats the decoded pixels (libvips). An edit that changed pixels
/// must never be renamed in.
void CheckImageDataUnchanged(const std::filesystem::path& edited, const std::filesystem::path& original,
                             const std::filesystem::path& label);

/// The content starts like a JPEG (SOI marker), whatever the name says.
bool IsJpeg(const std::filesystem::path& path);

}  // namespace versus::engine::metadata
