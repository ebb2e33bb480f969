#pragma once
/// Choosing which pairs to compare next, given the comparisons so far and the current fit.
///
/// kInformationGain picks the pairs whose outcomes are expected to teach the most about
/// the ranking (the idea behind ASAP, Mikhailiuk et al. 2020):
/// - up to exhaustive_max_items items, every pair is scored by the expected drop of the
///   rank-weighted posterior variance sum_i rho_i^2 Var(s_i) (rho = density of scores
///   around s_i: an error there costs more ranks), computed from the full posterior
///   covariance at the current scores (an A-optimal design, O(n^3) per batch). Pairs that
///   are close in score, uncertain in their difference (not merely in their marginals),
///   and sit where the ranking is crowded win;
/// - above, a balanced band design: each item is paired with random partners whose
///   current score is within ~1.5 widths of the outcome's information curve (2.4 logits
///   for Bradley-Terry), plus random partners that keep the graph well connected, each
///   item used once per batch before any is used twice (O(n log n + n * candidates)).
///   Weighting these by an estimated gain did worse in the bench (noisy early estimates,
///   and close pairs chain up), so they are taken in random order.
/// Both never repeat a pair already compared while unseen candidates remain
/// (comparators are often deterministic). How close either gets to the best possible
/// design is measured by versus-bench-sorting against an oracle that knows the truth.
/// kNearestScore is the cheap mode: score-order neighbours, most uncertain first.
/// kRandom draws uniform random pairs (the baseline the bench compares against).
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/pairwise_problem.hpp"

namespace versus::sorting {

enum class SamplingMethod { kInformationGain, kNearestScore, kRandom };

struct SamplingOptions {
  SamplingMethod method = SamplingMethod::kInformationGain;
  /// Score every pair with the full covariance up to this many items. The bench found the
  /// exhaustive design best below ~150 items and the band design as good or better above.
  std::size_t exhaustive_max_items = 150;
  /// Above exhaustive_max_items: this many band partners per item (kNearestScore: the
  /// neighbours within +-window in score order) ...
  std::size_t window = 8;
  /// ... plus this many random partners per item.
  std::size_t random_candidates_per_item = 4;
  /// Per batch; raised automatically when batch_size > n * max_uses_per_item / 2.
  std::size_t max_uses_per_item = 1;
  /// Seed for tie-breaking and random candidates: same inputs + seed = same batch.
  std::uint64_t seed = 0;
  /// Score standard deviation assumed for items without variances (no fit yet).
  double default_sd = 2.0;

  bool IsValid(std::string* why) const;
};

/// The next batch_size pairs (i < j, no self pairs, no duplicates within the batch) for
/// the problem fitted so far: its comparisons, its model (the outcome probability) and
/// its prior (the covariance in exhaustive mode) are the ones Solve used for `current`.
/// Fewer are returned only when fewer than batch_size distinct pairs exist.
/// current.score may be empty (no fit yet: all scores 0, sd = default_sd); when given it
/// must have so_far.data.item_count entries (Error otherwise). Variances are optional.
std::vector<std::pair<std::uint32_t, std::uint32_t>> NextPairs(
    const PairwiseProblem& so_far, const Scores& current, std::size_t batch_size,
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
