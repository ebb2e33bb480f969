#pragma once
/// Changing a user's files without ever losing one: a folder lock so two versus
/// processes never edit one folder at once, and atomic replacement (edit a copy in the
/// same folder, fsync, rename over, fsync the folder), so a crash or a kill at any
/// moment leaves either the old file or the new one, never a mix.
#include <filesystem>
#include <functional>
#include <string_view>

namespace versus::engine {

/// Names of what versus may leave in a folder for a moment. Both start with a dot, so
/// FindImages and file browsers skip them.
inline constexpr std::string_view kTempPrefix = ".versus-tmp-";
inline constexpr std::string_view kLockName = ".versus.lock";

/// Holds `<folder>/.versus.lock` (flock) while alive and removes it afterwards. On
/// taking the lock it removes `.versus-tmp-*` files a killed run left behind: no live
/// process can own them once the lock is ours. Throws engine::Error(folder, reason)
/// when another process holds the lock ("in use by versus process N") or the folder
/// cannot be written.
class FolderLock {
 public:
  explicit FolderLock(const std::filesystem::path& folder);
  ~FolderLock();
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&&) = delete;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  /// Temp files of an interrupted run removed when the lock was taken.
  std::size_t stale_temps_removed() const { return stale_temps_removed_; }

 private:
  std::filesystem::path lock_path_;
  int fd_ = -1;
  std::size_t stale_temps_removed_ = 0;
};

struct ReplaceOptions {
  /// Keep the replaced file's access and modification times (false: they become now).
  bool keep_times = true;
};

/// Called with the temp file to change in place; throws to abandon the replacement.
using FileEdit = std::function<void(const std::filesystem::path& temp)>;
/// Called with the edited temp and the original: throws engine::Error if the edit
/// changed something it must not have (the replacement is then abandoned).
using EditCheck = std::function<void(const std::filesystem::path& temp, const std::filesystem::path& original)>;

/// Replaces the existing regular file `target` atomically by an edited copy: copy to
/// `.versus-tmp-XXXXXX` in the same folder, `edit(temp)`, `check(temp, target)`, give
/// it the original's mode, owner and (unless told otherwise) times, fsync, rename over
/// `target`, fsync the folder. A symlink is followed: the file it points to is replaced.
/// On any failure the temp is removed, `target` is untouched, and engine::Error(target,
/// reason) says why (read-only file, disk full, vanished, ...).
void ReplaceFileAtomically(const std::filesystem::path& target, const FileEdit& edit, const EditCheck& check = {},
                           const ReplaceOptions& options = {});

/// Creates `target`, which must not exist, atomically: `write(temp)` fills a temp in
/// the same folder, which is fsynced and linked into place only if `target` still does
/// not exist. Owner and group are taken from `owner_like` (a sidecar belongs to whoever
/// owns the image, even when versus runs as root), its mode minus execute bits plus
/// owner-write.
void CreateFileAtomically(const std::filesystem::path& target, const FileEdit& write,
                          const std::filesystem::path& owner_like);

/// Copies the extended attributes of `from` onto `to` (user.* tags, Finder/KDE
/// comments, ...): those `to` may carry; attributes this process may not set
/// (security.*, trusted.* without privileges) or a file system without xattrs are
/// skipped silently, as cp --preserve=xattr does. Used by every rewrite and copy.
void CopyExtendedAttributes(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace versus::engine
