// SolverOptions::IsValid and what a SolverSummary says about a solve.
#include <cmath>
#include <cstdio>
#include <string>

#include "versus/sorting/solver.hpp"

namespace versus::sorting {

const char* TerminationTypeName(TerminationType type) {
  switch (type) {
    case TerminationType::kGradientTolerance: return "GRADIENT_TOLERANCE";
    case TerminationType::kFunctionTolerance: return "FUNCTION_TOLERANCE";
    case TerminationType::kParameterTolerance: return "PARAMETER_TOLERANCE";
    case TerminationType::kNoComparisons: return "NO_COMPARISONS";
    case TerminationType::kMaxIterations: return "MAX_ITERATIONS";
    case TerminationType::kUserAbort: return "USER_ABORT";
    case TerminationType::kFailure: return "FAILURE";
  }
  return "UNKNOWN";
}

namespace {
const char* IntervalName(IntervalMethod m) {
  switch (m) {
    case IntervalMethod::kAuto: return "auto";
    case IntervalMethod::kExact: return "exact";
    case IntervalMethod::kApproximate: return "approximate";
    case IntervalMethod::kNone: return "none";
  }
  return "?";
}

bool IsTolerance(double value) { return value >= 0 && std::isfinite(value); }
}  // namespace

bool SolverOptions::IsValid(std::string* error) const {
  auto fail = [&](const char* message) {
    if (error) *error = message;
    return false;
  };
  if (method != SolverMethod::kNewton && method != SolverMethod::kMM)
    return fail("method must be kNewton or kMM");
  if (!IsTolerance(gradient_tolerance)) return fail("gradient_tolerance must be finite and >= 0");
  if (!IsTolerance(function_tolerance)) return fail("function_tolerance must be finite and >= 0");
  if (!IsTolerance(parameter_tolerance))
    return fail("parameter_tolerance must be finite and >= 0");
  if (max_iterations < 0) return fail("max_iterations must be >= 0");
  if (max_linear_solver_iterations < 1) return fail("max_linear_solver_iterations must be >= 1");
  if (interval_method != IntervalMethod::kAuto && interval_method != IntervalMethod::kExact &&
      interval_method != IntervalMethod::kApproximate && interval_method != IntervalMethod::kNone)
    return fail("interval_method must be kAuto, kExact, kApproximate or kNone");
  if (!(interval_level > 0 && interval_level < 1))
    return fail("interval_level must be in (0,1), e.g. 0.95");
  return true;
}

bool SolverSummary::IsSolutionUsable() const {
  return termination != TerminationType::kFailure && std::isfinite(initial_cost) &&
         std::isfinite(final_cost);
}

bool SolverSummary::Converged() const {
  return termination == TerminationType::kGradientTolerance ||
         termination == TerminationType::kFunctionTolerance ||
         termination == TerminationType::kParameterTolerance ||
         termination == TerminationType::kNoComparisons;
}

std::string SolverSummary::BriefReport() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s (%s): %zu items, %zu comparisons in %zu pairs (%zu self, %zu zero-weight "
                "ignored), %zu component(s), %zu anchor(s); %d iterations (%d CG), cost %.6g "
                "-> %.6g, scaled gradient %.2e, last change %.2e; %s; %.3f s "
                "(intervals %s, %.3f s)",
                model.c_str(), method.c_str(), item_count, comparisons_used, pair_count,
                self_comparisons_ignored, zero_weight_ignored, connected_components, anchors,
                iterations, linear_solver_iterations, initial_cost, final_cost,
                final_gradient_max_norm, final_change, TerminationTypeName(termination),
                total_time_seconds, IntervalName(interval_method), interval_time_seconds);
  return buf;
}

}  // namespace versus::sorting
