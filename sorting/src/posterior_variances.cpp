// The posterior variances behind the 95% intervals (exact: dense Cholesky of the
// Hessian; approximate: Gaussian belief propagation on the comparison graph), the
// component count and the normal quantile the intervals use.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "map_solver_pvt.hpp"
#include "posterior_covariance_pvt.hpp"
#include "versus/sorting/error.hpp"

namespace versus::sorting::internal {

std::vector<double> PosteriorVariances(const MapProblem& pr, const SolverOptions& st,
                                       const std::vector<double>& s, IntervalMethod* used) {
  const PairTable& t = *pr.pairs;
  const std::size_t n = t.item_count;
  std::vector<double> g, h;
  Evaluate(pr, s, &g, &h);
  std::vector<std::uint32_t> free_index(n, 0xFFFFFFFFu);
  std::size_t nf = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!pr.fixed[i]) free_index[i] = static_cast<std::uint32_t>(nf++);
  IntervalMethod method = st.interval_method;
  if (method == IntervalMethod::kAuto)
    method = nf <= st.exact_interval_max_items ? IntervalMethod::kExact
                                               : IntervalMethod::kApproximate;
  *used = method;
  std::vector<double> var(n, 0.0);
  if (method == IntervalMethod::kNone || nf == 0) return var;
  const double lambda = pr.prior_strength;

  if (method == IntervalMethod::kExact) {
    // Dense H over free items. Without anchors, H's constant vector has eigenvalue lambda:
    // the gauge direction, whose variance 1/(n lambda) says nothing about relative scores.
    // Adding alpha/n to every entry moves that eigenvalue to lambda + alpha, leaving the
    // others; the gauge-fixed variance is then diag(H'^-1) - 1/(n (lambda + alpha)).
    const double alpha = pr.has_anchors ? 0.0 : 1.0;
    std::vector<double> H(nf * nf, alpha / static_cast<double>(nf));
    for (std::size_t i = 0; i < nf; ++i) H[i * nf + i] += lambda;
    for (std::size_t p = 0; p < t.size(); ++p) {
      const std::uint32_t a = free_index[t.a[p]], b = free_index[t.b[p]];
      if (a != 0xFFFFFFFFu) H[a * nf + a] += h[p];
      if (b != 0xFFFFFFFFu) H[b * nf + b] += h[p];
      if (a != 0xFFFFFFFFu && b != 0xFFFFFFFFu) {
        H[a * nf + b] -= h[p];
        H[b * nf + a] -= h[p];
      }
    }
    if (!CholeskyInPlace(H, nf))
      throw Error("internal: Hessian not positive definite in interval computation");
    // diag(H^-1)_i = sum_k (L^-1)_{k i}^2: solve L x = e_j column by column.
    std::vector<double> dinv(nf, 0.0), x(nf);
    for (std::size_t j = 0; j < nf; ++j) {
      for (std::size_t i = j; i < nf; ++i) {
        const double* Li = &H[i * nf];
        double v = (i == j) ? 1.0 : 0.0;
        for (std::size_t k = j; k < i; ++k) v -= Li[k] * x[k];
        x[i] = v / Li[i];
        dinv[j] += x[i] * x[i];
      }
    }
    // dinv[j] accumulated column j of L^-1, i.e. sum_i (L^-1)_{ij}^2 = (H^-1)_{jj}.
    const double gauge = alpha > 0 ? 1.0 / (static_cast<double>(nf) * (lambda + alpha)) : 0.0;
    for (std::size_t i = 0; i < n; ++i)
      if (!pr.fixed[i]) var[i] = std::max(dinv[free_index[i]] - gauge, 0.0);
    return var;
  }

  // Gaussian belief propagation for the marginal precisions (exact on trees; on the
  // locally tree-like graphs of sparse designs it misses only long loops). H is
  // diagonally dominant, so it converges. Message m_{a->b} = -h^2 / (S_a - m_{b->a}),
  // S_i = H_ii + sum of incoming messages, variance = 1 / S_i.
  std::vector<double> Hii(n, 0.0), S(n), m_ab(t.size(), 0.0), m_ba(t.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i) Hii[i] = pr.fixed[i] ? 1.0 : lambda;
  for (std::size_t p = 0; p < t.size(); ++p) {
    Hii[t.a[p]] += h[p];
    Hii[t.b[p]] += h[p];
  }
  for (int sweep = 0; sweep < 100; ++sweep) {
    S = Hii;
    for (std::size_t p = 0; p < t.size(); ++p) {
      S[t.b[p]] += m_ab[p];
      S[t.a[p]] += m_ba[p];
    }
    double delta = 0.0;
    for (std::size_t p = 0; p < t.size(); ++p) {
      const std::uint32_t a = t.a[p], b = t.b[p];
      const double h2 = h[p] * h[p];
      // A fixed item sends nothing: it has no uncertainty to pass on.
      const double nab = pr.fixed[a] ? 0.0 : -h2 / (S[a] - m_ba[p]);
      const double nba = pr.fixed[b] ? 0.0 : -h2 / (S[b] - m_ab[p]);
      delta = std::max(delta, std::fabs(nab - m_ab[p]) / Hii[b]);
      delta = std::max(delta, std::fabs(nba - m_ba[p]) / Hii[a]);
      m_ab[p] = nab;
      m_ba[p] = nba;
    }
    if (delta < 1e-7) break;
  }
  S = Hii;
  for (std::size_t p = 0; p < t.size(); ++p) {
    S[t.b[p]] += m_ab[p];
    S[t.a[p]] += m_ba[p];
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!pr.fixed[i]) var[i] = 1.0 / S[i];
  return var;
}

std::size_t CountComponents(const MapProblem& pr) {
  const PairTable& t = *pr.pairs;
  const std::size_t n = t.item_count;
  std::vector<std::uint32_t> parent(n + 1);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const std::uint32_t anchor_root = static_cast<std::uint32_t>(n);
  auto node = [&](std::uint32_t i) { return pr.fixed[i] ? anchor_root : i; };
  for (std::size_t p = 0; p < t.size(); ++p) {
    const std::uint32_t x = find(node(t.a[p])), y = find(node(t.b[p]));
    if (x != y) parent[x] = y;
  }
  std::vector<char> seen(n + 1, 0);
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (pr.fixed[i]) continue;
    const std::uint32_t r = find(static_cast<std::uint32_t>(i));
    if (!seen[r]) {
      seen[r] = 1;
      ++count;
    }
  }
  return count;
}

double NormalQuantile(double p) {
  // Acklam's algorithm.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                             -2.759285104469687e+02, 1.383577518672690e+02,
                             -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                             -1.556989798598866e+02, 6.680131188771972e+01,
                             -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                             -2.400758277161838e+00, -2.549732539343734e+00,
                             4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                             2.445134137142996e+00, 3.754408661907416e+00};
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  const double plow = 0.02425;
  if (p < plow) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - plow) return -NormalQuantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace versus::sorting::internal
