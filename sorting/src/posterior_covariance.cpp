// Dense posterior covariance of the scores (see posterior_covariance_pvt.hpp).
#include "posterior_covariance_pvt.hpp"

#include <algorithm>
#include <cmath>

#include "versus/sorting/error.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::sorting::internal {

double OutcomeInformation(double d, Model model) {
  if (model == Model::kBradleyTerry) {
    const double p = WinProbability(d);
    return p * (1 - p);
  }
  const double P = NormalCdf(d);
  const double phi = 0.3989422804014327 * std::exp(-0.5 * d * d);
  return phi * phi / std::max(P * (1 - P), 1e-300);
}

bool CholeskyInPlace(std::vector<double>& H, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {
    double* Lj = &H[j * n];
    double d = Lj[j];
    for (std::size_t k = 0; k < j; ++k) d -= Lj[k] * Lj[k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    Lj[j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double* Li = &H[i * n];
      double x = Li[j];
      for (std::size_t k = 0; k < j; ++k) x -= Li[k] * Lj[k];
      Li[j] = x / d;
    }
  }
  return true;
}

std::vector<double> DenseCovariance(const ComparisonSet& so_far, const std::vector<double>& mu,
                                    Model model, double prior) {
  const std::size_t n = mu.size();
  std::vector<double> H(n * n, 1.0 / static_cast<double>(n));
  for (std::size_t i = 0; i < n; ++i) H[i * n + i] += prior;
  for (const Comparison& c : so_far.comparisons) {
    if (c.a == c.b || c.a >= n || c.b >= n || !(c.weight > 0)) continue;
    const double w = c.weight * OutcomeInformation(mu[c.a] - mu[c.b], model);
    H[c.a * n + c.a] += w;
    H[c.b * n + c.b] += w;
    H[c.a * n + c.b] -= w;
    H[c.b * n + c.a] -= w;
  }
  if (!CholeskyInPlace(H, n))
    throw Error("internal: posterior precision not positive definite in active sampling");
  // X = L^-1 (row j holds column j of L^-1, entries j..n-1), then Sigma = X^T X.
  std::vector<double> X(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double* x = &X[j * n];
    for (std::size_t i = j; i < n; ++i) {
      const double* Li = &H[i * n];
      double v = (i == j) ? 1.0 : 0.0;
      for (std::size_t k = j; k < i; ++k) v -= Li[k] * x[k];
      x[i] = v / Li[i];
    }
  }
  // Sigma_ab = sum_k (L^-1)_{k a} (L^-1)_{k b} = sum_j X[j][a] X[j][b].
  std::vector<double> S(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    const double* x = &X[j * n];
    for (std::size_t a = j; a < n; ++a) {
      const double xa = x[a];
      if (xa == 0) continue;
      double* Sa = &S[a * n];
      for (std::size_t b = j; b <= a; ++b) Sa[b] += xa * x[b];
    }
  }
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < a; ++b) S[b * n + a] = S[a * n + b];
  return S;
}

}  // namespace versus::sorting::internal
