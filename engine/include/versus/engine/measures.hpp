#pragma once
/// Quality measures: each a named, documented number with a direction, computed once
/// per image. The table in src/measures/measure_table.cpp is the only list; comparators,
/// `--json` output and the fitting program all read it.
#include <string_view>
#include <vector>

#include "versus/engine/decoder.hpp"

namespace versus::engine {

/// The dimensions a verdict is broken into. `kOverall` is the sum of the others. kEyes
/// and kFaceFocus weigh faces (face_weighing.hpp), not measures.
enum class Dimension { kSharpness, kNoise, kExposure, kColour, kCompression, kOverall, kEyes, kFaceFocus };
std::string_view DimensionName(Dimension d);
/// The five technical dimensions, in the order verdicts list them.
const std::vector<Dimension>& TechnicalDimensions();

struct MeasureInfo {
  std::string_view name;         ///< stable key (JSON, weights file)
  Dimension dimension;           ///< which verdict dimension it informs
  int direction;                 ///< +1: higher is better, -1: lower is better
  std::string_view description;  ///< what the number is, with its unit
};

/// Every measure, in the order of ImageProfile::measures.
const std::vector<MeasureInfo>& MeasureTable();
/// Index of `name` in MeasureTable(); throws engine::Error if unknown.
std::size_t MeasureIndex(std::string_view name);

/// Computes every measure of the table on one decoded image.
std::vector<double> Measure(const DecodedImage& image);

/// Variance of the Laplacian of an 8-bit BGR or grey image: its fine detail, the classic
/// focus measure (the sharpness measures per tile, the eyes' focus, the tiles the
/// learned judge's networks take).
double LaplacianVariance(const cv::Mat& image);

}  // namespace versus::engine
