#pragma once
/// What every solver in sorting/ shares: the model enum, the per-iteration callback and
/// the summary a solve leaves behind (after Ceres' GradientProblemSolver::Summary).
#include <cstddef>
#include <functional>
#include <string>

namespace versus::sorting {

/// The link between a score difference d = s_a - s_b and P(a beats b).
enum class Model {
  kBradleyTerry,  ///< P = 1 / (1 + exp(-d)): scores in logits
  kThurstone,     ///< P = Phi(d) (Thurstone Case V, unit variance of the difference)
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
  /// intervals are the prior's. A defined result, not a failure.
  kNoComparisons,
  /// iterations == max_iterations before any criterion above held. Scores are the last
  /// iterate: usable, but not converged.
  kMaxIterations,
  /// The iteration callback returned kAbort. Scores are the last iterate.
  kUserAbort,
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

/// How the 95% (or options.interval_level) intervals were computed.
enum class IntervalMethod {
  kAuto,         ///< kExact up to exact_interval_max_items free items, else kApproximate
  kExact,        ///< diagonal of the inverse Hessian (dense Cholesky, O(n^3))
  kApproximate,  ///< Gaussian belief propagation on the comparison graph, O(pairs) per sweep
  kNone,         ///< no intervals: ci_low / ci_high are left empty
};

struct SolverSummary {
  std::string model;              ///< "bradley-terry" or "thurstone"
  std::string method;             ///< "newton" or "mm"
  TerminationType termination = TerminationType::kMaxIterations;
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

  /// True unless the solve could not produce scores (never false today: every
  /// termination leaves usable scores; kMaxIterations ones are not converged).
  bool IsSolutionUsable() const { return true; }
  bool Converged() const {
    return termination == TerminationType::kGradientTolerance ||
           termination == TerminationType::kFunctionTolerance ||
           termination == TerminationType::kParameterTolerance ||
           termination == TerminationType::kNoComparisons;
  }
  /// One line: model, sizes, iterations, termination, time.
  std::string BriefReport() const;
};

}  // namespace versus::sorting
