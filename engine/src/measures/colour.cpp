// Colour: a cast (greys that are not grey) and overall colourfulness.
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "measures_pvt.hpp"

namespace versus::engine::measures {

double ColourCast(const MeasureInput& in) {
  cv::Mat lab;
  cv::cvtColor(in.image.working, lab, cv::COLOR_BGR2Lab);  // 8-bit: a, b offset by 128
  double sum_a = 0, sum_b = 0, all_a = 0, all_b = 0;
  std::size_t n = 0;
  for (int y = 0; y < lab.rows; ++y) {
    const cv::Vec3b* row = lab.ptr<cv::Vec3b>(y);
    for (int x = 0; x < lab.cols; ++x) {
      const double l = row[x][0], a = row[x][1] - 128.0, b = row[x][2] - 128.0;
      all_a += a;
      all_b += b;
      // Near-neutral, neither black nor white: what should be grey in a scene.
      if (l > 50 && l < 240 && a * a + b * b < 20.0 * 20.0) {
        sum_a += a;
        sum_b += b;
        ++n;
      }
    }
  }
  const double total = double(std::max<std::size_t>(1, lab.total()));
  if (n < total / 100) return std::hypot(all_a / total, all_b / total);
  return std::hypot(sum_a / double(n), sum_b / double(n));
}

double Colourfulness(const MeasureInput& in) {
  std::vector<cv::Mat> bgr;
  cv::Mat f;
  in.image.working.convertTo(f, CV_32F);
  cv::split(f, bgr);
  const cv::Mat rg = bgr[2] - bgr[1];
  const cv::Mat yb = 0.5 * (bgr[2] + bgr[1]) - bgr[0];
  cv::Scalar m_rg, s_rg, m_yb, s_yb;
  cv::meanStdDev(rg, m_rg, s_rg);
  cv::meanStdDev(yb, m_yb, s_yb);
  return std::hypot(s_rg[0], s_yb[0]) + 0.3 * std::hypot(m_rg[0], m_yb[0]);
}

}  // namespace versus::engine::measures
