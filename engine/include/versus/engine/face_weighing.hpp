#pragma once
/// How judges weigh faces between two frames of one moment: open eyes beat closed, a
/// sharp face beats a sharp background. Two dimensions, added to a verdict beside the
/// technical ones (log-odds for A, part of the overall margin):
///   eyes:       kBlinkLogOdds per face with closed eyes more in B than in A (at most
///               kMostBlinkLogOdds), when faces were found in both frames;
///   face focus: kFocusLogOdds per log10 of mean eye sharpness (Face::eye_sharpness, a
///               fixed scale) of A over B, at most kMostFocusLogOdds either way, over the
///               faces whose eyes were judged open, when both frames have such.
/// Frames without faces, or whose faces are all "can't tell" (EyeState::kUnknown), get 0
/// on both, so photos without people or without readable faces are judged as before.
#include <vector>

#include "versus/engine/comparator.hpp"

namespace versus::engine {

/// A blink alone makes a frame ~95% likely to lose (e^3 : 1).
inline constexpr double kBlinkLogOdds = 3.0;
inline constexpr double kMostBlinkLogOdds = 6.0;
/// Eyes with twice the Laplacian variance (0.3 log10): +1.2 log-odds, more than the
/// whole-frame sharpness of a crisp background usually carries.
inline constexpr double kFocusLogOdds = 4.0;
inline constexpr double kMostFocusLogOdds = 4.0;

/// {eyes, face focus} margins of A against B (antisymmetric).
std::vector<DimensionVerdict> FaceMargins(const ImageProfile& a, const ImageProfile& b);

/// Appends FaceMargins to `dims` and returns their sum (to add to the overall margin).
double AddFaceDimensions(std::vector<DimensionVerdict>& dims, const ImageProfile& a, const ImageProfile& b);

}  // namespace versus::engine
