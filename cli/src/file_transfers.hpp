#pragma once
// Moving or copying images (with their XMP sidecars) into folders without losing
// anything: names that clash get a suffix, every operation goes into an undo journal
// first, and a move across filesystems is copy + fsync + rename, then delete.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "folder_locks.hpp"
#include "versus/engine/profile.hpp"

namespace versus::cli {

/// Where one image should go: `folder/name` (name may differ from the image's own).
struct ImageDestination {
  std::filesystem::path image;
  std::filesystem::path folder;
  std::string name;
};

/// One file (image, sidecar or raw+JPEG companion) and where it will land.
struct PlannedTransfer {
  std::filesystem::path from;
  std::filesystem::path to;
  bool sidecar = false;
  bool companion = false;  ///< the other file of a raw+JPEG pair (engine/raw_pairs.hpp)
};

/// The sidecars an image has: `name.ext.xmp` (darktable) and `name.xmp` (Lightroom),
/// in either case of `.xmp`, that exist beside it.
std::vector<std::filesystem::path> SidecarsOf(const std::filesystem::path& image);

/// Every image and sidecar with a free target path. A clash with a file already in the
/// folder, or with another planned file, gets "-2", "-3"... before the extension, and
/// the image's sidecars follow its new name. The companions of a raw+JPEG pair
/// (IMG_1.JPG + IMG_1.CR2 beside it) travel with the image under its new base name,
/// sidecars included. A Lightroom sidecar shared by two images (IMG_1.CR2 + IMG_1.JPG)
/// travels with the first. An image already at its target
/// (a re-run on a sorted folder) is left alone. Paths are absolute.
std::vector<PlannedTransfer> PlanTransfers(const std::vector<ImageDestination>& destinations);

enum class TransferMode { kMove, kCopy };

struct TransferReport {
  std::size_t done = 0;
  std::vector<engine::InputError> errors;  ///< files that could not be moved/copied; the rest went on
  std::filesystem::path journal;           ///< empty if nothing was done
  bool refused = false;  ///< could not start (folder locked, journal not writable): nothing was done
};

/// Carries out the plan, journalling each step in `journal_folder` first, holding the
/// lock on it in `locks` (a second versus moving into the same folder stops with a
/// message). Leftover partial copies from an interrupted run are removed from the
/// target folders.
TransferReport ExecuteTransfers(const std::vector<PlannedTransfer>& plan, TransferMode mode,
                                const std::filesystem::path& journal_folder, FolderLocks& locks);

/// Prints "move A -> B" lines (for --dry-run and for the report).
void PrintPlan(const std::vector<PlannedTransfer>& plan, TransferMode mode, std::FILE* out);

/// Moves `from` to `to` without ever replacing an existing `to`: rename(2) with
/// RENAME_NOREPLACE, or across filesystems a copy to a hidden partial file, fsync,
/// rename, fsync of the folder, then unlinking the source. Keeps the mtime. Throws
/// std::runtime_error naming the path.
void MoveFile(const std::filesystem::path& from, const std::filesystem::path& to);
/// The same without deleting the source.
void CopyFile(const std::filesystem::path& from, const std::filesystem::path& to);

/// The hidden partial copy MoveFile/CopyFile make beside `to` (`.name.versus-partial`).
std::filesystem::path PartialPathFor(const std::filesystem::path& to);

/// What `sort` and `cull --action move` share: with `dry_run` prints the plan to
/// `plan_out` (stderr when stdout carries JSON) and changes nothing; otherwise carries
/// it out and tells stderr what was done and the journal to undo it with. `locks`: the
/// locks the command already holds (its source folders); else it locks here.
TransferReport CarryOut(const std::vector<PlannedTransfer>& plan, TransferMode mode,
                        const std::filesystem::path& journal_folder, bool dry_run, const char* command,
                        std::FILE* plan_out = stdout, FolderLocks* locks = nullptr);

}  // namespace versus::cli
