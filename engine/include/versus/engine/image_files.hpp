#pragma once
/// Finding the images a user pointed at: files and folders, optionally recursive,
/// never leaving the named folder through a symlink unless told, never looping.
#include <filesystem>
#include <string_view>
#include <vector>

#include "versus/engine/profile.hpp"

namespace versus::engine {

struct ImageFileList {
  std::vector<std::filesystem::path> files;  ///< sorted, each file once (however it was named)
  /// Missing paths, symlink loops, links leading outside a named folder, special files
  /// (FIFOs, sockets, devices), documents that are not raster images, folders with
  /// no images of their own but sub-folders when not recursive, unreadable folders.
  std::vector<InputError> errors;
  std::size_t skipped = 0;                   ///< files in folders that are not images
};

/// The raster format versus judges that the file's first bytes say it is ("JPEG",
/// "PNG", "TIFF", "WebP", "HEIF", "GIF", "BMP", "PNM", "JPEG XL", "JPEG 2000",
/// "OpenEXR", "FITS", "Radiance"), or "" (not one of them, or unreadable). One table in
/// image_files.cpp; camera raws are TIFF-based or recognised by their suffix (IsRawFile).
std::string_view RasterFormatOf(const std::filesystem::path& path);

/// Candidates are files whose content is a raster format (RasterFormatOf) and camera
/// raws by suffix (IsRawFile). A file that libvips reads but that is no raster image (a
/// PDF or SVG, whatever its name) is refused with a reason in `errors`. A file with an
/// image suffix or named directly whose content is unknown stays a candidate, so the
/// decoder says what is wrong with it (empty, truncated, corrupt). Other files in
/// folders are counted in `skipped`. Hidden files and XMP sidecars are ignored.
///
/// Without `recursive` only the named folders' own files are searched; a named folder
/// with no images of its own but with sub-folders is reported (add -r). With `recursive`, symlinks
/// inside a named folder are followed only while they stay inside it: one that leads
/// outside is reported and not followed unless `follow_links`. Paths named directly
/// are always followed. One file reached under several names (relative and absolute,
/// hard or symbolic links) is kept once, under the first name met.
/// With `read_file_links` a symlink to a single file outside is read all the same (for
/// commands that only read: rank, compare, cull without --action); links to folders
/// outside still need `follow_links`.
ImageFileList FindImages(const std::vector<std::filesystem::path>& inputs, bool recursive, bool follow_links = false,
                         bool read_file_links = false);

}  // namespace versus::engine
