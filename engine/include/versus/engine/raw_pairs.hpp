#pragma once
/// Raw+JPEG pairs. A camera set to RAW+JPEG writes IMG_0001.CR2 and IMG_0001.JPG into
/// one folder: one photo in two files. versus judges the JPEG (the camera's
/// full-resolution rendering), and the raw is its companion: rated the same, moved and
/// put back with it.
///
/// A pair is a JPEG (.jpg/.jpeg, any case) and a camera raw (IsRawFile) in the same
/// folder whose names differ only in the suffix (IMG_0001 == IMG_0001, case-sensitive
/// as the camera wrote it). Hidden files are never companions.
#include <filesystem>
#include <map>
#include <vector>

namespace versus::engine {

/// By suffix: .jpg .jpeg .jpe in any case.
bool IsJpegFile(const std::filesystem::path& path);

/// The other files of each image's pair, as they are on disk now: for a JPEG, the raws
/// beside it with its base name; for a raw, the JPEGs. Images without any are left out
/// of the map. Each folder is listed once, however many images it holds.
std::map<std::filesystem::path, std::vector<std::filesystem::path>> FindCompanions(
    const std::vector<std::filesystem::path>& images);

/// FindCompanions for one image (sorted; empty if it has none).
std::vector<std::filesystem::path> CompanionsOf(const std::filesystem::path& image);

struct MergedPairs {
  std::vector<std::filesystem::path> files;  ///< the input, less each raw whose JPEG is in it too
  std::vector<std::filesystem::path> merged;  ///< the raws left out (judged through their JPEG)
};

/// One entry per photo: a raw whose JPEG companion is also among `files` is dropped
/// (order otherwise kept).
MergedPairs MergePairs(const std::vector<std::filesystem::path>& files);

}  // namespace versus::engine
