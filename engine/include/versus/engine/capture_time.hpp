#pragma once
/// When a photo was taken, from its EXIF metadata, for grouping bursts.
#include <filesystem>
#include <optional>

namespace versus::engine {

/// Seconds since an arbitrary epoch (the camera's local clock read as UTC) from
/// Exif.Photo.DateTimeOriginal plus SubSecTimeOriginal, so frames of a 10 fps burst stay
/// apart. nullopt when the file has no such tag or its metadata cannot be read: a photo
/// without a time simply cannot join a burst by time (never an error).
std::optional<double> CaptureTime(const std::filesystem::path& path);

}  // namespace versus::engine
