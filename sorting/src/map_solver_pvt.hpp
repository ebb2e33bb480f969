#pragma once
// Private to sorting/: the MAP problem the iterations work on. Comparisons are validated
// and folded into distinct unordered pairs (a < b) with total weight W and the weight
// of a's wins Y = sum w*y: the likelihood depends on nothing else, and folding makes
// repeated votes (and the bench's 1 M comparisons) cheap.
//
// Objective (f = negative log posterior), over free items i, pairs p = (a, b), d = s_a - s_b:
//   f(s) = sum_p -[ Y_p log P(d) + (W_p - Y_p) log P(-d) ] + lambda/2 sum_i (s_i - mu)^2
// with P the link (link_function.hpp). Both -log P are convex, so f is strictly convex
// (lambda > 0) and has one minimum. Its Hessian is a weighted graph Laplacian plus
// lambda I: H v = lambda v + sum_p h_p (v_a - v_b)(e_a - e_b).
//
// Files: objective.cpp (f, gradient, Hessian products), newton.cpp, mm.cpp (the two
// iterations), posterior_variances.cpp (variances, components), solve.cpp (the driver).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"

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

/// Everything the Newton / MM iterations and the variance code need.
struct MapProblem {
  const PairTable* pairs = nullptr;
  Model model = Model::kBradleyTerry;
  double prior_strength = 0.01;
  double prior_mean = 0.0;
  std::vector<char> fixed;         // item -> held at its anchor value
  std::vector<double> fixed_value;
  bool has_anchors = false;
};

// --- objective.cpp ---

/// f (negative log posterior) at s, its gradient (0 at fixed items) and, if h != nullptr,
/// the curvature d2f/dd2 of every pair.
double Evaluate(const MapProblem& problem, const std::vector<double>& s, std::vector<double>* g,
                std::vector<double>* h);

/// out = H v on free items (v must be 0 at fixed items; out is 0 there).
void HessianTimes(const MapProblem& problem, const std::vector<double>& h,
                  const std::vector<double>& v, std::vector<double>* out);

/// Total comparison weight per item.
std::vector<double> ItemWeights(const PairTable& table);

/// max_i |g_i| / (prior_strength + item_weight_i) over free items: scaled per item so one
/// tolerance fits a 5-vote item and a 5,000-vote item.
double ScaledGradientNorm(const MapProblem& problem, const std::vector<double>& g,
                          const std::vector<double>& item_weight);

/// The tests both iterations run before step `iteration`: a non-finite cost (checked
/// first: a NaN gradient reads as 0 in the norm), the gradient tolerance, the iteration
/// cap. True, with summary->termination set, when they must stop.
bool StopBeforeStep(int iteration, double cost, double gradient_norm, const SolverOptions& options,
                    SolverSummary* summary);

/// After a step: records it in *summary, reports it to the callback, and is true (with
/// termination set) when the callback aborts or the gradient tolerance holds.
bool StopAfterStep(const IterationSummary& step, const SolverOptions& options,
                   SolverSummary* summary);

// --- newton.cpp, mm.cpp: from *s (size item_count, fixed entries already set); fill the
// iteration fields of *summary.

void NewtonSolve(const MapProblem& problem, const SolverOptions& options,
                 std::vector<double>* s, SolverSummary* summary);

/// Hunter's MM for Bradley–Terry with the Gaussian prior handled in the 1-D step.
void MMSolve(const MapProblem& problem, const SolverOptions& options,
             std::vector<double>* s, SolverSummary* summary);

// --- posterior_variances.cpp ---

/// Posterior variances of the (gauge-fixed) scores at s: 0 for fixed items.
std::vector<double> PosteriorVariances(const MapProblem& problem, const SolverOptions& options,
                                       const std::vector<double>& s, IntervalMethod* used);

/// Number of connected components among free items (edges between free items only;
/// an item tied to an anchor counts as attached to the anchored component).
std::size_t CountComponents(const MapProblem& problem);

/// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
double NormalQuantile(double p);

}  // namespace versus::sorting::internal
