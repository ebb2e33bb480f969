#pragma once
/// The seam for Rank's "write stars to files": stars go into each image file's XMP
/// (xmp:Rating) through the same code as `versus rate`. That writer is being built on
/// another branch; until it is wired in here, RatingWriter() is empty and the front-ends
/// hide the option rather than offer one that does nothing.
#include <filesystem>
#include <functional>

namespace versus::plugin {

/// Stores `stars` (1..5) as the rating of `image_file`; throws engine::Error on failure.
using StarWriter = std::function<void(const std::filesystem::path& image_file, int stars)>;

/// The rating writer of this build, or an empty function if it has none yet.
/// TO WIRE (coordinator): return a lambda that calls the `versus rate` XMP writer.
StarWriter RatingWriter();

}  // namespace versus::plugin
