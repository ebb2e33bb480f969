#pragma once
/// Synthetic distortions with a known order, for fitting and checking judges:
/// level 0 is the pristine image, each higher level is strictly worse.
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

namespace versus::engine {

enum class Distortion { kBlur, kNoise, kJpeg, kOverexpose, kUnderexpose, kColourCast, kMotionBlur };

struct DistortionInfo {
  Distortion kind;
  std::string_view name;
  int levels;  ///< valid levels are 1..levels
};

const std::vector<DistortionInfo>& Distortions();

/// `bgr` (CV_8UC3) distorted by `kind` at `level` (1 = mildest). Deterministic for a
/// given `seed` (noise).
cv::Mat Distort(const cv::Mat& bgr, Distortion kind, int level, unsigned seed = 1);

}  // namespace versus::engine
