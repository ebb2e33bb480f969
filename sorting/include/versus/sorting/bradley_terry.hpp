#pragma once
/// Bradley–Terry maximum a posteriori scores from pairwise outcomes.
///
/// Model: P(a beats b) = 1 / (1 + exp(-(s_a - s_b))). A comparison with outcome y in
/// [0,1] and weight w contributes w * [y log P + (1-y) log (1-P)]: hard wins (y = 1 or
/// 0), ties (y = 0.5, half a win to each side) and soft outcomes (a comparator's
/// probability, as Compare2Score uses) all enter the same way. A Gaussian prior
/// N(0, 1/prior_strength) on every score keeps disconnected or one-sided data (an
/// image that never lost) finite and fixes the gauge (scores are defined up to a
/// shift; the prior makes them sum to 0).
///
/// Defined results (no exception): no comparisons or one item -> every score 0 and the
/// prior's interval; all ties -> every score 0; a == b -> ignored, counted in
/// summary.self_comparisons_ignored; weight 0 -> ignored, counted.
/// Errors (versus::sorting::Error): an index >= item_count, an outcome that is NaN or
/// outside [0,1], a weight that is NaN, infinite or negative, invalid options.
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"

namespace versus::sorting {

enum class BradleyTerryMethod {
  kNewton,  ///< truncated Newton (Jacobi-preconditioned CG on the Hessian, a weighted
            ///< graph Laplacian) with Armijo backtracking: few O(pairs) passes, the default
  kMM,      ///< Hunter's (2004) minorize-maximize, prior handled exactly in the 1-D step:
            ///< simple and monotone, but linear convergence (slow on sparse designs)
};

struct BradleyTerryOptions {
  BradleyTerryMethod method = BradleyTerryMethod::kNewton;
  /// Precision of the N(0, 1/prior_strength) prior on each score. 0.01 = a standard
  /// deviation of 10 logits: weak enough to leave well-measured scores alone, strong
  /// enough to keep an undefeated item finite. Must be > 0.
  double prior_strength = 0.01;
  /// See TerminationType::kGradientTolerance. Scale-free (divided by item weight).
  /// 1e-6: scores to ~1e-5 of their standard error; much tighter hits the rounding floor
  /// of the gradient sums on a million comparisons.
  double gradient_tolerance = 1e-6;
  /// See TerminationType::kFunctionTolerance (Newton only: MM's cost changes are tiny long
  /// before it converges). 1e-13: stop when a step no longer changes the cost beyond rounding.
  double function_tolerance = 1e-13;
  /// See TerminationType::kParameterTolerance (largest score change in logits).
  double parameter_tolerance = 1e-10;
  /// Newton rarely needs 20; MM on sparse designs may need thousands.
  int max_iterations = 1000;
  /// Cap on CG iterations per Newton step.
  int max_linear_solver_iterations = 500;
  /// Start from scores->score when it holds item_count finite values (active loops).
  bool warm_start = false;
  IntervalMethod interval_method = IntervalMethod::kAuto;
  /// kAuto uses kExact up to this many items (the dense Cholesky costs ~0.2 s at 1000).
  std::size_t exact_interval_max_items = 1000;
  /// Coverage of [ci_low, ci_high]: 0.95 -> score +- 1.96 sd.
  double interval_level = 0.95;
  /// Called after every iteration; may abort. Empty = none.
  IterationCallback callback;

  bool IsValid(std::string* why) const;
};

/// Fits data, writes item_count scores (and intervals) into *scores and what happened
/// into *summary (both required). Throws Error on invalid input or options.
void Solve(const BradleyTerryOptions& options, const ComparisonSet& data, Scores* scores,
           SolverSummary* summary);

}  // namespace versus::sorting
