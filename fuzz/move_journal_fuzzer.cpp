// The undo journal `versus undo` reads (cli/src/move_journal.cpp): any bytes give
// operations or a std::runtime_error naming the line. The journal is read from a file,
// so each input goes through an in-memory one (memfd), never the disk.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "move_journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const int fd = ::memfd_create("journal", MFD_CLOEXEC);
  if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  try {
    versus::cli::ReadJournal("/proc/self/fd/" + std::to_string(fd));
  } catch (const std::runtime_error&) {
  }
  return 0;
}
