#pragma once
// Helpers shared by the sorting tests: simulated data sets with known truth.
#include <cmath>
#include <utility>
#include <vector>

#include "versus/sorting.hpp"

namespace versus::sorting::testing {

/// The problem Solve fits: `data` under `model`, the default prior, `anchors`.
inline PairwiseProblem Problem(ComparisonSet data, Model model = Model::kBradleyTerry,
                               std::vector<Anchor> anchors = {}) {
  PairwiseProblem problem;
  problem.model = model;
  problem.data = std::move(data);
  problem.anchors = std::move(anchors);
  return problem;
}

/// Truth + outcomes from `pairs`, sampled from `model`.
struct Simulated {
  std::vector<double> truth;
  ComparisonSet data;
};

inline Simulated Simulate(std::size_t n, double spread,
                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                          Model model, std::uint64_t seed) {
  Simulated s;
  s.truth = SimulateTrueScores(n, spread, seed);
  s.data.item_count = n;
  SimulateOutcomes(s.truth, pairs, model, seed + 1000, &s.data);
  return s;
}

/// Fraction of items whose centred truth lies inside [ci_low, ci_high] (scores are
/// centred by the prior; the truth is centred by SimulateTrueScores).
inline double Coverage(const Scores& sc, const std::vector<double>& truth) {
  std::size_t in = 0;
  for (std::size_t i = 0; i < truth.size(); ++i)
    in += truth[i] >= sc.ci_low[i] && truth[i] <= sc.ci_high[i];
  return static_cast<double>(in) / static_cast<double>(truth.size());
}

}  // namespace versus::sorting::testing
