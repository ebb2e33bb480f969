// Bradley–Terry: known optima, each option's effect, degenerate input, simulation.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <numeric>

#include "test_util.hpp"
#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

using testing::Problem;
using testing::Simulate;

// Tight enough to see a wrong optimum, loose enough for 1e-9 gradient tolerances.
constexpr double kScoreTolerance = 1e-6;

ComparisonSet TwoItems(double wins_a, double wins_b) {
  ComparisonSet d;
  d.item_count = 2;
  d.comparisons.push_back({0, 1, 1.0, wins_a});
  d.comparisons.push_back({0, 1, 0.0, wins_b});
  return d;
}

class BothMethods : public ::testing::TestWithParam<SolverMethod> {
 protected:
  SolverOptions Options() const {
    SolverOptions o;
    o.method = GetParam();
    return o;
  }
};

// Known optimum: two items, a won 3 of 4. With the prior, s = -s_a = s_b and the
// stationarity condition 3 - 4 sigma(2 s_a) - lambda s_a = 0; without prior the MLE
// difference is log 3. We check the condition itself and the near-MLE limit.
TEST_P(BothMethods, TwoItemsMatchClosedForm) {
  SolverOptions o = Options();
  o.gradient_tolerance = 1e-11;
  PairwiseProblem problem = Problem(TwoItems(3, 1));
  problem.prior_strength = 1e-8;
  SolverSummary sum;
  Scores sc = Solve(o, problem, &sum);
  EXPECT_TRUE(sum.Converged()) << sum.BriefReport();
  EXPECT_NEAR(sc.score[0] - sc.score[1], std::log(3.0), 1e-5);
  EXPECT_NEAR(sc.score[0] + sc.score[1], 0.0, kScoreTolerance);  // gauge: sum 0

  problem.prior_strength = 0.5;
  sc = Solve(o, problem, &sum);
  const double s = sc.score[0];
  EXPECT_NEAR(3.0 - 4.0 / (1.0 + std::exp(-2 * s)) - 0.5 * s, 0.0, 1e-8);
  EXPECT_LT(2 * s, std::log(3.0));  // shrunk towards 0
}

TEST_P(BothMethods, AgreesWithOtherMethodOnSimulatedData) {
  auto sim = Simulate(60, 1.5, RandomPairs(60, 600, 7), Model::kBradleyTerry, 7);
  SolverSummary s1, s2;
  SolverOptions o = Options();
  o.max_iterations = 20000;  // MM converges linearly on sparse designs
  o.gradient_tolerance = 1e-7;
  const Scores mine = Solve(o, Problem(sim.data), &s1);
  const Scores newton = Solve(SolverOptions{}, Problem(sim.data), &s2);
  ASSERT_TRUE(s1.Converged()) << s1.BriefReport();
  for (std::size_t i = 0; i < 60; ++i) EXPECT_NEAR(mine.score[i], newton.score[i], 1e-4);
}

TEST_P(BothMethods, UndefeatedItemGetsFiniteHighestScore) {
  ComparisonSet d;
  d.item_count = 3;
  d.comparisons = {{0, 1, 1.0, 1}, {0, 2, 1.0, 1}, {1, 2, 1.0, 1}, {2, 1, 1.0, 1}};
  SolverSummary sum;
  const Scores sc = Solve(Options(), Problem(d), &sum);
  EXPECT_TRUE(std::isfinite(sc.score[0]));
  EXPECT_GT(sc.score[0], sc.score[1]);
  EXPECT_NEAR(sc.score[1], sc.score[2], 1e-6);
  EXPECT_TRUE(std::isfinite(sc.ci_high[0]));
}

INSTANTIATE_TEST_SUITE_P(Sorting, BothMethods,
                         ::testing::Values(SolverMethod::kNewton, SolverMethod::kMM),
                         [](const auto& info) {
                           return info.param == SolverMethod::kNewton ? "Newton" : "MM";
                         });

TEST(BradleyTerry, SoftOutcomeEqualsFractionalWins) {
  // One comparison with outcome 0.75 = three quarters of a win: same optimum as weights.
  ComparisonSet soft;
  soft.item_count = 2;
  soft.comparisons = {{0, 1, 0.75, 4.0}};
  SolverSummary s;
  Scores a = Solve(SolverOptions{}, Problem(soft), &s);
  const Scores b = Solve(SolverOptions{}, Problem(TwoItems(3, 1)), &s);
  EXPECT_NEAR(a.score[0], b.score[0], kScoreTolerance);
  // Orientation: the same comparison written as (1, 0, 0.25) is identical.
  soft.comparisons = {{1, 0, 0.25, 4.0}};
  a = Solve(SolverOptions{}, Problem(soft), &s);
  EXPECT_NEAR(a.score[0], b.score[0], kScoreTolerance);
}

TEST(BradleyTerry, DegenerateInputsHaveDefinedResults) {
  Scores sc;
  SolverSummary sum;
  ComparisonSet empty;
  sc = Solve(SolverOptions{}, Problem(empty), &sum);  // zero items
  EXPECT_TRUE(sc.score.empty());
  EXPECT_EQ(sum.termination, TerminationType::kNoComparisons);

  ComparisonSet one;
  one.item_count = 1;
  sc = Solve(SolverOptions{}, Problem(one), &sum);
  ASSERT_EQ(sc.score.size(), 1u);
  EXPECT_EQ(sc.score[0], 0.0);
  EXPECT_EQ(sum.termination, TerminationType::kNoComparisons);
  // The prior's interval: sd 10 at the default strength 0.01.
  EXPECT_NEAR(sc.ci_high[0], 1.959964 * 10.0, 1e-4);

  ComparisonSet ties;
  ties.item_count = 4;
  for (std::uint32_t a = 0; a < 4; ++a)
    for (std::uint32_t b = a + 1; b < 4; ++b) ties.comparisons.push_back({a, b, 0.5, 1});
  sc = Solve(SolverOptions{}, Problem(ties), &sum);
  for (double s : sc.score) EXPECT_NEAR(s, 0.0, 1e-12);
  EXPECT_TRUE(sum.Converged());

  ComparisonSet self;
  self.item_count = 2;
  self.comparisons = {{1, 1, 1.0, 1}, {1, 1, 0.0, 1}, {0, 1, 1.0, 0.0}};
  sc = Solve(SolverOptions{}, Problem(self), &sum);
  EXPECT_EQ(sum.self_comparisons_ignored, 2u);
  EXPECT_EQ(sum.zero_weight_ignored, 1u);
  EXPECT_EQ(sum.comparisons_used, 0u);
  EXPECT_EQ(sum.termination, TerminationType::kNoComparisons);
  EXPECT_EQ(sc.score, (std::vector<double>{0.0, 0.0}));
}

TEST(BradleyTerry, InvalidInputThrowsActionableError) {
  Scores sc;
  SolverSummary sum;
  ComparisonSet d;
  d.item_count = 2;
  d.comparisons = {{0, 2, 1.0, 1}};
  try {
    sc = Solve(SolverOptions{}, Problem(d), &sum);
    FAIL() << "no exception for an index out of range";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("out of range"), std::string::npos) << e.what();
  }
  for (double bad : {std::nan(""), -0.1, 1.5}) {
    d.comparisons = {{0, 1, bad, 1}};
    EXPECT_THROW(Solve(SolverOptions{}, Problem(d), &sum), Error) << bad;
  }
  for (double bad : {std::nan(""), -1.0, double(INFINITY)}) {
    d.comparisons = {{0, 1, 1.0, bad}};
    EXPECT_THROW(Solve(SolverOptions{}, Problem(d), &sum), Error) << bad;
  }
  // The prior belongs to the problem: a bad one is an Error that names it.
  d.comparisons = {{0, 1, 1.0, 1}};
  PairwiseProblem flat = Problem(d);
  flat.prior_strength = 0;
  try {
    Solve(SolverOptions{}, flat, &sum);
    FAIL() << "no exception for prior_strength 0";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("prior_strength"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Solve(SolverOptions{}, Problem(d), nullptr), Error);
}

TEST(BradleyTerry, OptionsHaveTheirEffect) {
  auto sim = Simulate(80, 1.0, RandomPairs(80, 800, 3), Model::kBradleyTerry, 3);
  const PairwiseProblem problem = Problem(sim.data);
  Scores sc;
  SolverSummary sum;
  SolverOptions o;
  o.max_iterations = 1;
  sc = Solve(o, problem, &sum);
  EXPECT_EQ(sum.termination, TerminationType::kMaxIterations);
  EXPECT_EQ(sum.iterations, 1);

  o = SolverOptions{};
  int calls = 0;
  o.callback = [&](const IterationSummary&) {
    ++calls;
    return CallbackReturnType::kAbort;
  };
  sc = Solve(o, problem, &sum);
  EXPECT_EQ(sum.termination, TerminationType::kUserAbort);
  EXPECT_EQ(calls, 1);

  // A stronger prior shrinks the spread of the scores.
  o = SolverOptions{};
  sc = Solve(o, problem, &sum);
  const double weak = *std::max_element(sc.score.begin(), sc.score.end());
  const int cold_iterations = sum.iterations;
  PairwiseProblem strong_prior = problem;
  strong_prior.prior_strength = 10.0;
  const Scores strong = Solve(o, strong_prior, &sum);
  EXPECT_LT(*std::max_element(strong.score.begin(), strong.score.end()), 0.5 * weak);

  // Warm start from the optimum: converged at once.
  PairwiseProblem warm = problem;
  warm.initial_scores = sc.score;
  sc = Solve(o, warm, &sum);
  EXPECT_LT(sum.iterations, cold_iterations);
  EXPECT_LE(sum.iterations, 1);

  // Intervals: kNone leaves them empty; a 0.5 level is narrower than 0.95.
  o = SolverOptions{};
  o.interval_method = IntervalMethod::kNone;
  sc = Solve(o, problem, &sum);
  EXPECT_TRUE(sc.ci_low.empty());
  EXPECT_TRUE(sc.variance.empty());
  o.interval_method = IntervalMethod::kExact;
  o.interval_level = 0.5;
  sc = Solve(o, problem, &sum);
  o.interval_level = 0.95;
  const Scores wide = Solve(o, problem, &sum);
  EXPECT_NEAR((wide.ci_high[0] - wide.ci_low[0]) / (sc.ci_high[0] - sc.ci_low[0]),
              1.959964 / 0.674490, 1e-4);
  EXPECT_NE(sum.BriefReport().find("GRADIENT_TOLERANCE"), std::string::npos) << sum.BriefReport();
}

TEST(BradleyTerry, DisconnectedGraphCountsComponents) {
  ComparisonSet d;
  d.item_count = 5;
  d.comparisons = {{0, 1, 1, 1}, {2, 3, 1, 1}};
  Scores sc;
  SolverSummary sum;
  sc = Solve(SolverOptions{}, Problem(d), &sum);
  EXPECT_EQ(sum.connected_components, 3u);
  EXPECT_NEAR(sc.score[0] - sc.score[1], sc.score[2] - sc.score[3], 1e-9);
  EXPECT_EQ(sc.score[4], 0.0);
}

// A straightforward reference: Zermelo's / Ford's classic fixed point for the MLE,
// p_i <- W_i / sum_j n_ij / (p_i + p_j), normalised, run to convergence.
std::vector<double> ZermeloReference(const ComparisonSet& d) {
  const std::size_t n = d.item_count;
  std::vector<double> p(n, 1.0), wins(n, 0.0);
  for (const auto& c : d.comparisons) {
    wins[c.a] += c.weight * c.outcome;
    wins[c.b] += c.weight * (1 - c.outcome);
  }
  for (int it = 0; it < 5000; ++it) {
    std::vector<double> denom(n, 0.0);
    for (const auto& c : d.comparisons) {
      const double x = c.weight / (p[c.a] + p[c.b]);
      denom[c.a] += x;
      denom[c.b] += x;
    }
    double logsum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = std::max(wins[i], 1e-12) / denom[i];
      logsum += std::log(p[i]);
    }
    for (double& x : p) x /= std::exp(logsum / static_cast<double>(n));
  }
  std::vector<double> s(n);
  for (std::size_t i = 0; i < n; ++i) s[i] = std::log(p[i]);
  return s;
}

TEST(BradleyTerry, RecoversTruthAsWellAsReference) {
  // Full design, 3 repeats per pair, 50 items: everyone wins something.
  double ours_total = 0, ref_total = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto sim = Simulate(50, 1.0, AllPairs(50, 3), Model::kBradleyTerry, seed);
    Scores sc;
    SolverSummary sum;
    sc = Solve(SolverOptions{}, Problem(sim.data), &sum);
    const double ours = SpearmanCorrelation(sc.score, sim.truth);
    const double ref = SpearmanCorrelation(ZermeloReference(sim.data), sim.truth);
    EXPECT_GT(ours, 0.9) << "seed " << seed;
    ours_total += ours;
    ref_total += ref;
  }
  EXPECT_GE(ours_total, ref_total - 0.005 * 5);
}

TEST(BradleyTerry, SparseLargeDesignConverges) {
  // 20,000 items, 10 comparisons each: Newton converges in few iterations.
  auto sim = Simulate(20000, 1.5, RandomPairs(20000, 100000, 11), Model::kBradleyTerry, 11);
  Scores sc;
  SolverSummary sum;
  sc = Solve(SolverOptions{}, Problem(sim.data), &sum);
  EXPECT_TRUE(sum.Converged()) << sum.BriefReport();
  EXPECT_LT(sum.iterations, 20);
  EXPECT_EQ(sum.interval_method, IntervalMethod::kApproximate);
  // 10 comparisons per item, spread 1.5: about 0.84 is what the data allow (seed 11).
  EXPECT_GT(SpearmanCorrelation(sc.score, sim.truth), 0.8);
}

}  // namespace
}  // namespace versus::sorting
