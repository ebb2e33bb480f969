// The answer cache: a model call costs seconds of GPU time, so every answer is kept and
// a rerun over the same photos (same model, same question) asks nothing.
#include <fcntl.h>
#include <unistd.h>

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
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  std::error_code ec;
  if (ok) fs::rename(temp, path, ec);
  if (!ok || ec) fs::remove(temp, ec);
  return ok && !ec;
}

}  // namespace

AnswerCache::AnswerCache(fs::path dir) : dir_(std::move(dir)) {}

std::optional<nlohmann::json> AnswerCache::Load(const std::string& key) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = memory_.find(key); it != memory_.end()) return it->second;
  }
  if (dir_.empty()) return std::nullopt;
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
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (!ec) WriteAtomically(path, value.dump(2) + "\n");
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
