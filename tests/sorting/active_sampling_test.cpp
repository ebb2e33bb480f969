// Active sampling: batch contract and determinism. That the loop built on it beats random
// pairing is tested on the Ranker, which runs it (tests/engine/ranker_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "test_util.hpp"
#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

void ExpectValidBatch(const Pairs& batch, std::size_t n) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (const auto& [a, b] : batch) {
    EXPECT_LT(a, b);
    EXPECT_LT(b, n);
    EXPECT_TRUE(seen.insert({a, b}).second) << "duplicate pair " << a << "," << b;
  }
}

class AllMethods : public ::testing::TestWithParam<SamplingMethod> {};

TEST_P(AllMethods, BatchContract) {
  SamplingOptions o;
  o.method = GetParam();
  for (std::size_t n : {2u, 3u, 50u, 3000u}) {
    PairwiseProblem so_far;
    so_far.data.item_count = n;
    const Pairs batch = NextPairs(so_far, Scores{}, 40, o);
    EXPECT_EQ(batch.size(), std::min<std::size_t>(40, n * (n - 1) / 2)) << n;
    ExpectValidBatch(batch, n);
    EXPECT_EQ(batch, NextPairs(so_far, Scores{}, 40, o)) << "same seed, same batch";
  }
  PairwiseProblem one;
  one.data.item_count = 1;
  EXPECT_TRUE(NextPairs(one, Scores{}, 10, o).empty());
}

INSTANTIATE_TEST_SUITE_P(Sorting, AllMethods,
                         ::testing::Values(SamplingMethod::kInformationGain,
                                           SamplingMethod::kNearestScore, SamplingMethod::kRandom));

TEST(ActiveSampling, PrefersCloseUncertainPairsAndAvoidsRepeats) {
  // Items 0,1 close in score; 2 far away; 3 close to 0 but already compared with it.
  PairwiseProblem so_far;
  so_far.data.item_count = 4;
  so_far.data.comparisons = {{0, 3, 1.0, 1.0}};
  Scores cur;
  cur.score = {0.0, 0.1, 5.0, 0.05};
  const double v = 1.0 / (1.959964 * 1.959964);  // standard error 1/1.96 (95% half-width 1)
  cur.variance = {v, v, v, v};
  const Pairs batch = NextPairs(so_far, cur, 1, SamplingOptions{});
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_TRUE(batch[0] == std::make_pair(0u, 1u) || batch[0] == std::make_pair(1u, 3u))
      << batch[0].first << "," << batch[0].second;
  // Certain items are not worth comparing: shrink 0's and 1's variances to nothing.
  cur.variance = {0, 0, v, v};
  const Pairs b2 = NextPairs(so_far, cur, 1, SamplingOptions{});
  EXPECT_TRUE(b2[0] == std::make_pair(1u, 3u)) << b2[0].first << "," << b2[0].second;
}

TEST(ActiveSampling, ErrorsOnMismatchedScores) {
  PairwiseProblem so_far;
  so_far.data.item_count = 3;
  Scores cur;
  cur.score = {0, 1};
  EXPECT_THROW(NextPairs(so_far, cur, 2, SamplingOptions{}), Error);
  SamplingOptions bad;
  bad.window = 0;
  EXPECT_THROW(NextPairs(so_far, Scores{}, 2, bad), Error);
  PairwiseProblem no_prior = so_far;  // the covariance needs the problem's prior
  no_prior.prior_strength = 0;
  EXPECT_THROW(NextPairs(no_prior, Scores{}, 2, SamplingOptions{}), Error);
}

TEST(ActiveSampling, DefaultBudgetIsFarBelowAllPairs) {
  EXPECT_EQ(DefaultComparisonBudget(0), 0u);
  EXPECT_EQ(DefaultComparisonBudget(1), 0u);
  EXPECT_EQ(DefaultComparisonBudget(2), 1u);
  EXPECT_EQ(DefaultComparisonBudget(10), 45u);  // all pairs when that is cheaper
  const std::size_t b = DefaultComparisonBudget(2000);
  EXPECT_LT(b, 2000u * 1999u / 2u / 50u);
  EXPECT_GE(b, 2000u * 8u);
}

TEST(ActiveSampling, InitialPairsConnectEveryItem) {
  const Pairs p = InitialPairs(10, 3);
  EXPECT_EQ(p.size(), 10u);
  ComparisonSet d;
  d.item_count = 10;
  for (auto [a, b] : p) d.comparisons.push_back({a, b, 1.0, 1.0});
  SolverSummary sum;
  Solve(SolverOptions{}, testing::Problem(d), &sum);
  EXPECT_EQ(sum.connected_components, 1u);
  EXPECT_EQ(InitialPairs(2, 0).size(), 1u);
  EXPECT_TRUE(InitialPairs(1, 0).empty());
}

}  // namespace
}  // namespace versus::sorting
