#pragma once
// One versus at a time moving files into a folder: an flock(2) on DIR/.versus-lock,
// removed again on release so nothing is left behind.
#include <filesystem>

namespace versus::cli {

class FolderLock {
 public:
  /// Takes the lock or throws std::runtime_error saying another versus holds it.
  explicit FolderLock(const std::filesystem::path& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace versus::cli
