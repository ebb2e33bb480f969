// Newton-CG and MM for the MAP scores, and the driver SolveMap (intervals: posterior_variances.cpp).
//
// Objective (f = negative log posterior), over free items i, pairs p = (a, b), d = s_a - s_b:
//   f(s) = sum_p -[ Y_p log P(d) + (W_p - Y_p) log P(-d) ] + lambda/2 sum_i (s_i - mu)^2
// with P the logistic (Bradley–Terry) or normal (Thurstone) CDF. Both -log P are convex, so
// f is strictly convex (lambda > 0) and has one minimum. Its Hessian is a weighted graph
// Laplacian plus lambda I: H v = lambda v + sum_p h_p (v_a - v_b)(e_a - e_b).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

#include "map_solver_pvt.hpp"
#include "versus/sorting/error.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::sorting::internal {
namespace {

constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kInvSqrt2Pi = 0.3989422804014327;
constexpr double kLogSqrt2Pi = 0.9189385332046727;

// log Phi(x) and phi(x)/Phi(x) (inverse Mills ratio), stable far into the lower tail.
inline double LogNormalCdf(double x) {
  if (x > -30.0) return std::log(0.5 * std::erfc(-x / kSqrt2));
  const double x2 = x * x;
  return -0.5 * x2 - std::log(-x) - kLogSqrt2Pi + std::log(1.0 - 1.0 / x2 + 3.0 / (x2 * x2));
}
inline double MillsRatio(double x) {
  if (x > -30.0) return kInvSqrt2Pi * std::exp(-0.5 * x * x) / (0.5 * std::erfc(-x / kSqrt2));
  const double x2 = x * x;
  return -x / (1.0 - 1.0 / x2 + 3.0 / (x2 * x2));
}

// Per pair: f_p, df_p/dd, d2f_p/dd2 for Y wins of a out of W.
struct Terms {
  double f, g, h;
};
inline Terms PairTerms(Model model, double d, double Y, double W) {
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

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Gradient scaled per item so one tolerance fits a 5-vote item and a 5,000-vote item.
double ScaledGradientNorm(const MapProblem& pr, const std::vector<double>& g,
                          const std::vector<double>& item_weight) {
  double m = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (!pr.fixed[i]) m = std::max(m, std::fabs(g[i]) / (pr.prior_strength + item_weight[i]));
  return m;
}

std::vector<double> ItemWeights(const PairTable& t) {
  std::vector<double> w(t.item_count, 0.0);
  for (std::size_t p = 0; p < t.size(); ++p) {
    w[t.a[p]] += t.weight[p];
    w[t.b[p]] += t.weight[p];
  }
  return w;
}

// out = H v on free items (v must be 0 at fixed items; out is 0 there).
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

double Dot(const std::vector<double>& x, const std::vector<double>& y) {
  double s = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
  return s;
}

// Jacobi-preconditioned CG for H x = rhs; stops when |r| <= tol. Returns iterations.
int ConjugateGradient(const MapProblem& pr, const std::vector<double>& h,
                      const std::vector<double>& diag, const std::vector<double>& rhs, double tol,
                      int max_iterations, std::vector<double>* x) {
  const std::size_t n = rhs.size();
  x->assign(n, 0.0);
  std::vector<double> r = rhs, z(n), p(n), q(n);
  for (std::size_t i = 0; i < n; ++i) z[i] = r[i] / diag[i];
  p = z;
  double rz = Dot(r, z);
  int k = 0;
  while (k < max_iterations && std::sqrt(Dot(r, r)) > tol) {
    HessianTimes(pr, h, p, &q);
    const double pq = Dot(p, q);
    if (!(pq > 0)) break;
    const double alpha = rz / pq;
    for (std::size_t i = 0; i < n; ++i) {
      (*x)[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      z[i] = r[i] / diag[i];
    }
    const double rz_new = Dot(r, z);
    const double beta = rz_new / rz;
    rz = rz_new;
    for (std::size_t i = 0; i < n; ++i) p[i] = z[i] + beta * p[i];
    ++k;
  }
  return k;
}

bool Report(const MapSettings& st, const IterationSummary& it) {
  return st.callback && *st.callback && (*st.callback)(it) == CallbackReturnType::kAbort;
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

void NewtonSolve(const MapProblem& pr, const MapSettings& st, std::vector<double>* s_io,
                 SolverSummary* sum) {
  std::vector<double>& s = *s_io;
  const std::size_t n = s.size();
  const std::vector<double> item_weight = ItemWeights(*pr.pairs);
  std::vector<double> g, h, g_trial, h_trial, step, trial(n), diag(n), rhs(n);
  double f = Evaluate(pr, s, &g, &h);
  sum->initial_cost = sum->final_cost = f;
  double gnorm = ScaledGradientNorm(pr, g, item_weight);
  sum->final_gradient_max_norm = gnorm;
  const double g0 = std::sqrt(Dot(g, g));
  for (int it = 1;; ++it) {
    if (gnorm <= st.gradient_tolerance) {
      sum->termination = TerminationType::kGradientTolerance;
      break;
    }
    if (it > st.max_iterations) {
      sum->termination = TerminationType::kMaxIterations;
      break;
    }
    // Newton step H p = -g, solved inexactly: forcing term eta = min(0.5, sqrt(|g|/|g0|))
    // gives superlinear convergence without over-solving far from the optimum.
    for (std::size_t i = 0; i < n; ++i) {
      diag[i] = pr.fixed[i] ? 1.0 : pr.prior_strength;
      rhs[i] = -g[i];
    }
    for (std::size_t p = 0; p < h.size(); ++p) {
      diag[pr.pairs->a[p]] += h[p];
      diag[pr.pairs->b[p]] += h[p];
    }
    const double gl2 = std::sqrt(Dot(g, g));
    const double eta = std::min(0.5, std::sqrt(gl2 / std::max(g0, 1e-300)));
    const int cg = ConjugateGradient(pr, h, diag, rhs, eta * gl2,
                                     st.max_linear_solver_iterations, &step);
    sum->linear_solver_iterations += cg;
    // Armijo backtracking: f(s + a p) <= f + 1e-4 a g.p, halving a.
    const double slope = Dot(g, step);
    // Newton decrement: the full step would lower f by about -slope/2. Below rounding
    // (function_tolerance) no line search can succeed: converged.
    if (-0.5 * slope <= st.function_tolerance * (1.0 + std::fabs(f))) {
      sum->iterations = it;
      sum->termination = TerminationType::kFunctionTolerance;
      break;
    }
    double alpha = 1.0, f_trial = f;
    bool accepted = false;
    if (slope < 0) {
      // At most 20 halvings: near the optimum a failed Armijo test means rounding noise.
      for (int ls = 0; ls < 20; ++ls, alpha *= 0.5) {
        for (std::size_t i = 0; i < n; ++i) trial[i] = s[i] + alpha * step[i];
        f_trial = Evaluate(pr, trial, &g_trial, &h_trial);
        if (f_trial <= f + 1e-4 * alpha * slope) {
          accepted = true;
          break;
        }
      }
    }
    double change = 0.0;
    if (accepted) {
      for (std::size_t i = 0; i < n; ++i) change = std::max(change, std::fabs(trial[i] - s[i]));
      s.swap(trial);
      g.swap(g_trial);
      h.swap(h_trial);
    }
    const double f_old = f;
    if (accepted) f = f_trial;
    gnorm = ScaledGradientNorm(pr, g, item_weight);
    sum->iterations = it;
    sum->final_cost = f;
    sum->final_gradient_max_norm = gnorm;
    sum->final_change = change;
    if (Report(st, {it, f, gnorm, change, cg})) {
      sum->termination = TerminationType::kUserAbort;
      break;
    }
    if (gnorm <= st.gradient_tolerance) {
      sum->termination = TerminationType::kGradientTolerance;
      break;
    }
    if (std::fabs(f_old - f) <= st.function_tolerance * (1.0 + std::fabs(f_old))) {
      sum->termination = TerminationType::kFunctionTolerance;
      break;
    }
    if (change <= st.parameter_tolerance) {
      // Includes "no descent step found": we are at the optimum to rounding.
      sum->termination = TerminationType::kParameterTolerance;
      break;
    }
  }
}

void MMSolve(const MapProblem& pr, const MapSettings& st, std::vector<double>* s_io,
             SolverSummary* sum) {
  // Hunter (2004): -log(e^{s_a} + e^{s_b}) is minorized at the current point by a function
  // separable in the items, so item i maximizes  W_i s - E_i e^{s - s_i} - lambda/2 (s-mu)^2
  // with W_i its (soft) wins and E_i = sum_p W_p P(i beats j) its expected wins. The 1-D
  // maximizer solves W_i - E_i e^delta - lambda (s_i + delta - mu) = 0 (concave, decreasing
  // derivative): a few safeguarded Newton steps. Every sweep increases the posterior.
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
  const double lambda = pr.prior_strength;
  for (int it = 1;; ++it) {
    if (gnorm <= st.gradient_tolerance) {
      sum->termination = TerminationType::kGradientTolerance;
      break;
    }
    if (it > st.max_iterations) {
      sum->termination = TerminationType::kMaxIterations;
      break;
    }
    std::fill(expected.begin(), expected.end(), 0.0);
    for (std::size_t p = 0; p < t.size(); ++p) {
      const double d = s[t.a[p]] - s[t.b[p]];
      const double pa = WinProbability(d);
      expected[t.a[p]] += t.weight[p] * pa;
      expected[t.b[p]] += t.weight[p] * (1.0 - pa);
    }
    double change = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (pr.fixed[i]) continue;
      double delta = 0.0;
      for (int k = 0; k < 8; ++k) {
        const double e = expected[i] * std::exp(delta);
        const double fd = wins[i] - e - lambda * (s[i] + delta - pr.prior_mean);
        const double step = fd / (e + lambda);
        delta = std::clamp(delta + step, -4.0, 4.0);  // a bounded move still ascends
        if (std::fabs(step) < 1e-13) break;
      }
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
    const double f_old = f;
    f = Evaluate(pr, s, &g, nullptr);
    gnorm = ScaledGradientNorm(pr, g, item_weight);
    sum->iterations = it;
    sum->final_cost = f;
    sum->final_gradient_max_norm = gnorm;
    sum->final_change = change;
    if (Report(st, {it, f, gnorm, change, 0})) {
      sum->termination = TerminationType::kUserAbort;
      break;
    }
    if (gnorm <= st.gradient_tolerance) {
      sum->termination = TerminationType::kGradientTolerance;
      break;
    }
    // No function-tolerance test: MM's cost changes are tiny long before it converges.
    (void)f_old;
    if (change <= st.parameter_tolerance) {
      sum->termination = TerminationType::kParameterTolerance;
      break;
    }
  }
}

void SolveMap(MapProblem pr, const MapSettings& st, bool use_mm, bool warm_start,
              const ComparisonSet& data, const std::vector<Anchor>& anchors, Scores* scores,
              SolverSummary* sum) {
  if (!scores || !sum) throw Error("Solve: scores and summary must not be null");
  const double t0 = Now();
  const std::size_t n = data.item_count;
  if (data.comparisons.size() >= 0xFFFFFFFFull)
    throw Error("too many comparisons (" + std::to_string(data.comparisons.size()) +
                "); at most 2^32 - 2 per solve");
  const PairTable table = BuildPairTable(data);
  pr.pairs = &table;
  pr.fixed.assign(n, 0);
  pr.fixed_value.assign(n, 0.0);
  pr.has_anchors = !anchors.empty();
  for (std::size_t k = 0; k < anchors.size(); ++k) {
    const Anchor& an = anchors[k];
    if (an.item >= n)
      throw Error("anchor #" + std::to_string(k) + ": item index " + std::to_string(an.item) +
                  " is out of range (item_count = " + std::to_string(n) + ")");
    if (!std::isfinite(an.score))
      throw Error("anchor #" + std::to_string(k) + " (item " + std::to_string(an.item) +
                  "): score must be finite");
    if (pr.fixed[an.item])
      throw Error("item " + std::to_string(an.item) +
                  " is anchored twice; give each anchor one score");
    pr.fixed[an.item] = 1;
    pr.fixed_value[an.item] = an.score;
  }

  SolverSummary& S = *sum;
  const std::string model = S.model, method = S.method;
  S = SolverSummary{};
  S.model = model;
  S.method = method;
  S.item_count = n;
  S.comparisons_used = table.comparisons_used;
  S.self_comparisons_ignored = table.self_comparisons_ignored;
  S.zero_weight_ignored = table.zero_weight_ignored;
  S.pair_count = table.size();
  S.anchors = anchors.size();
  S.connected_components = CountComponents(pr);

  std::vector<double> s(n, pr.prior_mean);
  if (warm_start && scores->score.size() == n &&
      std::all_of(scores->score.begin(), scores->score.end(),
                  [](double v) { return std::isfinite(v); }))
    s = scores->score;
  for (std::size_t i = 0; i < n; ++i)
    if (pr.fixed[i]) s[i] = pr.fixed_value[i];

  if (table.size() == 0) {
    std::fill(s.begin(), s.end(), pr.prior_mean);
    for (std::size_t i = 0; i < n; ++i)
      if (pr.fixed[i]) s[i] = pr.fixed_value[i];
    S.termination = TerminationType::kNoComparisons;
    S.message = "no usable comparisons: every free score is the prior mean";
  } else if (use_mm) {
    MMSolve(pr, st, &s, &S);
  } else {
    NewtonSolve(pr, st, &s, &S);
  }
  if (S.message.empty()) {
    std::ostringstream m;
    switch (S.termination) {
      case TerminationType::kGradientTolerance:
        m << "converged: scaled gradient " << S.final_gradient_max_norm
          << " <= gradient_tolerance " << st.gradient_tolerance;
        break;
      case TerminationType::kFunctionTolerance:
        m << "converged: relative cost change <= function_tolerance " << st.function_tolerance;
        break;
      case TerminationType::kParameterTolerance:
        m << "converged: largest score change " << S.final_change
          << " <= parameter_tolerance " << st.parameter_tolerance;
        break;
      case TerminationType::kMaxIterations:
        m << "not converged after max_iterations = " << st.max_iterations
          << " (scaled gradient " << S.final_gradient_max_norm << "); scores are the last iterate";
        break;
      case TerminationType::kUserAbort:
        m << "aborted by the iteration callback; scores are the last iterate";
        break;
      case TerminationType::kNoComparisons:
        break;
    }
    S.message = m.str();
  }

  const double ti = Now();
  IntervalMethod used = IntervalMethod::kNone;
  std::vector<double> var = PosteriorVariances(pr, st, s, &used);
  S.interval_method = used;
  S.interval_time_seconds = Now() - ti;
  scores->score = s;
  scores->ci_low.clear();
  scores->ci_high.clear();
  scores->variance.clear();
  if (used != IntervalMethod::kNone) {
    const double z = NormalQuantile(0.5 + 0.5 * st.interval_level);
    scores->ci_low.resize(n);
    scores->ci_high.resize(n);
    scores->variance.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      // With no comparisons at all, the free scores' uncertainty is the prior's.
      const double v = (table.size() == 0 && !pr.fixed[i]) ? 1.0 / pr.prior_strength : var[i];
      scores->variance[i] = v;
      const double half = z * std::sqrt(v);
      scores->ci_low[i] = s[i] - half;
      scores->ci_high[i] = s[i] + half;
    }
  }
  S.total_time_seconds = Now() - t0;
}

}  // namespace versus::sorting::internal
