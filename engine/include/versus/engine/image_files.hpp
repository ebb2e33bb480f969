#pragma once
/// Finding the images a user pointed at: files and folders, optionally recursive,
/// following symlinks but never looping.
#include <filesystem>
#include <vector>

#include "versus/engine/profile.hpp"

namespace versus::engine {

struct ImageFileList {
  std::vector<std::filesystem::path> files;  ///< sorted, each once
  std::vector<InputError> errors;            ///< missing paths, loops, unreadable folders
  std::size_t skipped = 0;                   ///< files in folders that are not images
  /// Named folders with no images of their own, searched recursively instead.
  std::vector<std::filesystem::path> searched_recursively;
};

/// Files named directly are always candidates (a bad one is reported when decoded).
/// In folders, files whose suffix is a known image type or a camera raw (IsRawFile)
/// are candidates; others are
/// kept only if libvips recognises their content, else counted in `skipped`. Hidden
/// files and XMP sidecars are ignored. A named folder with no images directly in it
/// is searched recursively even without `recursive` (see searched_recursively).
ImageFileList FindImages(const std::vector<std::filesystem::path>& inputs, bool recursive);

}  // namespace versus::engine
