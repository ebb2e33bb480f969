#pragma once
// Private to sorting/: the problem every MAP solver works on. Comparisons are validated
// and folded into distinct unordered pairs (a < b) with total weight W and the weight
// of a's wins Y = sum w*y: the likelihood depends on nothing else, and folding makes
// repeated votes (and the bench's 1 M comparisons) cheap.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"
#include "versus/sorting/thurstone.hpp"

namespace versus::sorting::internal {

struct PairTable {
  std::size_t item_count = 0;
  std::vector<std::uint32_t> a, b;  // a < b
  std::vector<double> weight;       // W: total weight of the pair's comparisons
  std::vector<double> wins_a;       // Y: sum of w * (P that a won), 0 <= Y <= W
  std::size_t comparisons_used = 0;
  std::size_t self_comparisons_ignored = 0;
  std::size_t zero_weight_ignored = 0;
  std::size_t size() const { return a.size(); }
};

/// Validates (throws Error) and folds.
PairTable BuildPairTable(const ComparisonSet& data);

/// Everything the Newton / MM iterations and the interval code need.
struct MapProblem {
  const PairTable* pairs = nullptr;
  Model model = Model::kBradleyTerry;
  double prior_strength = 0.01;
  double prior_mean = 0.0;
  std::vector<char> fixed;         // item -> held at its anchor value
  std::vector<double> fixed_value;
  bool has_anchors = false;
};

struct MapSettings {
  double gradient_tolerance = 1e-6;
  double function_tolerance = 1e-13;
  double parameter_tolerance = 1e-10;
  int max_iterations = 100;
  int max_linear_solver_iterations = 500;
  IntervalMethod interval_method = IntervalMethod::kAuto;
  std::size_t exact_interval_max_items = 1000;
  double interval_level = 0.95;
  const IterationCallback* callback = nullptr;
};

/// Newton-CG from *s (size item_count, fixed entries already set). Fills the iteration
/// fields of *summary.
void NewtonSolve(const MapProblem& problem, const MapSettings& settings,
                 std::vector<double>* s, SolverSummary* summary);

/// Hunter's MM for Bradley–Terry with the Gaussian prior handled in the 1-D step.
void MMSolve(const MapProblem& problem, const MapSettings& settings,
             std::vector<double>* s, SolverSummary* summary);

/// f (negative log posterior) at s, its gradient (0 at fixed items) and, if h != nullptr,
/// the curvature d2f/dd2 of every pair.
double Evaluate(const MapProblem& problem, const std::vector<double>& s, std::vector<double>* g,
                std::vector<double>* h);

/// Posterior variances of the (gauge-fixed) scores at s: 0 for fixed items.
std::vector<double> PosteriorVariances(const MapProblem& problem, const MapSettings& settings,
                                       const std::vector<double>& s, IntervalMethod* used);

/// The shared driver: validates, folds, solves, fills scores and summary.
void SolveMap(MapProblem problem, const MapSettings& settings, bool use_mm, bool warm_start,
              const ComparisonSet& data, const std::vector<Anchor>& anchors, Scores* scores,
              SolverSummary* summary);

/// Number of connected components among free items (edges between free items only;
/// an item tied to an anchor counts as attached to the anchored component).
std::size_t CountComponents(const MapProblem& problem);

/// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
double NormalQuantile(double p);

}  // namespace versus::sorting::internal
