#pragma once
// One versus at a time per folder. Every command that changes files (rate, sort, cull
// with --action, undo) locks every folder it reads photos from or writes to --
// sources as well as targets -- before it starts, all in one fixed order (sorted real
// paths), so two commands on overlapping folders never both run: the second stops at
// once with "in use by versus process N" and changes nothing. Read-only commands
// (rank, compare, cull without --action) take no lock, so they work on read-only media.
#include <filesystem>
#include <functional>
#include <map>
#include <vector>

#include "versus/engine/safe_file.hpp"

namespace versus::cli {

/// The folder a lock for `folder` is taken on: its real path (symlinks resolved), or
/// for a folder not made yet the nearest existing folder above it.
std::filesystem::path LockKey(const std::filesystem::path& folder);

/// Calls `lock` on the LockKey of each folder, each once, in sorted order. An
/// engine::Error from `lock` is rethrown with the folder at the start of its message.
void LockInOrder(const std::vector<std::filesystem::path>& folders,
                 const std::function<void(const std::filesystem::path&)>& lock);

/// The folders of the given files (parent paths).
std::vector<std::filesystem::path> FoldersOf(const std::vector<std::filesystem::path>& files);

/// engine::FolderLock on many folders, held until destroyed.
class FolderLocks {
 public:
  /// Locks every folder not held yet (LockInOrder). Throws engine::Error.
  void Lock(const std::vector<std::filesystem::path>& folders);
  /// True if the folder's lock is held here (then a FolderLock of our own on it would
  /// conflict with ourselves: flock locks belong to the open file).
  bool Holds(const std::filesystem::path& folder) const;

 private:
  std::map<std::filesystem::path, engine::FolderLock> held_;
};

}  // namespace versus::cli
