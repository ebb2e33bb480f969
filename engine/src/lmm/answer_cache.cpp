// The answer cache: a model call costs seconds of GPU time, so every answer is kept and
// a rerun over the same photos (same model, same question) asks nothing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <random>

#include "lmm_pvt.hpp"
#include "versus/engine/lmm_comparator.hpp"

namespace versus::engine::lmm {
namespace {

namespace fs = std::filesystem;

fs::path EntryPath(const fs::path& dir, const std::string& key) { return dir / key.substr(0, 2) / (key + ".json"); }

// Writes `bytes` to `path` via a uniquely named temporary file in the same folder.
bool WriteAtomically(const fs::path& path, const std::string& bytes) {
  std::random_device random;
  const fs::path temp = path.parent_path() / ("." + path.filename().string() + "." + std::to_string(random()) + ".tmp");
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  std::error_code ec;
  if (ok) fs::rename(temp, path, ec);
  if (!ok || ec) fs::remove(temp, ec);
  return ok && !ec;
}

// Makes `dir` and any missing parent, each new folder 0700 (the user's umask cannot
// widen it: mkdir's mode is only ever narrowed).
bool MakePrivateFolders(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return true;
  if (dir.has_parent_path() && dir.parent_path() != dir && !MakePrivateFolders(dir.parent_path())) return false;
  return ::mkdir(dir.c_str(), 0700) == 0 || (errno == EEXIST && fs::is_directory(dir, ec));
}

// Folders 0700, files 0600: caches written by earlier versions were world-readable.
// Symbolic links are neither followed nor changed.
void TightenPermissions(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_symlink(dir, ec) || !fs::is_directory(dir, ec)) return;
  ::chmod(dir.c_str(), 0700);
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_symlink(ec)) continue;
    ::chmod(it->path().c_str(), it->is_directory(ec) ? 0700 : 0600);
  }
}

}  // namespace

AnswerCache::AnswerCache(fs::path dir) : dir_(std::move(dir)) {
  if (!dir_.empty()) TightenPermissions(dir_);
}

std::optional<nlohmann::json> AnswerCache::Load(const std::string& key) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = memory_.find(key); it != memory_.end()) return it->second;
  }
  if (dir_.empty()) return std::nullopt;
  // An entry larger than any reply versus accepts was not written by it (or by an older
  // versus that had no limit): a miss, never gigabytes parsed.
  std::error_code ec;
  const auto size = fs::file_size(EntryPath(dir_, key), ec);
  if (ec || size > kMaxReplyBytes) return std::nullopt;
  std::ifstream in(EntryPath(dir_, key));
  if (!in) return std::nullopt;
  nlohmann::json value = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

void AnswerCache::Store(const std::string& key, const nlohmann::json& value) const {
  {
    std::lock_guard lock(mutex_);
    memory_[key] = value;
  }
  if (dir_.empty()) return;
  const fs::path path = EntryPath(dir_, key);
  if (MakePrivateFolders(path.parent_path())) {
    WriteAtomically(path, value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
}

}  // namespace versus::engine::lmm

namespace versus::engine {

std::filesystem::path DefaultLmmCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg != nullptr && xdg[0] == '/') return std::filesystem::path(xdg) / "versus" / "lmm";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::filesystem::path(home) / ".cache" / "versus" / "lmm";
  return {};
}

}  // namespace versus::engine
