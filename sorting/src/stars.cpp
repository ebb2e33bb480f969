// Scores to 1..5 stars, by quantile and by anchor-calibrated thresholds.
#include "versus/sorting/stars.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "versus/sorting/error.hpp"
#include "versus/sorting/simulation.hpp"

namespace versus::sorting {
namespace {
void CheckFinite(const std::vector<double>& v, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw Error(std::string(what) + ": score #" + std::to_string(i) + " is not finite");
}
}  // namespace

std::vector<int> StarsByQuantile(const std::vector<double>& scores) {
  return StarsByQuantile(scores, {0.2, 0.4, 0.6, 0.8});
}

std::vector<int> StarsByQuantile(const std::vector<double>& scores,
                                 const std::array<double, 4>& cuts) {
  CheckFinite(scores, "StarsByQuantile");
  for (std::size_t k = 0; k < 4; ++k)
    if (!(cuts[k] > 0 && cuts[k] < 1) || (k > 0 && cuts[k] < cuts[k - 1]))
      throw Error("StarsByQuantile: cut_quantiles must be non-decreasing values in (0,1)");
  const std::size_t n = scores.size();
  std::vector<int> stars(n, 3);
  if (n == 0) return stars;
  if (std::all_of(scores.begin(), scores.end(), [&](double s) { return s == scores[0]; }))
    return stars;  // nothing distinguishes them: the middle star
  const std::vector<double> rank = AverageRanks(scores);
  for (std::size_t i = 0; i < n; ++i) {
    const double q = (rank[i] - 0.5) / static_cast<double>(n);  // mid-rank quantile
    int s = 1;
    for (double c : cuts) s += q >= c ? 1 : 0;
    stars[i] = s;
  }
  return stars;
}

std::vector<int> StarsByThreshold(const std::vector<double>& scores, const StarThresholds& t) {
  CheckFinite(scores, "StarsByThreshold");
  for (std::size_t k = 0; k < 4; ++k)
    if (!std::isfinite(t.thresholds[k]) || (k > 0 && t.thresholds[k] < t.thresholds[k - 1]))
      throw Error("StarsByThreshold: thresholds must be finite and non-decreasing");
  std::vector<int> stars(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    int s = 1;
    for (double c : t.thresholds) s += scores[i] >= c ? 1 : 0;
    stars[i] = s;
  }
  return stars;
}

StarThresholds CalibrateStarThresholds(const std::vector<double>& anchor_scores,
                                       const std::vector<int>& anchor_stars) {
  if (anchor_scores.size() != anchor_stars.size())
    throw Error("CalibrateStarThresholds: " + std::to_string(anchor_scores.size()) +
                " scores but " + std::to_string(anchor_stars.size()) + " stars");
  if (anchor_scores.size() < 2)
    throw Error("CalibrateStarThresholds: need at least 2 anchors with known stars");
  CheckFinite(anchor_scores, "CalibrateStarThresholds");
  for (int s : anchor_stars)
    if (s < 1 || s > 5) throw Error("CalibrateStarThresholds: stars must be 1..5, got " +
                                    std::to_string(s));
  const std::size_t n = anchor_scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return anchor_scores[i] < anchor_scores[j]; });
  std::vector<double> xs(n);
  for (std::size_t i = 0; i < n; ++i) xs[i] = anchor_scores[order[i]];
  const double span = xs.back() - xs.front();
  const double spacing = span > 0 ? span / static_cast<double>(n - 1) : 1.0;
  StarThresholds out;
  for (int k = 1; k <= 4; ++k) {  // cut between k and k+1 stars
    // Candidate cut c_j between xs[j-1] and xs[j] (j = 0: below all, j = n: above all).
    std::size_t best_j = 0, best_err = n + 1;
    for (std::size_t j = 0; j <= n; ++j) {
      std::size_t err = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const bool above = i >= j;
        const bool should = anchor_stars[order[i]] > k;
        err += above != should;
      }
      // Prefer the cut nearest the middle of equally good ones: fewest errors, then the
      // one that is not at an end (an end means "no anchor on one side").
      if (err < best_err) {
        best_err = err;
        best_j = j;
      }
    }
    double c;
    if (best_j == 0) c = xs.front() - 0.5 * spacing;
    else if (best_j == n) c = xs.back() + 0.5 * spacing;
    else c = 0.5 * (xs[best_j - 1] + xs[best_j]);
    out.thresholds[k - 1] = c;
  }
  for (std::size_t k = 1; k < 4; ++k)
    out.thresholds[k] = std::max(out.thresholds[k], out.thresholds[k - 1]);
  return out;
}

}  // namespace versus::sorting
