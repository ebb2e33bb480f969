#pragma once
/// The one solver of sorting/: maximum a posteriori scores of a PairwiseProblem, with
/// per-item variances and intervals, in Ceres' shape:
///
///   SolverOptions options;               // how to solve (checked by IsValid)
///   PairwiseProblem problem;             // what to solve: model, comparisons, anchors, prior
///   SolverSummary summary;
///   Scores scores = Solve(options, problem, &summary);
///   if (!summary.IsSolutionUsable()) ... // summary.message says why
///
/// Objective: f(s) = -log posterior, strictly convex (see pairwise_problem.hpp), so it has
/// one minimum; both methods find it.
#include <cstddef>
#include <functional>
#include <string>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/pairwise_problem.hpp"

namespace versus::sorting {

enum class SolverMethod {
  kNewton,  ///< truncated Newton (Jacobi-preconditioned CG on the Hessian, a weighted
            ///< graph Laplacian) with Armijo backtracking: few O(pairs) passes, the default
  kMM,      ///< Hunter's (2004) minorize-maximize, prior handled exactly in the 1-D step:
            ///< simple and monotone, but linear convergence (slow on sparse designs).
            ///< Bradley–Terry only (Solve throws Error for Thurstone).
};

/// Why a solve stopped. Each stopping criterion is written beside its value.
enum class TerminationType {
  /// max_i |df/ds_i| / (prior_strength + total weight of item i's comparisons)
  ///   <= gradient_tolerance   (f = negative log posterior). Converged.
  kGradientTolerance,
  /// |f_k - f_{k+1}| <= function_tolerance * (1 + |f_k|). Converged.
  kFunctionTolerance,
  /// max_i |s_i^{k+1} - s_i^k| <= parameter_tolerance. Converged.
  kParameterTolerance,
  /// Nothing to fit (no usable comparisons): every free score is the prior mean, the
  /// variances are the prior's. A defined result, not a failure.
  kNoComparisons,
  /// iterations == max_iterations before any criterion above held. Scores are the last
  /// iterate: usable, but not converged.
  kMaxIterations,
  /// The iteration callback returned kAbort. Scores are the last iterate: usable, but not
  /// converged.
  kUserAbort,
  /// The cost or the scores stopped being finite (weights so large that their sums
  /// overflow). Scores are not usable; no intervals.
  kFailure,
};

/// "GRADIENT_TOLERANCE", ...
const char* TerminationTypeName(TerminationType type);

/// Passed to the callback after each iteration.
struct IterationSummary {
  int iteration = 0;
  double cost = 0.0;               ///< negative log posterior
  double gradient_max_norm = 0.0;  ///< scaled, as in kGradientTolerance
  double step_max_norm = 0.0;      ///< max_i |change of s_i|
  int linear_solver_iterations = 0;  ///< CG iterations (Newton), 0 for MM
};

enum class CallbackReturnType { kContinue, kAbort };
/// Progress and cancel in one place (Ceres' IterationCallback).
using IterationCallback = std::function<CallbackReturnType(const IterationSummary&)>;

/// How the variances (and from them the intervals) are computed.
enum class IntervalMethod {
  kAuto,         ///< kExact up to exact_interval_max_items free items, else kApproximate
  kExact,        ///< diagonal of the inverse Hessian (dense Cholesky, O(n^3))
  kApproximate,  ///< Gaussian belief propagation on the comparison graph, O(pairs) per sweep
  kNone,         ///< none: variance, ci_low and ci_high are left empty
};

/// How to solve. One struct for every model and method; IsValid names the bad field.
struct SolverOptions {
  SolverMethod method = SolverMethod::kNewton;
  /// See TerminationType::kGradientTolerance. Scale-free (divided by item weight).
  /// 1e-6: scores to ~1e-5 of their standard error; much tighter hits the rounding floor
  /// of the gradient sums on a million comparisons.
  double gradient_tolerance = 1e-6;
  /// See TerminationType::kFunctionTolerance (Newton only: MM's cost changes are tiny long
  /// before it converges). 1e-13: stop when a step no longer changes the cost beyond rounding.
  double function_tolerance = 1e-13;
  /// See TerminationType::kParameterTolerance (largest score change).
  double parameter_tolerance = 1e-10;
  /// Newton rarely needs 20; MM on sparse designs may need thousands.
  int max_iterations = 1000;
  /// Cap on CG iterations per Newton step.
  int max_linear_solver_iterations = 500;
  IntervalMethod interval_method = IntervalMethod::kAuto;
  /// kAuto uses kExact up to this many free items (the dense Cholesky costs ~0.2 s at 1000).
  std::size_t exact_interval_max_items = 1000;
  /// Coverage of [ci_low, ci_high]: 0.95 -> score +- 1.96 standard errors.
  double interval_level = 0.95;
  /// Called after every iteration; may abort. Empty = none.
  IterationCallback callback;

  /// False, with *error (if given) naming the field and what it accepts, when a value is
  /// out of range. Solve throws Error with the same text.
  bool IsValid(std::string* error) const;
};

struct SolverSummary {
  std::string model;              ///< "bradley-terry" or "thurstone"
  std::string method;             ///< "newton" or "mm"
  TerminationType termination = TerminationType::kFailure;
  std::string message;            ///< one human sentence on why it stopped
  int iterations = 0;
  double initial_cost = 0.0;      ///< negative log posterior at the start
  double final_cost = 0.0;
  double final_gradient_max_norm = 0.0;  ///< scaled, see kGradientTolerance
  double final_change = 0.0;      ///< max_i |change of s_i| in the last iteration
  int linear_solver_iterations = 0;      ///< total CG iterations
  std::size_t item_count = 0;
  std::size_t comparisons_used = 0;       ///< comparisons that entered the fit
  std::size_t self_comparisons_ignored = 0;  ///< a == b: carry no information
  std::size_t zero_weight_ignored = 0;    ///< weight == 0
  std::size_t pair_count = 0;             ///< distinct unordered pairs compared
  std::size_t connected_components = 0;   ///< of the comparison graph (free items only)
  std::size_t anchors = 0;
  IntervalMethod interval_method = IntervalMethod::kNone;  ///< what was actually used
  double total_time_seconds = 0.0;
  double interval_time_seconds = 0.0;

  /// Scores can be used: the solve converged or stopped at a finite iterate (max
  /// iterations, user abort), and both costs are finite. False for kFailure (and for a
  /// summary no solve has filled).
  bool IsSolutionUsable() const;
  /// Converged, or nothing to fit (kNoComparisons).
  bool Converged() const;
  /// One line: model, sizes, iterations, termination, time.
  std::string BriefReport() const;
};

/// Fits `problem`: returns data.item_count scores with their variances and intervals,
/// and writes what happened into *summary (required). Throws Error on invalid input
/// (see pairwise_problem.hpp), invalid options, or MM asked for a Thurstone problem.
Scores Solve(const SolverOptions& options, const PairwiseProblem& problem, SolverSummary* summary);

}  // namespace versus::sorting
