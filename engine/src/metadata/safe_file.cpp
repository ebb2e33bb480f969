// Atomic replacement and the folder lock. Every step that can fail is checked and
// reported with the file and the reason; a temp file is removed on every failure path
// (and by the next run's FolderLock if the process was killed).
#include "versus/engine/safe_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "versus/engine/error.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

std::string SystemReason(const std::string& what, int error) {
  if (error == ENOSPC || error == EDQUOT) return what + ": the disk is full";
  if (error == EROFS) return what + ": the file system is read-only";
  if (error == EACCES || error == EPERM) return what + ": permission denied (read-only or immutable?)";
  if (error == ENOENT) return what + ": the file vanished";
  return what + ": " + std::strerror(error);
}

[[noreturn]] void Fail(const fs::path& path, const std::string& what, int error = errno) {
  throw Error(path.string(), SystemReason(what, error));
}

void SyncFolder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Fail(folder, "cannot open the folder to sync it");
  const int rc = ::fsync(fd), error = errno;
  ::close(fd);
  // Some file systems refuse fsync on folders (EINVAL); the rename itself is done.
  if (rc != 0 && error != EINVAL) Fail(folder, "cannot sync the folder", error);
}

// A `.versus-tmp-XXXXXX` file in a folder, removed unless Commit() was called.
class TempFile {
 public:
  TempFile(const fs::path& folder, const fs::path& for_file) {
    std::string pattern = (folder / (std::string(kTempPrefix) + "XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) Fail(for_file, "cannot create a temp file beside it");
    path_ = pattern;
    fd_ = fd;
  }
  ~TempFile() {
    CloseFd();
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const fs::path& path() const { return path_; }
  int fd() const { return fd_; }
  void CloseFd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void Commit() { committed_ = true; }

 private:
  fs::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

void WriteAll(int fd, const char* data, std::size_t size, const fs::path& for_file) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(for_file, "cannot write its copy");
    data += n;
    size -= std::size_t(n);
  }
}

void CopyContents(const fs::path& from, int to_fd) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) Fail(from, "cannot read it");
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(in);
      Fail(from, "cannot read it", error);
    }
    if (n == 0) break;
    try {
      WriteAll(to_fd, buffer.data(), std::size_t(n), from);
    } catch (...) {
      ::close(in);
      throw;
    }
  }
  ::close(in);
}

// Gives the finished temp its final owner, mode and times, and makes it durable.
void FinishTemp(const fs::path& temp, const fs::path& for_file, const struct stat& like, bool keep_times,
                mode_t mode) {
  const int fd = ::open(temp.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) Fail(for_file, "cannot reopen its edited copy");
  auto check = [&](int rc, const char* what) {
    if (rc == 0) return;
    const int error = errno;
    ::close(fd);
    Fail(for_file, what, error);
  };
  // Owner first: chown clears set-id bits that chmod then restores.
  struct stat now{};
  check(::fstat(fd, &now), "cannot inspect its edited copy");
  if (now.st_uid != like.st_uid || now.st_gid != like.st_gid) {
    check(::fchown(fd, like.st_uid, like.st_gid), "cannot keep its owner and group");
  }
  check(::fchmod(fd, mode), "cannot keep its permissions");
  if (keep_times) {
    const struct timespec times[2] = {like.st_atim, like.st_mtim};
    check(::futimens(fd, times), "cannot keep its file times");
  }
  check(::fsync(fd), "cannot flush its edited copy to disk");
  check(::close(fd), "cannot close its edited copy");
}

// Test hook: VERSUS_TEST_WRITE_PAUSE_MS holds every finished temp file that long before
// it goes into place, so the kill test (tests/cli/rate_kill_test.cpp) can land kills in
// the moment that matters, between temp and rename. Unset in normal use.
void PauseBeforeRenameForTests() {
  static const long pause_ms = [] {
    const char* value = std::getenv("VERSUS_TEST_WRITE_PAUSE_MS");
    return value != nullptr ? std::atol(value) : 0L;
  }();
  if (pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
}

std::size_t RemoveStaleTemps(const fs::path& folder) {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kTempPrefix, 0) != 0 || !it->is_regular_file(ec)) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace

void CopyExtendedAttributes(const fs::path& from, const fs::path& to) {
  const ssize_t size = ::listxattr(from.c_str(), nullptr, 0);
  if (size <= 0) return;  // none, or no xattr support here
  std::vector<char> names(std::size_t(size) + 1);
  const ssize_t listed = ::listxattr(from.c_str(), names.data(), names.size());
  if (listed <= 0) return;
  for (const char* name = names.data(); name < names.data() + listed; name += std::strlen(name) + 1) {
    const ssize_t length = ::getxattr(from.c_str(), name, nullptr, 0);
    if (length < 0) continue;
    std::vector<char> value(std::size_t(length) + 1);
    const ssize_t got = ::getxattr(from.c_str(), name, value.data(), value.size());
    if (got >= 0) ::setxattr(to.c_str(), name, value.data(), std::size_t(got), 0);
  }
}

FolderLock::FolderLock(const fs::path& folder) : lock_path_(folder / kLockName) {
  // A finishing process unlinks the lock file after we opened it: then we hold a lock
  // on a file nobody else sees, so check that the locked file is still the named one.
  for (int attempt = 0; attempt < 20 && fd_ < 0; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) Fail(folder, "cannot create the lock file " + std::string(kLockName));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char pid[32] = {};
      const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
      ::close(fd);
      const std::string who = n > 0 ? "versus process " + std::string(pid, std::size_t(n)) : "another versus process";
      throw Error(folder.string(), "in use by " + who + " (lock " + lock_path_.string() +
                                       "); wait until it finishes, then run again");
    }
    struct stat held{}, named{};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      fd_ = fd;
    } else {
      ::close(fd);
    }
  }
  if (fd_ < 0) throw Error(folder.string(), "cannot take the lock " + lock_path_.string() + " (it keeps changing)");
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0) [[maybe_unused]] auto n = ::pwrite(fd_, pid.data(), pid.size(), 0);
  stale_temps_removed_ = RemoveStaleTemps(folder);
}

FolderLock::FolderLock(FolderLock&& other) noexcept
    : lock_path_(std::move(other.lock_path_)), fd_(other.fd_), stale_temps_removed_(other.stale_temps_removed_) {
  other.fd_ = -1;
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still locked, so no one locks a file about to go
  ::close(fd_);
}

void ReplaceFileAtomically(const fs::path& target, const FileEdit& edit, const EditCheck& check,
                           const ReplaceOptions& options) {
  std::error_code ec;
  const fs::path real = fs::canonical(target, ec);
  if (ec) Fail(target, "cannot find it", ec.value());
  struct stat st{};
  if (::stat(real.c_str(), &st) != 0) Fail(target, "cannot inspect it");
  if (!S_ISREG(st.st_mode)) throw Error(target.string(), "not a regular file");
  // Root may write anything; a file whose owner removed every write bit is read-only
  // by the user's intent, and versus respects that.
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || ::access(real.c_str(), W_OK) != 0) {
    throw Error(target.string(), "the file is read-only (left as it is; --target sidecar rates it beside the file)");
  }
  TempFile temp(real.parent_path(), target);
  CopyContents(real, temp.fd());
  temp.CloseFd();
  CopyExtendedAttributes(real, temp.path());
  edit(temp.path());
  if (check) check(temp.path(), real);
  FinishTemp(temp.path(), target, st, options.keep_times, st.st_mode & 07777);
  PauseBeforeRenameForTests();
  if (::rename(temp.path().c_str(), real.c_str()) != 0) Fail(target, "cannot put the edited copy in place");
  temp.Commit();
  SyncFolder(real.parent_path());
}

void CreateFileAtomically(const fs::path& target, const FileEdit& write, const fs::path& owner_like) {
  struct stat like{};
  if (::stat(owner_like.c_str(), &like) != 0) Fail(owner_like, "cannot inspect it");
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  TempFile temp(folder, target);
  temp.CloseFd();
  write(temp.path());
  // Owner-writable even beside a read-only image: the sidecar is for editors to update.
  FinishTemp(temp.path(), target, like, false, (like.st_mode & 0666) | S_IWUSR);
  PauseBeforeRenameForTests();
  // link() fails if the target appeared meanwhile; rename() would silently replace it.
  if (::link(temp.path().c_str(), target.c_str()) != 0) {
    if (errno == EEXIST) throw Error(target.string(), "appeared while versus was writing it; run again");
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP) Fail(target, "cannot put the new file in place");
    if (::access(target.c_str(), F_OK) == 0) throw Error(target.string(), "appeared while versus was writing it");
    if (::rename(temp.path().c_str(), target.c_str()) != 0) Fail(target, "cannot put the new file in place");
    temp.Commit();
  }
  SyncFolder(folder);
}

}  // namespace versus::engine
