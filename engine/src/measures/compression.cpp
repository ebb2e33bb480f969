// Compression artefacts: JPEG codes 8x8 blocks independently, so at strong compression
// pixel differences across block edges stand out from differences inside blocks. The
// grid's phase is searched, so crops and rotations do not hide it.
#include <algorithm>
#include <array>

#include "measures_pvt.hpp"

namespace versus::engine::measures {
namespace {

// (strongest phase / mean phase) - 1 of absolute differences, along x.
double PhaseExcess(const cv::Mat& grey, bool along_x) {
  std::array<double, 8> energy{};
  std::array<std::size_t, 8> count{};
  const int rows = grey.rows, cols = grey.cols;
  for (int y = 0; y + (along_x ? 0 : 1) < rows; ++y) {
    const float* r = grey.ptr<float>(y);
    const float* next = along_x ? r : grey.ptr<float>(y + 1);
    for (int x = 0; x + (along_x ? 1 : 0) < cols; ++x) {
      const double d = along_x ? std::abs(r[x + 1] - r[x]) : std::abs(next[x] - r[x]);
      const int phase = (along_x ? x : y) & 7;
      energy[phase] += d;
      ++count[phase];
    }
  }
  double mean = 0.0, strongest = 0.0;
  for (int p = 0; p < 8; ++p) {
    const double e = count[p] ? energy[p] / double(count[p]) : 0.0;
    mean += e / 8.0;
    strongest = std::max(strongest, e);
  }
  return mean > 1e-6 ? strongest / mean - 1.0 : 0.0;
}

}  // namespace

double Blockiness(const MeasureInput& in) {
  std::vector<double> per_tile;
  for (const cv::Mat& t : in.tiles_grey) {
    if (t.rows < 16 || t.cols < 16) continue;
    per_tile.push_back(0.5 * (PhaseExcess(t, true) + PhaseExcess(t, false)));
  }
  return Quantile(per_tile, 0.5);
}

}  // namespace versus::engine::measures
