// Hunter's (2004) minorize-maximize iteration for Bradley–Terry MAP scores.
//
// -log(e^{s_a} + e^{s_b}) is minorized at the current point by a function separable in
// the items, so item i maximizes  W_i s - E_i e^{s - s_i} - lambda/2 (s-mu)^2  with W_i its
// (soft) wins and E_i = sum_p W_p P(i beats j) its expected wins. The 1-D maximizer solves
// W_i - E_i e^delta - lambda (s_i + delta - mu) = 0 (concave, decreasing derivative): a
// few safeguarded Newton steps. Every sweep increases the posterior.
#include <algorithm>
#include <cmath>

#include "map_solver_pvt.hpp"
#include "versus/sorting/error.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::sorting::internal {
namespace {

// E_i: each item's expected (weighted) wins at the scores s.
void ExpectedWins(const PairTable& t, const std::vector<double>& s, std::vector<double>* expected) {
  std::fill(expected->begin(), expected->end(), 0.0);
  for (std::size_t p = 0; p < t.size(); ++p) {
    const double pa = WinProbability(s[t.a[p]] - s[t.b[p]]);
    (*expected)[t.a[p]] += t.weight[p] * pa;
    (*expected)[t.b[p]] += t.weight[p] * (1.0 - pa);
  }
}

// The 1-D maximizer's step delta for one item (see the file comment).
double ItemStep(double wins, double expected, double score, double lambda, double prior_mean) {
  double delta = 0.0;
  for (int k = 0; k < 8; ++k) {
    const double e = expected * std::exp(delta);
    const double fd = wins - e - lambda * (score + delta - prior_mean);
    const double step = fd / (e + lambda);
    delta = std::clamp(delta + step, -4.0, 4.0);  // a bounded move still ascends
    if (std::fabs(step) < 1e-13) break;
  }
  return delta;
}

}  // namespace

void MMSolve(const MapProblem& pr, const SolverOptions& st, std::vector<double>* s_io,
             SolverSummary* sum) {
  if (pr.model != Model::kBradleyTerry) throw Error("MM is implemented for Bradley-Terry only");
  std::vector<double>& s = *s_io;
  const PairTable& t = *pr.pairs;
  const std::size_t n = s.size();
  const std::vector<double> item_weight = ItemWeights(t);
  std::vector<double> wins(n, 0.0), expected(n), g;
  for (std::size_t p = 0; p < t.size(); ++p) {
    wins[t.a[p]] += t.wins_a[p];
    wins[t.b[p]] += t.weight[p] - t.wins_a[p];
  }
  double f = Evaluate(pr, s, &g, nullptr);
  sum->initial_cost = sum->final_cost = f;
  double gnorm = ScaledGradientNorm(pr, g, item_weight);
  sum->final_gradient_max_norm = gnorm;
  for (int it = 1;; ++it) {
    if (StopBeforeStep(it, f, gnorm, st, sum)) break;
    ExpectedWins(t, s, &expected);
    double change = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (pr.fixed[i]) continue;
      const double delta = ItemStep(wins[i], expected[i], s[i], pr.prior_strength, pr.prior_mean);
      s[i] += delta;
      change = std::max(change, std::fabs(delta));
    }
    if (!pr.has_anchors) {
      // The likelihood is shift-invariant, so the per-item steps barely move the mean
      // (only the weak prior pulls on it). Shifting every score to mean mu is exact for
      // that direction and only lowers the prior term: still monotone.
      double mean = 0.0;
      for (double v : s) mean += v;
      mean /= static_cast<double>(n);
      for (double& v : s) v += pr.prior_mean - mean;
    }
    f = Evaluate(pr, s, &g, nullptr);
    gnorm = ScaledGradientNorm(pr, g, item_weight);
    if (StopAfterStep({it, f, gnorm, change, 0}, st, sum)) break;
    // No function-tolerance test: MM's cost changes are tiny long before it converges.
    if (change <= st.parameter_tolerance) {
      sum->termination = TerminationType::kParameterTolerance;
      break;
    }
  }
}

}  // namespace versus::sorting::internal
