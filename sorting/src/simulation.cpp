// Simulated ground truth and Spearman's rho (tests and bench judge fits with these).
#include "versus/sorting/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "versus/sorting/link_function.hpp"

namespace versus::sorting {

std::vector<double> SimulateTrueScores(std::size_t n, double spread, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, spread);
  std::vector<double> s(n);
  for (double& x : s) x = normal(rng);
  if (n > 0) {
    const double mean = std::accumulate(s.begin(), s.end(), 0.0) / static_cast<double>(n);
    for (double& x : s) x -= mean;
  }
  return s;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> RandomPairs(std::size_t n,
                                                                 std::size_t count,
                                                                 std::uint64_t seed) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  if (n < 2) return out;
  out.reserve(count);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
  while (out.size() < count) {
    const std::uint32_t a = pick(rng), b = pick(rng);
    if (a != b) out.emplace_back(a, b);
  }
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> AllPairs(std::size_t n, std::size_t repeats) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::size_t r = 0; r < repeats; ++r)
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n; ++b) out.emplace_back(a, b);
  return out;
}

void SimulateOutcomes(const std::vector<double>& truth,
                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                      Model model, std::uint64_t seed, ComparisonSet* out) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  out->item_count = std::max(out->item_count, truth.size());
  out->comparisons.reserve(out->comparisons.size() + pairs.size());
  for (const auto& [a, b] : pairs) {
    const double d = truth[a] - truth[b];
    const double p = WinProbability(model, d);
    out->comparisons.push_back({a, b, u(rng) < p ? 1.0 : 0.0, 1.0});
  }
}

std::vector<double> AverageRanks(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return x[i] < x[j]; });
  std::vector<double> rank(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && x[order[j + 1]] == x[order[i]]) ++j;
    const double r = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
    i = j + 1;
  }
  return rank;
}

double SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (x.size() != y.size() || x.size() < 2) return nan;
  const std::vector<double> rx = AverageRanks(x), ry = AverageRanks(y);
  const double n = static_cast<double>(x.size());
  const double mean = (n + 1.0) / 2.0;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0 || syy == 0) return nan;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace versus::sorting
