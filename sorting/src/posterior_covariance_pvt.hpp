#pragma once
// Private to sorting/: the dense posterior covariance active sampling needs for small n.
#include <cstddef>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::sorting::internal {

/// Fisher information of one outcome at score difference d (sigma(d) sigma(-d) for
/// Bradley-Terry, phi(d)^2 / (Phi(d) Phi(-d)) for Thurstone).
double OutcomeInformation(double d, Model model);

/// Cholesky H = L L^T in place (n x n, row-major; L in the lower triangle, inner loops
/// contiguous). False when H is not positive definite.
bool CholeskyInPlace(std::vector<double>& H, std::size_t n);

/// Posterior covariance of the scores at mu given so_far (dense, O(n^3): small n only),
/// row-major n x n. H = sum_c w_c I(d_c) (e_a - e_b)(e_a - e_b)^T + prior I + 11^T / n.
/// The 11^T/n term only fixes the gauge: it cancels in every contrast (e_a - e_b)^T Sigma,
/// the only thing active sampling reads.
std::vector<double> DenseCovariance(const ComparisonSet& so_far, const std::vector<double>& mu,
                                    Model model, double prior);

}  // namespace versus::sorting::internal
