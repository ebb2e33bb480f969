// Sharpness: how much fine detail survives. Variance of the Laplacian is the classic
// focus measure; the fine/coarse ratio makes it less dependent on scene content.
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "measures_pvt.hpp"

namespace versus::engine {

double LaplacianVariance(const cv::Mat& image) {
  cv::Mat grey, lap;
  if (image.channels() == 3) cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  else grey = image;
  cv::Laplacian(grey, lap, CV_32F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(lap, mean, stddev);
  return stddev[0] * stddev[0];
}

}  // namespace versus::engine

namespace versus::engine::measures {
namespace {

double MeanAbsLaplacian(const cv::Mat& grey) {
  cv::Mat lap;
  cv::Laplacian(grey, lap, CV_32F);
  return cv::mean(cv::abs(lap))[0];
}

}  // namespace

double Sharpness(const MeasureInput& in) {
  std::vector<double> per_tile;
  for (const cv::Mat& t : in.tiles_grey) per_tile.push_back(std::log10(1.0 + LaplacianVariance(t)));
  // Upper quartile: the in-focus part of the frame decides, not a bokeh background.
  return Quantile(per_tile, 0.75);
}

double SharpnessDetail(const MeasureInput& in) {
  std::vector<double> per_tile;
  for (const cv::Mat& t : in.tiles_grey) {
    if (t.rows < 8 || t.cols < 8) continue;
    cv::Mat coarse;
    cv::resize(t, coarse, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    // Blur removes the finest scale first: the fine/coarse ratio falls as it grows.
    const double fine = MeanAbsLaplacian(t) + 0.05;
    const double rough = MeanAbsLaplacian(coarse) + 0.05;
    per_tile.push_back(std::log2(fine / rough));
  }
  return Quantile(per_tile, 0.75);
}

double SharpnessWorking(const MeasureInput& in) { return std::log10(1.0 + LaplacianVariance(in.working_grey)); }

}  // namespace versus::engine::measures
