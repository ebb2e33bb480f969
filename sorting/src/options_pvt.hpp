#pragma once
// Option checks shared by BradleyTerryOptions and ThurstoneOptions (same field names).
#include <cmath>
#include <string>

namespace versus::sorting::internal {

template <typename Options>
bool CheckCommonOptions(const Options& o, std::string* why) {
  auto fail = [&](const std::string& m) {
    if (why) *why = m;
    return false;
  };
  if (!(o.prior_strength > 0) || !std::isfinite(o.prior_strength))
    return fail("prior_strength must be finite and > 0 (it keeps one-sided data finite; use "
                "e.g. 1e-6 for an almost flat prior)");
  if (!(o.gradient_tolerance >= 0)) return fail("gradient_tolerance must be >= 0");
  if (!(o.function_tolerance >= 0)) return fail("function_tolerance must be >= 0");
  if (!(o.parameter_tolerance >= 0)) return fail("parameter_tolerance must be >= 0");
  if (o.max_iterations < 0) return fail("max_iterations must be >= 0");
  if (o.max_linear_solver_iterations < 1) return fail("max_linear_solver_iterations must be >= 1");
  if (!(o.interval_level > 0 && o.interval_level < 1))
    return fail("interval_level must be in (0,1), e.g. 0.95");
  return true;
}

template <typename Options, typename Settings>
void CopyCommonSettings(const Options& o, Settings* st) {
  st->gradient_tolerance = o.gradient_tolerance;
  st->function_tolerance = o.function_tolerance;
  st->parameter_tolerance = o.parameter_tolerance;
  st->max_iterations = o.max_iterations;
  st->max_linear_solver_iterations = o.max_linear_solver_iterations;
  st->interval_method = o.interval_method;
  st->exact_interval_max_items = o.exact_interval_max_items;
  st->interval_level = o.interval_level;
  st->callback = &o.callback;
}

}  // namespace versus::sorting::internal
