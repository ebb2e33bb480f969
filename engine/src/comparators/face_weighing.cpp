// The face dimensions of a verdict (face_weighing.hpp): eyes and face focus.
#include "versus/engine/face_weighing.hpp"

#include <algorithm>
#include <cmath>

namespace versus::engine {
namespace {

bool HasFaces(const ImageProfile& p) { return p.faces_read && !p.faces.empty(); }

// Mean eye sharpness of the faces whose eyes were judged open; NaN if none. A face whose
// eyes cannot be told (too small, turned away, blurred, unsure it is a face: a rider in
// a horse race, a poster) weighs nothing, so photos without readable faces are judged as
// without faces; a closed eye's lids and lashes are not the detail of an open eye (a
// blink is weighed by the eyes dimension alone).
double MeanEyeSharpness(const ImageProfile& p) {
  double sum = 0.0;
  int n = 0;
  for (const Face& f : p.faces) {
    if (f.eyes != EyeState::kOpen || std::isnan(f.eye_sharpness)) continue;
    sum += f.eye_sharpness;
    ++n;
  }
  return n == 0 ? std::nan("") : sum / n;
}

double EyesMargin(const ImageProfile& a, const ImageProfile& b) {
  if (!HasFaces(a) || !HasFaces(b)) return 0.0;
  const double blinks = ClosedEyeCount(b.faces) - ClosedEyeCount(a.faces);
  return std::clamp(kBlinkLogOdds * blinks, -kMostBlinkLogOdds, kMostBlinkLogOdds);
}

double FaceFocusMargin(const ImageProfile& a, const ImageProfile& b) {
  const double sa = MeanEyeSharpness(a), sb = MeanEyeSharpness(b);
  if (std::isnan(sa) || std::isnan(sb)) return 0.0;
  return std::clamp(kFocusLogOdds * (sa - sb), -kMostFocusLogOdds, kMostFocusLogOdds);
}

}  // namespace

std::vector<DimensionVerdict> FaceMargins(const ImageProfile& a, const ImageProfile& b) {
  return {{Dimension::kEyes, EyesMargin(a, b)}, {Dimension::kFaceFocus, FaceFocusMargin(a, b)}};
}

double AddFaceDimensions(std::vector<DimensionVerdict>& dims, const ImageProfile& a, const ImageProfile& b) {
  double sum = 0.0;
  for (const DimensionVerdict& d : FaceMargins(a, b)) {
    dims.push_back(d);
    sum += d.margin;
  }
  return sum;
}

}  // namespace versus::engine
