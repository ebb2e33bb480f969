// 95% intervals: coverage of the truth in simulation, and agreement with a bootstrap.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <random>

#include "test_util.hpp"
#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

using testing::Coverage;
using testing::Problem;
using testing::Simulate;

// Coverage averaged over items and seeds; for 0.95 and ~1,000 (correlated) item-draws
// the simulation noise is about +-0.015, so [0.92, 0.98] fails on real miscalibration
// (e.g. using 1/H_ii alone gives ~0.90 on sparse designs, no gauge fix gives ~1.0).
constexpr double kCoverageLow = 0.92, kCoverageHigh = 0.98;

double MeanCoverage(std::size_t n, std::size_t per_item, IntervalMethod method, Model model,
                    int seeds) {
  double total = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    auto sim = Simulate(n, 1.0, RandomPairs(n, n * per_item / 2, 100 + seed), model, 100 + seed);
    SolverOptions o;
    o.interval_method = method;
    SolverSummary sum;
    const Scores sc = Solve(o, Problem(sim.data, model), &sum);
    EXPECT_EQ(sum.interval_method, method);
    total += Coverage(sc, sim.truth);
  }
  return total / seeds;
}

TEST(Intervals, ExactCoverTruth95Percent) {
  const double c = MeanCoverage(200, 20, IntervalMethod::kExact, Model::kBradleyTerry, 8);
  EXPECT_GT(c, kCoverageLow);
  EXPECT_LT(c, kCoverageHigh);
}

TEST(Intervals, ApproximateCoverTruth95PercentOnSparseDesign) {
  // 2,000 items with 10 comparisons each: the belief-propagation path.
  const double c = MeanCoverage(2000, 10, IntervalMethod::kApproximate, Model::kBradleyTerry, 2);
  EXPECT_GT(c, kCoverageLow);
  EXPECT_LT(c, kCoverageHigh);
}

TEST(Intervals, ThurstoneCoverTruth95Percent) {
  const double c = MeanCoverage(200, 20, IntervalMethod::kExact, Model::kThurstone, 6);
  EXPECT_GT(c, kCoverageLow);
  EXPECT_LT(c, kCoverageHigh);
}

TEST(Intervals, ApproximateCloseToExact) {
  auto sim = Simulate(400, 1.0, RandomPairs(400, 2400, 5), Model::kBradleyTerry, 5);
  SolverOptions o;
  SolverSummary sum;
  o.interval_method = IntervalMethod::kExact;
  const Scores exact = Solve(o, Problem(sim.data), &sum);
  o.interval_method = IntervalMethod::kApproximate;
  const Scores approx = Solve(o, Problem(sim.data), &sum);
  double worst = 0;
  for (std::size_t i = 0; i < 400; ++i) {
    const double r = (approx.ci_high[i] - approx.ci_low[i]) / (exact.ci_high[i] - exact.ci_low[i]);
    worst = std::max(worst, std::fabs(r - 1.0));
  }
  EXPECT_LT(worst, 0.10);  // widths within 10% item by item
}

TEST(Intervals, AgreeWithBootstrap) {
  // Parametric bootstrap on the fixed design (what the Hessian describes): outcomes
  // redrawn from the fitted model, refitted; the sd of each refitted score should match
  // the Hessian-based sd (the fit's standard error) to within the noise of 200 replicates. (A
  // nonparametric bootstrap over comparisons also randomizes the design and so reads
  // ~10% wider here.)
  const std::size_t n = 60;
  auto sim = Simulate(n, 1.0, RandomPairs(n, 1200, 9), Model::kBradleyTerry, 9);
  SolverSummary sum;
  SolverOptions o;
  const Scores sc = Solve(o, Problem(sim.data), &sum);
  o.interval_method = IntervalMethod::kNone;
  const int B = 200;
  std::vector<double> m1(n, 0), m2(n, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> design;
  for (const auto& c : sim.data.comparisons) design.emplace_back(c.a, c.b);
  for (int b = 0; b < B; ++b) {
    ComparisonSet boot;
    boot.item_count = n;
    SimulateOutcomes(sc.score, design, Model::kBradleyTerry, 5000 + b, &boot);
    const Scores bs = Solve(o, Problem(boot), &sum);
    for (std::size_t i = 0; i < n; ++i) {
      m1[i] += bs.score[i];
      m2[i] += bs.score[i] * bs.score[i];
    }
  }
  double ratio_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double boot_sd = std::sqrt(m2[i] / B - (m1[i] / B) * (m1[i] / B));
    const double hess_sd = sc.StandardError(i);
    ratio_sum += boot_sd / hess_sd;
  }
  const double mean_ratio = ratio_sum / n;
  EXPECT_GT(mean_ratio, 0.9);
  EXPECT_LT(mean_ratio, 1.1);
}

}  // namespace
}  // namespace versus::sorting
