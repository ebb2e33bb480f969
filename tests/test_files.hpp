#pragma once
// Test fixtures shared by the engine and CLI tests: a private temp folder and the
// images (good and bad) the tests make for themselves.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace versus::testing {

namespace fs = std::filesystem;

/// A fresh folder under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "versus-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

inline fs::path SharedData() { return fs::path(VERSUS_SHARED_DIR) / "data"; }
inline fs::path KodakPhoto(int n) {
  char name[32];
  std::snprintf(name, sizeof name, "kodim%02d.png", n);
  return SharedData() / "photos" / "kodak24" / name;
}

/// A detailed synthetic scene (shapes and fine texture), deterministic per seed.
inline cv::Mat SyntheticScene(int width = 640, int height = 480, unsigned seed = 7) {
  cv::Mat img(height, width, CV_8UC3, cv::Scalar(120, 130, 140));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> x(0, width), y(0, height), c(0, 255), r(5, 60);
  for (int i = 0; i < 150; ++i) {
    cv::circle(img, {x(rng), y(rng)}, r(rng), cv::Scalar(c(rng), c(rng), c(rng)), -1, cv::LINE_AA);
    cv::line(img, {x(rng), y(rng)}, {x(rng), y(rng)}, cv::Scalar(c(rng), c(rng), c(rng)), 1 + i % 3, cv::LINE_AA);
  }
  return img;
}

inline void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

inline std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// A PNG whose header claims width x height but carries almost no data: decoding it
/// naively would allocate gigabytes.
inline void WritePngBomb(const fs::path& path, std::uint32_t width, std::uint32_t height) {
  cv::Mat tiny(1, 1, CV_8UC3, cv::Scalar(0, 0, 0));
  std::vector<uchar> png;
  cv::imencode(".png", tiny, png);
  // IHDR data starts at byte 16: width then height, big-endian; its CRC (over the
  // chunk type and data, bytes 12..28) is recomputed, as a crafted file would have it.
  for (int i = 0; i < 4; ++i) {
    png[16 + i] = uchar(width >> (24 - 8 * i));
    png[20 + i] = uchar(height >> (24 - 8 * i));
  }
  std::uint32_t crc = 0xFFFFFFFFu;
  for (int i = 12; i < 29; ++i) {
    crc ^= png[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  crc ^= 0xFFFFFFFFu;
  for (int i = 0; i < 4; ++i) png[29 + i] = uchar(crc >> (24 - 8 * i));
  WriteBytes(path, std::string(png.begin(), png.end()));
}

/// Runs a shell command, returns its exit status and stdout (stderr to `stderr_out`).
struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline CommandResult RunCommand(const std::string& command) {
  TempDir scratch;
  const fs::path out = scratch / "out", err = scratch / "err";
  const std::string full = command + " > '" + out.string() + "' 2> '" + err.string() + "' < /dev/null";
  const int raw = std::system(full.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, ReadBytes(out), ReadBytes(err)};
}

}  // namespace versus::testing
