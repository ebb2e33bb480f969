// The objective f = negative log posterior of a MapProblem (see map_solver_pvt.hpp): its
// value, gradient, per-pair curvature and Hessian-vector products, and the stopping
// tests Newton and MM share.
#include <algorithm>
#include <cmath>

#include "map_solver_pvt.hpp"

namespace versus::sorting::internal {
namespace {

constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kInvSqrt2Pi = 0.3989422804014327;
constexpr double kLogSqrt2Pi = 0.9189385332046727;

// log Phi(x) and phi(x)/Phi(x) (inverse Mills ratio) for the probit link, stable far
// into the lower tail where Phi itself underflows.
double LogNormalCdf(double x) {
  if (x > -30.0) return std::log(0.5 * std::erfc(-x / kSqrt2));
  const double x2 = x * x;
  return -0.5 * x2 - std::log(-x) - kLogSqrt2Pi + std::log(1.0 - 1.0 / x2 + 3.0 / (x2 * x2));
}
double MillsRatio(double x) {
  if (x > -30.0) return kInvSqrt2Pi * std::exp(-0.5 * x * x) / (0.5 * std::erfc(-x / kSqrt2));
  const double x2 = x * x;
  return -x / (1.0 - 1.0 / x2 + 3.0 / (x2 * x2));
}

// Per pair: f_p, df_p/dd, d2f_p/dd2 for Y wins of a out of W. The logistic terms are
// written in their overflow-safe form (softplus), not through WinProbability.
struct Terms {
  double f, g, h;
};
Terms PairTerms(Model model, double d, double Y, double W) {
  if (model == Model::kBradleyTerry) {
    const double e = std::exp(-std::fabs(d));
    const double softplus = std::max(d, 0.0) + std::log1p(e);  // -log P(-d) = log(1+e^d)
    const double sig = d >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    return {W * softplus - Y * d, W * sig - Y, W * sig * (1.0 - sig)};
  }
  Terms t{0.0, 0.0, 0.0};
  const double L = W - Y;
  if (Y > 0) {
    const double r = MillsRatio(d);
    t.f -= Y * LogNormalCdf(d);
    t.g -= Y * r;
    t.h += Y * r * (d + r);
  }
  if (L > 0) {
    const double r = MillsRatio(-d);
    t.f -= L * LogNormalCdf(-d);
    t.g += L * r;
    t.h += L * r * (r - d);
  }
  return t;
}

}  // namespace

double Evaluate(const MapProblem& pr, const std::vector<double>& s, std::vector<double>* g,
                std::vector<double>* h) {
  const PairTable& t = *pr.pairs;
  const std::size_t n = t.item_count;
  double f = 0.0;
  g->assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (pr.fixed[i]) continue;
    const double r = s[i] - pr.prior_mean;
    f += 0.5 * pr.prior_strength * r * r;
    (*g)[i] = pr.prior_strength * r;
  }
  if (h) h->resize(t.size());
  for (std::size_t p = 0; p < t.size(); ++p) {
    const std::uint32_t a = t.a[p], b = t.b[p];
    const Terms x = PairTerms(pr.model, s[a] - s[b], t.wins_a[p], t.weight[p]);
    f += x.f;
    (*g)[a] += x.g;
    (*g)[b] -= x.g;
    if (h) (*h)[p] = x.h;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (pr.fixed[i]) (*g)[i] = 0.0;
  return f;
}

void HessianTimes(const MapProblem& pr, const std::vector<double>& h, const std::vector<double>& v,
                  std::vector<double>* out) {
  const PairTable& t = *pr.pairs;
  const std::size_t n = t.item_count;
  out->resize(n);
  for (std::size_t i = 0; i < n; ++i) (*out)[i] = pr.prior_strength * v[i];
  for (std::size_t p = 0; p < t.size(); ++p) {
    const std::uint32_t a = t.a[p], b = t.b[p];
    const double x = h[p] * (v[a] - v[b]);
    (*out)[a] += x;
    (*out)[b] -= x;
  }
  if (pr.has_anchors)
    for (std::size_t i = 0; i < n; ++i)
      if (pr.fixed[i]) (*out)[i] = 0.0;
}

std::vector<double> ItemWeights(const PairTable& t) {
  std::vector<double> w(t.item_count, 0.0);
  for (std::size_t p = 0; p < t.size(); ++p) {
    w[t.a[p]] += t.weight[p];
    w[t.b[p]] += t.weight[p];
  }
  return w;
}

double ScaledGradientNorm(const MapProblem& pr, const std::vector<double>& g,
                          const std::vector<double>& item_weight) {
  double m = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (!pr.fixed[i]) m = std::max(m, std::fabs(g[i]) / (pr.prior_strength + item_weight[i]));
  return m;
}

bool StopBeforeStep(int iteration, double cost, double gradient_norm, const SolverOptions& options,
                    SolverSummary* summary) {
  if (!std::isfinite(cost))
    summary->termination = TerminationType::kFailure;
  else if (gradient_norm <= options.gradient_tolerance)
    summary->termination = TerminationType::kGradientTolerance;
  else if (iteration > options.max_iterations)
    summary->termination = TerminationType::kMaxIterations;
  else
    return false;
  return true;
}

bool StopAfterStep(const IterationSummary& step, const SolverOptions& options,
                   SolverSummary* summary) {
  summary->iterations = step.iteration;
  summary->final_cost = step.cost;
  summary->final_gradient_max_norm = step.gradient_max_norm;
  summary->final_change = step.step_max_norm;
  if (options.callback && options.callback(step) == CallbackReturnType::kAbort)
    summary->termination = TerminationType::kUserAbort;
  else if (step.gradient_max_norm <= options.gradient_tolerance)
    summary->termination = TerminationType::kGradientTolerance;
  else
    return false;
  return true;
}

}  // namespace versus::sorting::internal
