#pragma once
/// Ground truth for tests and the bench: items with known scores and outcomes sampled
/// from the model, plus the rank correlation used to judge a fit. Deterministic for a
/// given seed (std::mt19937_64 and libstdc++'s distributions).
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::sorting {

/// n scores drawn from N(0, spread^2), then centred to mean 0.
std::vector<double> SimulateTrueScores(std::size_t n, double spread, std::uint64_t seed);

/// count uniform random pairs (a != b).
std::vector<std::pair<std::uint32_t, std::uint32_t>> RandomPairs(std::size_t n,
                                                                 std::size_t count,
                                                                 std::uint64_t seed);

/// All n(n-1)/2 pairs, each `repeats` times.
std::vector<std::pair<std::uint32_t, std::uint32_t>> AllPairs(std::size_t n,
                                                              std::size_t repeats = 1);

/// Appends one hard (0/1) outcome per pair, drawn from the model with the true scores.
void SimulateOutcomes(const std::vector<double>& truth,
                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                      Model model, std::uint64_t seed, ComparisonSet* out);

/// Spearman's rank correlation (average ranks for ties). NaN when either side is
/// constant or sizes differ / are < 2.
double SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

/// Average ranks, 1-based (ties share the mean of their ranks).
std::vector<double> AverageRanks(const std::vector<double>& x);

}  // namespace versus::sorting
