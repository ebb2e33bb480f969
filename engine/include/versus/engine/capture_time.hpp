#pragma once
/// When and with which camera body a photo was taken, from its EXIF metadata, for
/// grouping bursts: a burst is one body's frames in time order, so two cameras shooting
/// the same event are two sequences, not one.
#include <filesystem>
#include <optional>
#include <string>

namespace versus::engine {

struct CaptureInfo {
  /// Seconds since an arbitrary epoch (the camera's local clock read as UTC) from
  /// Exif.Photo.DateTimeOriginal plus SubSecTimeOriginal, so frames of a 10 fps burst
  /// stay apart. nullopt when the file has no such tag or its metadata cannot be read.
  std::optional<double> seconds;
  /// SubSecTimeOriginal was there: without it, frames of one second share a time.
  bool has_subseconds = false;
  /// The camera body: "Make Model #serial" (EXIF BodySerialNumber, maker-note or
  /// XMP aux:SerialNumber), else "Make Model", else "" (unknown).
  std::string body;
};

/// Reads metadata only (Exiv2; the pixels are never decoded). A missing or unreadable
/// tag is simply unknown, never an error: a photo without a time cannot join a burst.
CaptureInfo ReadCaptureInfo(const std::filesystem::path& path);

/// ReadCaptureInfo(path).seconds.
std::optional<double> CaptureTime(const std::filesystem::path& path);

/// The shutter-count part of a camera file name: 412 for "IMG_0412.JPG", 18644 for
/// "rejected-18644.jpg" (the last run of digits in the stem); nullopt without digits.
/// Orders photos that have no EXIF time, before their modification time does.
std::optional<long long> FileNameSequence(const std::filesystem::path& path);

}  // namespace versus::engine
