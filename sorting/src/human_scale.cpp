// Scores on the human (MOS) scale: the judge's sigma, anchored per-image fits, anchor
// choice and absolute star cuts.
#include "versus/sorting/human_scale.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <tuple>

#include "versus/sorting/error.hpp"
#include "versus/sorting/pairwise_problem.hpp"

namespace versus::sorting {
namespace {

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double CrossEntropy(const std::vector<double>& difference, const std::vector<double>& outcome, double sigma) {
  double sum = 0;
  for (std::size_t k = 0; k < difference.size(); ++k) {
    const double q = std::clamp(NormalCdf(difference[k] / sigma), 1e-12, 1.0 - 1e-12);
    sum -= outcome[k] * std::log(q) + (1.0 - outcome[k]) * std::log(1.0 - q);
  }
  return sum;
}

double StandardDeviation(const std::vector<double>& v) {
  double mean = 0, ss = 0;
  for (double x : v) mean += x / double(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / double(v.size()));
}

}  // namespace

double FitHumanScaleSigma(const std::vector<double>& difference, const std::vector<double>& outcome) {
  if (difference.size() != outcome.size())
    throw Error("FitHumanScaleSigma: " + std::to_string(difference.size()) + " differences but " +
                std::to_string(outcome.size()) + " outcomes");
  if (difference.empty()) throw Error("FitHumanScaleSigma: no pairs");
  for (double p : outcome)
    if (!(p >= 0 && p <= 1)) throw Error("FitHumanScaleSigma: an outcome is outside [0,1]");
  // Golden-section search on log sigma: the cross-entropy is unimodal in sigma for soft
  // outcomes that agree with the differences more often than not.
  double lo = std::log(0.1), hi = std::log(1000.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  double f1 = CrossEntropy(difference, outcome, std::exp(x1));
  double f2 = CrossEntropy(difference, outcome, std::exp(x2));
  while (hi - lo > 1e-6) {
    if (f1 <= f2) {
      hi = x2, x2 = x1, f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = CrossEntropy(difference, outcome, std::exp(x1));
    } else {
      lo = x1, x1 = x2, f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = CrossEntropy(difference, outcome, std::exp(x2));
    }
  }
  return std::exp(0.5 * (lo + hi));
}

Scores ScoreAgainstAnchors(const std::vector<std::vector<double>>& p_beats_anchor,
                           const std::vector<double>& anchor_mos, double sigma, SolverSummary* summary) {
  if (anchor_mos.empty()) throw Error("ScoreAgainstAnchors: no anchors");
  if (!(sigma > 0) || !std::isfinite(sigma)) throw Error("ScoreAgainstAnchors: sigma must be > 0");
  const std::size_t n = p_beats_anchor.size(), k = anchor_mos.size();
  if (n == 0) return {};
  // Items 0..n-1 are the images, n..n+k-1 the anchors, held at mos / sigma (probits).
  PairwiseProblem problem;
  problem.model = Model::kThurstone;
  problem.data = {n + k, {}};
  problem.data.comparisons.reserve(n * k);
  for (std::size_t i = 0; i < n; ++i) {
    if (p_beats_anchor[i].size() != k)
      throw Error("ScoreAgainstAnchors: image #" + std::to_string(i) + " has " +
                  std::to_string(p_beats_anchor[i].size()) + " anchor outcomes, expected " + std::to_string(k));
    for (std::size_t j = 0; j < k; ++j)
      problem.data.comparisons.push_back({std::uint32_t(i), std::uint32_t(n + j), p_beats_anchor[i][j], 1.0});
  }
  for (std::size_t j = 0; j < k; ++j) problem.anchors.push_back({std::uint32_t(n + j), anchor_mos[j] / sigma});
  SolverSummary local;
  const Scores probits = Solve(SolverOptions{}, problem, summary ? summary : &local);
  // Back to MOS points: scores and intervals times sigma, variances times sigma^2.
  Scores out;
  for (auto [from, to, factor] : {std::tuple{&probits.score, &out.score, sigma},
                                  {&probits.ci_low, &out.ci_low, sigma},
                                  {&probits.ci_high, &out.ci_high, sigma},
                                  {&probits.variance, &out.variance, sigma * sigma}}) {
    if (from->empty()) continue;
    to->resize(n);
    for (std::size_t i = 0; i < n && i < from->size(); ++i) (*to)[i] = (*from)[i] * factor;
  }
  return out;
}

double FitHumanScaleSigmaBySpread(const std::vector<std::vector<double>>& p_beats_anchor,
                                  const std::vector<double>& anchor_mos, const std::vector<double>& image_mos) {
  if (p_beats_anchor.size() != image_mos.size() || image_mos.size() < 2)
    throw Error("FitHumanScaleSigmaBySpread: need 2 or more images with one MOS each");
  const double target = StandardDeviation(image_mos);
  if (!(target > 0)) throw Error("FitHumanScaleSigmaBySpread: the MOS are all equal");
  // The scores' spread grows with sigma (anchors drawn together, outcomes stretched).
  double lo = std::log(1.0), hi = std::log(1000.0);
  for (int step = 0; step < 40; ++step) {
    const double mid = 0.5 * (lo + hi);
    const double spread = StandardDeviation(ScoreAgainstAnchors(p_beats_anchor, anchor_mos, std::exp(mid)).score);
    (spread < target ? lo : hi) = mid;
  }
  return std::exp(0.5 * (lo + hi));
}

std::vector<std::size_t> PickAnchorsByMos(const std::vector<double>& mos, std::size_t k, std::uint64_t seed) {
  if (k == 0 || k > mos.size())
    throw Error("PickAnchorsByMos: need 1.." + std::to_string(mos.size()) + " anchors, asked for " +
                std::to_string(k));
  std::vector<std::size_t> order(mos.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return mos[a] < mos[b]; });
  std::mt19937_64 rng(seed);  // the engine's sequence is fixed by the standard; modulo keeps the draw portable
  std::vector<std::size_t> picked;
  for (std::size_t s = 0; s < k; ++s) {
    const std::size_t begin = s * mos.size() / k, end = (s + 1) * mos.size() / k;
    picked.push_back(order[begin + rng() % (end - begin)]);
  }
  return picked;
}

StarThresholds QuintileThresholds(std::vector<double> mos) {
  if (mos.size() < 5) throw Error("QuintileThresholds: need at least 5 scores");
  std::sort(mos.begin(), mos.end());
  StarThresholds t;
  for (int q = 1; q <= 4; ++q) {  // linear interpolation between order statistics
    const double at = 0.2 * q * double(mos.size() - 1);
    const std::size_t below = std::size_t(at);
    const double frac = at - double(below);
    t.thresholds[q - 1] = below + 1 < mos.size() ? mos[below] * (1 - frac) + mos[below + 1] * frac : mos[below];
  }
  return t;
}

}  // namespace versus::sorting
