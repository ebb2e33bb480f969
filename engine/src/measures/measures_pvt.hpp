#pragma once
// Private to the measures: the shared inputs each measure reads, built once per image.
#include <vector>

#include <opencv2/core.hpp>

#include "versus/engine/decoder.hpp"

namespace versus::engine::measures {

struct MeasureInput {
  const DecodedImage& image;
  cv::Mat working_grey;             ///< CV_32F, 0..255
  std::vector<cv::Mat> tiles_grey;  ///< CV_32F, 0..255, native resolution
};

MeasureInput MakeMeasureInput(const DecodedImage& image);

// Each returns one number; its meaning and direction are in measure_table.cpp.
double Sharpness(const MeasureInput& in);
double SharpnessDetail(const MeasureInput& in);
double SharpnessWorking(const MeasureInput& in);
double Noise(const MeasureInput& in);
double HighlightClipping(const MeasureInput& in);
double ShadowClipping(const MeasureInput& in);
double MidtoneOffset(const MeasureInput& in);
double Contrast(const MeasureInput& in);
double ColourCast(const MeasureInput& in);
double Colourfulness(const MeasureInput& in);
double Blockiness(const MeasureInput& in);
double Brisque(const MeasureInput& in);

/// The value at quantile q in [0,1] of `values` (copied, partially sorted).
double Quantile(std::vector<double> values, double q);

}  // namespace versus::engine::measures
