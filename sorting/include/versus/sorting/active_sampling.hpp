#pragma once
/// Choosing which pairs to compare next, given the comparisons so far and the current fit.
///
/// kInformationGain scores a candidate pair (i, j) by the expected information its
/// outcome carries about the score difference (the BALD mutual information, the idea
/// behind ASAP, Mikhailiuk et al. 2020): with d = s_i - s_j ~ N(mu, v) from the current
/// fit (v = var_i + var_j, the variances read off the 95% intervals),
///   I(i,j) = H(E[P(i beats j)]) - E[H(P(i beats j))],
/// computed in closed form with the probit approximation (Houlsby et al. 2011). Pairs
/// that are close in score AND uncertain win. A batch is chosen greedily by gain, each
/// item used at most max_uses_per_item times per batch (gains of pairs sharing an item
/// are not additive), never repeating a pair already compared while unseen candidates
/// remain (comparators are often deterministic).
/// Up to exhaustive_max_items items every pair is a candidate and v = Var(s_i - s_j) comes
/// from the full posterior covariance at the current scores (recomputed from so_far,
/// O(n^3)), so pairs whose difference is already pinned down through other items are not
/// chosen again; above, v = var_i + var_j from the intervals, and the candidates are each item's
/// score-order neighbours within +-window plus `random_candidates_per_item` random
/// partners (O(n log n + n * candidates)).
/// kNearestScore is the cheap mode: score-order neighbours, most uncertain first.
/// kRandom draws uniform random pairs (the baseline the bench compares against).
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"

namespace versus::sorting {

enum class SamplingMethod { kInformationGain, kNearestScore, kRandom };

struct SamplingOptions {
  SamplingMethod method = SamplingMethod::kInformationGain;
  /// The model the current scores come from (sets the outcome probability).
  Model model = Model::kBradleyTerry;
  /// Score every pair up to this many items (n = 1000: 0.5 M pairs, a few ms).
  std::size_t exhaustive_max_items = 1000;
  /// Above exhaustive_max_items: neighbours within +-window in score order ...
  std::size_t window = 8;
  /// ... plus this many random partners per item.
  std::size_t random_candidates_per_item = 4;
  /// Per batch; raised automatically when batch_size > n * max_uses_per_item / 2.
  std::size_t max_uses_per_item = 1;
  /// Seed for tie-breaking and random candidates: same inputs + seed = same batch.
  std::uint64_t seed = 0;
  /// Prior precision used for the covariance in exhaustive mode (as the solvers').
  double prior_strength = 0.01;
  /// Score standard deviation assumed for items without intervals (no fit yet).
  double default_sd = 2.0;

  bool IsValid(std::string* why) const;
};

/// The next batch_size pairs (i < j, no self pairs, no duplicates within the batch).
/// Fewer are returned only when fewer than batch_size distinct pairs exist.
/// current.score may be empty (no fit yet: all scores 0, sd = default_sd); when given it
/// must have so_far.item_count entries (Error otherwise). Intervals are optional.
std::vector<std::pair<std::uint32_t, std::uint32_t>> NextPairs(
    const ComparisonSet& so_far, const Scores& current, std::size_t batch_size,
    const SamplingOptions& options);

/// The comparison budget `versus rank` uses by default for n items:
/// min(n(n-1)/2, ceil(n * max(8, 1.5 * log2 n))). For n = 2,000: 32,898 comparisons
/// (~33 per image, 1.6% of the 1,999,000 pairs); in the bench (spread 2 logits) random
/// pairs reach Spearman 0.95 with ~22,000 of them.
std::size_t DefaultComparisonBudget(std::size_t item_count);

/// A cheap connected starting design: a random Hamiltonian cycle (n pairs, n-1 when
/// n == 2, none below 2). Every item is compared twice, the graph is connected.
std::vector<std::pair<std::uint32_t, std::uint32_t>> InitialPairs(std::size_t item_count,
                                                                  std::uint64_t seed);

}  // namespace versus::sorting
