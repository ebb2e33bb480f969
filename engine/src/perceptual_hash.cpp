// Perceptual hashes with OpenCV img_hash on the already-decoded working view, so
// grouping costs no second decode.
#include "versus/engine/perceptual_hash.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/img_hash.hpp>

namespace versus::engine {
namespace {

constexpr double kMomentFloor = 1e-12;

}  // namespace

PerceptualHash HashImage(const cv::Mat& image) {
  cv::Mat bgr;
  if (image.channels() == 1) {
    cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
  } else if (image.channels() == 4) {
    cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
  } else {
    bgr = image;
  }
  PerceptualHash hash;
  cv::Mat dct, moments;
  cv::img_hash::pHash(bgr, dct);
  cv::img_hash::colorMomentHash(bgr, moments);
  std::copy_n(dct.ptr<std::uint8_t>(), hash.dct.size(), hash.dct.begin());
  // Hu moments span ~20 orders of magnitude (1e-3 .. 1e-21), so the raw L2 distance is
  // the first moment's alone: compare log10 magnitudes, floored at kMomentFloor where
  // the high-order moments are noise (their sign flips between near-identical images).
  const double* raw = moments.ptr<double>();
  for (std::size_t i = 0; i < hash.colour_moments.size(); ++i) {
    hash.colour_moments[i] = std::log10(std::max(std::abs(raw[i]), kMomentFloor));
  }
  hash.valid = true;
  return hash;
}

int DctDistance(const PerceptualHash& a, const PerceptualHash& b) {
  int bits = 0;
  for (std::size_t i = 0; i < a.dct.size(); ++i) bits += std::popcount(static_cast<unsigned>(a.dct[i] ^ b.dct[i]));
  return bits;
}

double ColourMomentDistance(const PerceptualHash& a, const PerceptualHash& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.colour_moments.size(); ++i) {
    const double d = a.colour_moments[i] - b.colour_moments[i];
    sum += d * d;
  }
  return std::sqrt(sum);
}

double Similarity(const PerceptualHash& a, const PerceptualHash& b) {
  if (!a.valid || !b.valid) return 0.0;
  const double by_dct = 1.0 - DctDistance(a, b) / kDctScaleBits;
  const double by_colour = 1.0 - ColourMomentDistance(a, b) / kColourScale;
  return std::clamp(std::max(by_dct, by_colour), 0.0, 1.0);
}

}  // namespace versus::engine
