// Exposure: clipped highlights and shadows, where the mid-tones sit, and contrast.
// Clipping is reported as log2(1 + percent): the first few percent matter most, and the
// judge's model is linear in the measures.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "measures_pvt.hpp"

namespace versus::engine::measures {

double HighlightClipping(const MeasureInput& in) {
  const cv::Mat& bgr = in.image.working;
  std::size_t clipped = 0;
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      if (std::max({row[x][0], row[x][1], row[x][2]}) >= 250) ++clipped;
    }
  }
  return std::log2(1.0 + 100.0 * double(clipped) / double(std::max<std::size_t>(1, bgr.total())));
}

double ShadowClipping(const MeasureInput& in) {
  cv::Mat dark;
  cv::compare(in.working_grey, 5.5, dark, cv::CMP_LE);
  return std::log2(1.0 + 100.0 * cv::countNonZero(dark) / double(std::max<std::size_t>(1, dark.total())));
}

double MidtoneOffset(const MeasureInput& in) {
  std::vector<double> values(in.working_grey.begin<float>(), in.working_grey.end<float>());
  return std::abs(Quantile(std::move(values), 0.5) / 255.0 - 0.5);
}

double Contrast(const MeasureInput& in) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(in.working_grey, mean, stddev);
  return stddev[0] / 255.0;
}

}  // namespace versus::engine::measures
