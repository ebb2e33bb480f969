#include "folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace versus::cli {

FolderLock::FolderLock(const std::filesystem::path& folder) : path_(folder / ".versus-lock") {
  // The holder unlinks the file when done, so a lock taken on a file that was unlinked
  // meanwhile is worthless: retry until the locked file is the one at the path.
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(path_.string() + ": cannot create the lock: " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error("another versus is moving files into this folder (it holds .versus-lock); "
                               "try again when it has finished");
    }
    struct stat held {}, named {};
    if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      return;
    }
    ::close(fd_);
  }
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // while still holding it: the next taker re-checks the inode
  ::close(fd_);
}

}  // namespace versus::cli
