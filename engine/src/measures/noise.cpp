// Noise: Immerkaer's fast estimator (1996) restricted to the flattest pixels, so
// texture is not mistaken for noise. Measured at native resolution, where noise lives.
#include <cmath>
#include <numbers>

#include <opencv2/imgproc.hpp>

#include "measures_pvt.hpp"

namespace versus::engine::measures {
namespace {

double TileNoiseSigma(const cv::Mat& grey) {
  if (grey.rows < 8 || grey.cols < 8) return 0.0;
  // Immerkaer's mask is the difference of two Laplacians: it cancels smooth structure.
  const cv::Mat mask = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
  cv::Mat response, gx, gy, gradient;
  cv::filter2D(grey, response, CV_32F, mask);
  response = cv::abs(response);
  cv::Sobel(grey, gx, CV_32F, 1, 0);
  cv::Sobel(grey, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, gradient);

  const cv::Rect inner(1, 1, grey.cols - 2, grey.rows - 2);
  std::vector<double> grads;
  grads.reserve(inner.area());
  for (int y = inner.y; y < inner.br().y; ++y) {
    const float* g = gradient.ptr<float>(y);
    for (int x = inner.x; x < inner.br().x; ++x) grads.push_back(g[x]);
  }
  // Flattest quarter of the tile: noise, not edges, dominates the response there.
  const double limit = Quantile(grads, 0.25);
  double sum = 0.0;
  std::size_t n = 0;
  for (int y = inner.y; y < inner.br().y; ++y) {
    const float* g = gradient.ptr<float>(y);
    const float* r = response.ptr<float>(y);
    for (int x = inner.x; x < inner.br().x; ++x) {
      if (g[x] <= limit) {
        sum += r[x];
        ++n;
      }
    }
  }
  if (n == 0) return 0.0;
  return std::sqrt(std::numbers::pi / 2.0) * (sum / double(n)) / 6.0;
}

}  // namespace

double Noise(const MeasureInput& in) {
  std::vector<double> per_tile;
  for (const cv::Mat& t : in.tiles_grey) per_tile.push_back(TileNoiseSigma(t));
  return std::log2(1.0 + Quantile(per_tile, 0.5));
}

}  // namespace versus::engine::measures
