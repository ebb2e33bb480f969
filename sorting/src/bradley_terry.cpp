// Bradley–Terry: the option checks and the entry point; the iterations live in
// map_solver.cpp, shared with Thurstone.
#include "versus/sorting/bradley_terry.hpp"

#include "map_solver_pvt.hpp"
#include "options_pvt.hpp"
#include "versus/sorting/error.hpp"

namespace versus::sorting {

bool BradleyTerryOptions::IsValid(std::string* why) const {
  return internal::CheckCommonOptions(*this, why);
}

void Solve(const BradleyTerryOptions& options, const ComparisonSet& data, Scores* scores,
           SolverSummary* summary) {
  std::string why;
  if (!options.IsValid(&why)) throw Error("invalid BradleyTerryOptions: " + why);
  internal::MapProblem problem;
  problem.model = Model::kBradleyTerry;
  problem.prior_strength = options.prior_strength;
  problem.prior_mean = 0.0;
  internal::MapSettings settings;
  internal::CopyCommonSettings(options, &settings);
  const bool mm = options.method == BradleyTerryMethod::kMM;
  if (summary) {
    summary->model = "bradley-terry";
    summary->method = mm ? "mm" : "newton";
  }
  internal::SolveMap(problem, settings, mm, options.warm_start, data, {}, scores, summary);
}

}  // namespace versus::sorting
