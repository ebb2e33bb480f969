#pragma once
/// Thurstone Case V maximum a posteriori scores with anchors (the Compare2Score scheme).
///
/// Model: P(a beats b) = Phi(s_a - s_b), Phi the standard normal CDF (one unit of score
/// = one standard deviation of the perceived difference). Outcomes, weights and
/// degenerate input are treated as in bradley_terry.hpp.
///
/// Anchors: items whose score is known (e.g. from an earlier, larger study). They are
/// held fixed, so they pin the scale: a new image compared only with the anchors gets a
/// score on the anchors' scale, and scores from different runs or shards that share the
/// anchors are directly comparable. Anchor scores must be on this model's scale. Free
/// items get a weak prior N(mean of anchor scores, 1/prior_strength) (N(0, ...) without
/// anchors, where the prior also fixes the gauge). An anchor's interval is its score.
/// Errors: an anchor index >= item_count, a non-finite anchor score, the same item
/// anchored twice (Error names it).
#include <cstdint>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"

namespace versus::sorting {

/// An item with a known score.
struct Anchor {
  std::uint32_t item = 0;
  double score = 0.0;
};

struct ThurstoneOptions {
  /// Precision of the prior on each free score (see above). 0.01 = sd of 10. Must be > 0.
  double prior_strength = 0.01;
  /// See TerminationType; same meaning as in BradleyTerryOptions.
  /// 1e-6: scores to ~1e-5 of their standard error; much tighter hits the rounding floor
  /// of the gradient sums on a million comparisons.
  double gradient_tolerance = 1e-6;
  /// 1e-13: stop when a step no longer changes the cost beyond rounding.
  double function_tolerance = 1e-13;
  double parameter_tolerance = 1e-10;
  int max_iterations = 200;
  int max_linear_solver_iterations = 500;
  bool warm_start = false;
  IntervalMethod interval_method = IntervalMethod::kAuto;
  std::size_t exact_interval_max_items = 1000;
  double interval_level = 0.95;
  IterationCallback callback;

  bool IsValid(std::string* why) const;
};

/// Truncated-Newton MAP fit with the anchors held fixed. Throws Error on invalid input.
void Solve(const ThurstoneOptions& options, const ComparisonSet& data,
           const std::vector<Anchor>& anchors, Scores* scores, SolverSummary* summary);

/// Without anchors (the prior fixes the gauge, as for Bradley–Terry).
void Solve(const ThurstoneOptions& options, const ComparisonSet& data, Scores* scores,
           SolverSummary* summary);

}  // namespace versus::sorting
