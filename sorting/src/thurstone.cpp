// Thurstone Case V with anchors: the option checks and the entry points; the Newton
// iterations live in map_solver.cpp, shared with Bradley–Terry.
#include "versus/sorting/thurstone.hpp"

#include <numeric>

#include "map_solver_pvt.hpp"
#include "options_pvt.hpp"
#include "versus/sorting/error.hpp"

namespace versus::sorting {

bool ThurstoneOptions::IsValid(std::string* why) const {
  return internal::CheckCommonOptions(*this, why);
}

void Solve(const ThurstoneOptions& options, const ComparisonSet& data,
           const std::vector<Anchor>& anchors, Scores* scores, SolverSummary* summary) {
  std::string why;
  if (!options.IsValid(&why)) throw Error("invalid ThurstoneOptions: " + why);
  internal::MapProblem problem;
  problem.model = Model::kThurstone;
  problem.prior_strength = options.prior_strength;
  // Free items lean (weakly) towards the anchors' mean, not towards 0: anchors may sit
  // anywhere on the scale.
  double mean = 0.0;
  for (const Anchor& a : anchors) mean += a.score;
  problem.prior_mean = anchors.empty() ? 0.0 : mean / static_cast<double>(anchors.size());
  internal::MapSettings settings;
  internal::CopyCommonSettings(options, &settings);
  if (summary) {
    summary->model = "thurstone";
    summary->method = "newton";
  }
  internal::SolveMap(problem, settings, false, options.warm_start, data, anchors, scores,
                     summary);
}

void Solve(const ThurstoneOptions& options, const ComparisonSet& data, Scores* scores,
           SolverSummary* summary) {
  Solve(options, data, std::vector<Anchor>{}, scores, summary);
}

}  // namespace versus::sorting
