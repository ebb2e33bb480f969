#pragma once
// A small shoot on disk for the sort / cull --action move / undo tests, and snapshots
// of a folder (paths, bytes, mtimes) to prove a round trip restores everything.
#include <fcntl.h>
#include <sys/stat.h>

#include <map>

#include "cli_test_support.hpp"
#include "versus/engine/distortions.hpp"

namespace versus::testing {

namespace fs = std::filesystem;

struct FileState {
  std::string bytes;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileState&) const = default;
};

inline std::int64_t MtimeNs(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Every file under `root` (hidden ones included), relative path -> bytes and mtime.
inline std::map<std::string, FileState> Snapshot(const fs::path& root) {
  std::map<std::string, FileState> files;
  if (!fs::exists(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) files[e.path().lexically_relative(root).string()] = {ReadBytes(e.path()), MtimeNs(e.path())};
  }
  return files;
}

// Six photos of a blur/noise ladder, each with a darktable sidecar, one with a Lightroom
// one too, all with an old mtime (so a copy that forgot the time would show).
inline fs::path MakeShoot(const fs::path& parent) {
  const fs::path shoot = parent / "shoot";
  fs::create_directories(shoot);
  const cv::Mat scene = SyntheticScene(480, 360, 11);
  for (int i = 0; i < 6; ++i) {
    const std::string name = "img" + std::to_string(i) + ".jpg";
    const cv::Mat frame = i == 0 ? scene : engine::Distort(scene, i % 2 ? engine::Distortion::kBlur : engine::Distortion::kNoise, 1 + i / 2);
    cv::imwrite((shoot / name).string(), frame);
    WriteBytes(shoot / (name + ".xmp"), "<x:xmpmeta>" + name + "</x:xmpmeta>");
  }
  WriteBytes(shoot / "img0.xmp", "<x:xmpmeta>lightroom</x:xmpmeta>");
  for (const auto& e : fs::directory_iterator(shoot)) {
    const timespec t[2] = {{1'500'000'000, 123'456'789}, {1'500'000'000, 123'456'789}};
    ::utimensat(AT_FDCWD, e.path().c_str(), t, 0);
  }
  return shoot;
}

inline std::string JournalOf(const CommandResult& r) {
  const std::string key = "versus undo '";
  const auto at = r.err.find(key);
  if (at == std::string::npos) return "";
  return r.err.substr(at + key.size(), r.err.find('\'', at + key.size()) - at - key.size());
}

}  // namespace versus::testing
