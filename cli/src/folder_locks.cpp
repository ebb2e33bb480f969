#include "folder_locks.hpp"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "versus/engine/error.hpp"

namespace versus::cli {

namespace fs = std::filesystem;

fs::path LockKey(const fs::path& folder) {
  std::error_code ec;
  fs::path existing = fs::absolute(folder, ec).lexically_normal();
  while (!fs::is_directory(existing, ec) && existing.has_relative_path()) existing = existing.parent_path();
  const fs::path real = fs::canonical(existing, ec);
  return ec ? existing : real;
}

void LockInOrder(const std::vector<fs::path>& folders, const std::function<void(const fs::path&)>& lock) {
  std::set<fs::path> keys;  // sorted: every versus locks in the same order
  for (const fs::path& folder : folders) keys.insert(LockKey(folder.empty() ? fs::path(".") : folder));
  for (const fs::path& key : keys) {
    try {
      lock(key);
    } catch (const engine::Error& e) {
      throw engine::Error(key.string(), key.string() + ": " + e.what());
    }
  }
}

std::vector<fs::path> FoldersOf(const std::vector<fs::path>& files) {
  std::vector<fs::path> folders;
  for (const fs::path& file : files) folders.push_back(file.has_parent_path() ? file.parent_path() : fs::path("."));
  return folders;
}

void FolderLocks::Lock(const std::vector<fs::path>& folders) {
  LockInOrder(folders, [this](const fs::path& key) {
    // A folder we cannot write (photos copied off a read-only card) cannot be changed
    // by us, and a lock file cannot be made there: reading it needs no lock.
    if (::access(key.c_str(), W_OK) != 0) return;
    if (!held_.contains(key)) held_.emplace(key, engine::FolderLock(key));
  });
}

bool FolderLocks::Holds(const fs::path& folder) const { return held_.contains(LockKey(folder)); }

}  // namespace versus::cli
