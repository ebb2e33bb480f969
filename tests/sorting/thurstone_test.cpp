// Thurstone Case V with anchors: the anchors pin the scale across runs and shards.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>

#include "test_util.hpp"
#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

using testing::Problem;
using testing::Simulate;

TEST(Thurstone, TwoItemsMatchClosedForm) {
  // a won 3 of 4, almost flat prior: MLE difference = Phi^-1(3/4) = 0.674490.
  ComparisonSet d;
  d.item_count = 2;
  d.comparisons = {{0, 1, 0.75, 4.0}};
  PairwiseProblem problem = Problem(d, Model::kThurstone);
  problem.prior_strength = 1e-9;
  SolverSummary sum;
  const Scores sc = Solve(SolverOptions{}, problem, &sum);
  EXPECT_TRUE(sum.Converged()) << sum.BriefReport();
  EXPECT_NEAR(sc.score[0] - sc.score[1], 0.6744897501960817, 1e-6);
}

TEST(Thurstone, AnchorsAreHeldAndScoreNewItems) {
  // 10 anchors with known truth; one new item compared only with the anchors, 40 times
  // each: its score lands near its truth on the anchors' (shifted) scale.
  const std::size_t anchors_n = 10;
  std::vector<double> truth = SimulateTrueScores(anchors_n + 1, 1.0, 21);
  for (double& t : truth) t += 50.0;  // any scale offset: anchors carry it
  std::vector<Anchor> anchors;
  for (std::uint32_t i = 0; i < anchors_n; ++i) anchors.push_back({i, truth[i]});
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (int r = 0; r < 40; ++r)
    for (std::uint32_t i = 0; i < anchors_n; ++i) pairs.emplace_back(anchors_n, i);
  ComparisonSet d;
  d.item_count = anchors_n + 1;
  SimulateOutcomes(truth, pairs, Model::kThurstone, 22, &d);
  SolverSummary sum;
  const Scores sc = Solve(SolverOptions{}, Problem(d, Model::kThurstone, anchors), &sum);
  for (std::uint32_t i = 0; i < anchors_n; ++i) {
    EXPECT_EQ(sc.score[i], truth[i]);
    EXPECT_EQ(sc.ci_low[i], truth[i]);
  }
  EXPECT_EQ(sum.anchors, anchors_n);
  EXPECT_GT(truth[anchors_n], sc.ci_low[anchors_n]);
  EXPECT_LT(truth[anchors_n], sc.ci_high[anchors_n]);
  EXPECT_LT(sc.ci_high[anchors_n] - sc.ci_low[anchors_n], 0.6);
}

TEST(Thurstone, ShardsSharingAnchorsAreComparable) {
  // 100 items fitted in one run vs split into two shards that share 10 anchors: the
  // scores of the same items agree (up to noise), with no re-centring.
  const std::size_t n = 100;
  auto truth = SimulateTrueScores(n, 1.0, 31);
  std::vector<Anchor> anchors;
  for (std::uint32_t i = 0; i < 10; ++i) anchors.push_back({i, truth[i]});
  auto shard = [&](std::uint32_t lo, std::uint32_t hi, std::uint64_t seed) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t i = lo; i < hi; ++i)
      for (std::uint32_t a = 0; a < 10; ++a)
        for (int r = 0; r < 4; ++r) pairs.emplace_back(i, a);
    ComparisonSet d;
    d.item_count = n;
    SimulateOutcomes(truth, pairs, Model::kThurstone, seed, &d);
    SolverSummary sum;
    return Solve(SolverOptions{}, Problem(d, Model::kThurstone, anchors), &sum);
  };
  Scores s1 = shard(10, 55, 1), s2 = shard(55, 100, 2);
  std::vector<double> fitted, t;
  for (std::uint32_t i = 10; i < 100; ++i) {
    fitted.push_back(i < 55 ? s1.score[i] : s2.score[i]);
    t.push_back(truth[i]);
  }
  EXPECT_GT(SpearmanCorrelation(fitted, t), 0.85);
  double bias = 0;
  for (std::size_t k = 0; k < t.size(); ++k) bias += fitted[k] - t[k];
  EXPECT_LT(std::fabs(bias / t.size()), 0.1);  // same scale, no offset between shards
}

TEST(Thurstone, InvalidAnchorsThrow) {
  ComparisonSet d;
  d.item_count = 3;
  d.comparisons = {{0, 1, 1, 1}};
  SolverSummary sum;
  EXPECT_THROW(Solve(SolverOptions{}, Problem(d, Model::kThurstone, {{0, 1.0}, {0, 2.0}}), &sum), Error);
  EXPECT_THROW(Solve(SolverOptions{}, Problem(d, Model::kThurstone, {{3, 1.0}}), &sum), Error);
  EXPECT_THROW(Solve(SolverOptions{}, Problem(d, Model::kThurstone, {{1, NAN}}), &sum), Error);
}

TEST(Thurstone, ExtremeDifferencesStayFinite) {
  // Outcomes that contradict the anchors strongly push d deep into the normal tail.
  ComparisonSet d;
  d.item_count = 3;
  d.comparisons = {{2, 0, 1.0, 50}, {2, 1, 0.0, 50}};
  SolverSummary sum;
  const Scores sc = Solve(SolverOptions{}, Problem(d, Model::kThurstone, {{0, 40.0}, {1, -40.0}}), &sum);
  EXPECT_TRUE(std::isfinite(sc.score[2]));
  EXPECT_TRUE(sum.Converged()) << sum.BriefReport();
}

}  // namespace
}  // namespace versus::sorting
