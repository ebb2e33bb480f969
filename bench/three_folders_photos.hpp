#pragma once
// The photos of issue 19's three-folder check, written the same way by the test
// (tests/cli/anchors_cli_test.cpp) and the bench (anchors_folders.cpp): Kodak photos made
// small, blurred, noisy or crushed by JPEG. Header-only: OpenCV and the filesystem only.
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace versus::bench {

inline cv::Mat Small(const std::filesystem::path& kodak_dir, int kodak, int width) {
  char name[32];
  std::snprintf(name, sizeof name, "kodim%02d.png", kodak);
  const cv::Mat photo = cv::imread((kodak_dir / name).string(), cv::IMREAD_COLOR);
  if (photo.empty()) throw std::runtime_error((kodak_dir / name).string() + ": cannot read this Kodak photo");
  cv::Mat small;
  cv::resize(photo, small, cv::Size(width, width * photo.rows / photo.cols), 0, 0, cv::INTER_AREA);
  return small;
}

inline cv::Mat Blurred(const cv::Mat& photo, double sigma) {
  cv::Mat out;
  cv::GaussianBlur(photo, out, cv::Size(0, 0), sigma);
  return out;
}

inline void WriteJpeg(const std::filesystem::path& path, const cv::Mat& pixels, int quality) {
  cv::imwrite(path.string(), pixels, {cv::IMWRITE_JPEG_QUALITY, quality});
}

// As tests/cli/anchors_cli_test.cpp writes them (same photos, same degradations).
inline std::vector<std::filesystem::path> WriteTheTwenty(const std::filesystem::path& kodak_dir, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  std::vector<std::filesystem::path> out;
  for (int i = 0; i < 20; ++i) {
    cv::Mat photo = Small(kodak_dir, 1 + i, 256);
    if (i % 4 == 1) photo = Blurred(photo, 1.0 + i / 8.0);
    if (i % 4 == 2) {
      cv::Mat noise(photo.size(), CV_16SC3);
      cv::randn(noise, 0, 6.0 + i);
      photo.convertTo(photo, CV_16SC3);
      photo = photo + noise;
      photo.convertTo(photo, CV_8UC3);
    }
    out.push_back(folder / ("photo" + std::to_string(i) + ".jpg"));
    WriteJpeg(out.back(), photo, i % 4 == 3 ? 20 : 92);
  }
  return out;
}

inline std::vector<std::filesystem::path> WriteOthers(const std::filesystem::path& kodak_dir, const std::filesystem::path& folder, bool degraded) {
  std::filesystem::create_directories(folder);
  std::vector<std::filesystem::path> out;
  for (int i = 0; i < 100; ++i) {
    const cv::Mat photo = Small(kodak_dir, 1 + i % 24, 192 + 8 * (i / 24));
    if (degraded) {
      out.push_back(folder / ("other" + std::to_string(i) + ".jpg"));
      WriteJpeg(out.back(), Blurred(photo, 3.0 + i % 5), 10);
    } else {
      out.push_back(folder / ("other" + std::to_string(i) + ".png"));
      cv::imwrite(out.back().string(), photo);
    }
  }
  return out;
}

}  // namespace versus::bench
