#include "versus/engine/install_layout.hpp"

#include <system_error>

namespace versus::engine {

namespace fs = std::filesystem;

fs::path ExecutableDirectory() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

fs::path InstalledFile(const fs::path& relative) {
  const fs::path bin = ExecutableDirectory();
  if (bin.empty()) return relative;
  return (bin / ".." / relative).lexically_normal();
}

}  // namespace versus::engine
