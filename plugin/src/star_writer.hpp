#pragma once
/// Rank's "write stars to files": stars go into each image file's XMP (xmp:Rating)
/// through the same writer as `versus rate` (engine::RatingWriter, target auto:
/// embedded in JPEGs, else a darktable-style sidecar; atomic; every other tag kept; a
/// rating the user set is kept).
#include <filesystem>
#include <functional>
#include <string>

namespace versus::plugin {

/// Stores `stars` (1..5) as the rating of `image_file` and says what happened ("4 stars
/// written to …", or why it was left alone); throws engine::Error on failure.
using StarWriter = std::function<std::string(const std::filesystem::path& image_file, int stars)>;

/// The rating writer the front-ends use.
StarWriter RatingWriter();

}  // namespace versus::plugin
