// SolverSummary::BriefReport, option checks shared by the solvers.
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
}  // namespace

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
