// The shape of both eyes, from the Iris model's points: what the eye classifier reads.
// Every measure is in eye widths (the Iris model's own corner-to-corner distance) in the
// frame of the eye's corner line, so it does not depend on the face's size or roll; each
// is taken per eye and given as the mean and the smaller of the two eyes.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "versus/engine/eye_classifier.hpp"

namespace versus::engine {
namespace {

// The Iris model's point groups (models/faces NOTE.md; MediaPipe's iris-to-mesh map):
// lids from corner to corner, the rings around them, the brow and the iris.
constexpr int kLowerLid = 0;   // 0..8, corner to corner
constexpr int kUpperLid = 9;   // 9..15, between the corners
constexpr int kLowerRing = 16;  // 16..24: the next contour under the lower lid
constexpr int kUpperRing = 25;  // 25..31: the next contour over the upper lid (the crease)
constexpr int kBrowLower = 48;  // 48..53: the brow's lower edge
constexpr int kIrisCentre = 71;  // 71, then 72..75 around it
constexpr std::size_t kPoints = 76;

// One eye's points in the frame of its corner line: x from the first corner along the
// line, y up from it, both over the corner distance.
class EyeFrame {
 public:
  explicit EyeFrame(const std::vector<cv::Point2f>& p) : p_(p) {
    const cv::Point2d d = cv::Point2d(p[kLowerLid + 8]) - cv::Point2d(p[kLowerLid]);
    width_ = std::max(std::hypot(d.x, d.y), 1e-6);
    along_ = d / width_;
  }
  // Height above the corner line, in eye widths (image y grows downwards).
  double Up(int i) const {
    const cv::Point2d v = cv::Point2d(p_[i]) - cv::Point2d(p_[kLowerLid]);
    return (v.x * along_.y - v.y * along_.x) / width_;
  }
  double Distance(int i, int j) const { return cv::norm(p_[i] - p_[j]) / width_; }
  // Mean of f(k) over k in [0, n).
  static double Mean(int n, const std::function<double(int)>& f) {
    double s = 0.0;
    for (int k = 0; k < n; ++k) s += f(k);
    return s / n;
  }

 private:
  const std::vector<cv::Point2f>& p_;
  double width_ = 1.0;
  cv::Point2d along_;
};

// The gap between the upper lid's k-th point and the lower lid point below it.
double LidGap(const EyeFrame& e, int k) { return e.Distance(kUpperLid + k, kLowerLid + 1 + k); }

double IrisRadius(const EyeFrame& e) {
  return EyeFrame::Mean(4, [&](int k) { return e.Distance(kIrisCentre, kIrisCentre + 1 + k); });
}

struct Measure {
  std::string_view name;
  double (*of)(const EyeFrame&);
};

// Per-eye measures; a closed eye has its lids together, the upper lid low and flat, and
// the iris hidden.
const std::array<Measure, 10> kMeasures = {{
    // the lid openness of models/faces NOTE.md: the three middle gaps
    {"lid_gap", [](const EyeFrame& e) { return (LidGap(e, 2) + LidGap(e, 3) + LidGap(e, 4)) / 3.0; }},
    {"lid_gap_widest", [](const EyeFrame& e) {
       double widest = 0.0;
       for (int k = 0; k < 7; ++k) widest = std::max(widest, LidGap(e, k));
       return widest;
     }},
    {"upper_lid_height", [](const EyeFrame& e) { return EyeFrame::Mean(5, [&](int k) { return e.Up(kUpperLid + 1 + k); }); }},
    {"lower_lid_depth", [](const EyeFrame& e) { return -EyeFrame::Mean(5, [&](int k) { return e.Up(kLowerLid + 2 + k); }); }},
    {"iris_radius", IrisRadius},
    {"iris_shown", [](const EyeFrame& e) {  // the middle gap over the iris diameter
       return (LidGap(e, 2) + LidGap(e, 3) + LidGap(e, 4)) / (6.0 * std::max(IrisRadius(e), 1e-3));
     }},
    {"iris_height", [](const EyeFrame& e) { return e.Up(kIrisCentre); }},
    {"crease_gap", [](const EyeFrame& e) { return EyeFrame::Mean(7, [&](int k) { return e.Distance(kUpperLid + k, kUpperRing + k); }); }},
    {"lower_ring_gap", [](const EyeFrame& e) { return EyeFrame::Mean(7, [&](int k) { return e.Distance(kLowerLid + 1 + k, kLowerRing + 1 + k); }); }},
    {"brow_over_lid", [](const EyeFrame& e) {
       return EyeFrame::Mean(6, [&](int k) { return e.Up(kBrowLower + k); }) -
              EyeFrame::Mean(7, [&](int k) { return e.Up(kUpperLid + k); });
     }},
}};

}  // namespace

const std::vector<std::string>& EyeShapeNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Measure& m : kMeasures) {
      names.push_back(std::string(m.name) + "_mean");
      names.push_back(std::string(m.name) + "_min");
    }
    return names;
  }();
  return kNames;
}

std::vector<double> EyeShape(const Face& face) {
  if (face.eye_points[0].size() < kPoints || face.eye_points[1].size() < kPoints) return {};
  const EyeFrame a(face.eye_points[0]), b(face.eye_points[1]);
  std::vector<double> shape;
  for (const Measure& m : kMeasures) {
    const double x = m.of(a), y = m.of(b);
    shape.push_back((x + y) / 2.0);
    shape.push_back(std::min(x, y));
  }
  return shape;
}

}  // namespace versus::engine
