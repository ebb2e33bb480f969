// The solver's contract: SolverOptions::IsValid names each bad field, IsSolutionUsable
// tells usable iterates from failures, variances agree with the intervals and with a
// closed form, anchors stay at their scores.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

using testing::Problem;
using testing::Simulate;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;  // Phi^-1(0.975)

ComparisonSet TwoItems(double wins_a, double wins_b) {
  ComparisonSet d;
  d.item_count = 2;
  d.comparisons = {{0, 1, 1.0, wins_a}, {0, 1, 0.0, wins_b}};
  return d;
}

TEST(SolverOptions, DefaultsAreValid) {
  std::string error = "untouched";
  EXPECT_TRUE(SolverOptions{}.IsValid(&error));
  EXPECT_EQ(error, "untouched");
  EXPECT_TRUE(SolverOptions{}.IsValid(nullptr));
}

TEST(SolverOptions, EachBadFieldIsNamed) {
  struct Case {
    std::string field;
    std::function<void(SolverOptions&)> spoil;
  };
  const std::vector<Case> cases = {
      {"method", [](SolverOptions& o) { o.method = static_cast<SolverMethod>(7); }},
      {"gradient_tolerance", [](SolverOptions& o) { o.gradient_tolerance = -1e-6; }},
      {"gradient_tolerance", [](SolverOptions& o) { o.gradient_tolerance = kNaN; }},
      {"function_tolerance", [](SolverOptions& o) { o.function_tolerance = -1; }},
      {"function_tolerance", [](SolverOptions& o) { o.function_tolerance = INFINITY; }},
      {"parameter_tolerance", [](SolverOptions& o) { o.parameter_tolerance = -1; }},
      {"parameter_tolerance", [](SolverOptions& o) { o.parameter_tolerance = kNaN; }},
      {"max_iterations", [](SolverOptions& o) { o.max_iterations = -1; }},
      {"max_linear_solver_iterations", [](SolverOptions& o) { o.max_linear_solver_iterations = 0; }},
      {"interval_method", [](SolverOptions& o) { o.interval_method = static_cast<IntervalMethod>(9); }},
      {"interval_level", [](SolverOptions& o) { o.interval_level = 0.0; }},
      {"interval_level", [](SolverOptions& o) { o.interval_level = 1.0; }},
      {"interval_level", [](SolverOptions& o) { o.interval_level = kNaN; }},
  };
  for (const Case& c : cases) {
    SolverOptions o;
    c.spoil(o);
    std::string error;
    EXPECT_FALSE(o.IsValid(&error)) << c.field;
    EXPECT_EQ(error.rfind(c.field + " ", 0), 0u) << "expected the message to start with '"
                                                << c.field << "': " << error;
    // Solve refuses the same options with the same words.
    SolverSummary sum;
    try {
      Solve(o, Problem(TwoItems(3, 1)), &sum);
      ADD_FAILURE() << "Solve accepted a bad " << c.field;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(error), std::string::npos) << e.what();
    }
  }
}

TEST(SolverOptions, MMNeedsBradleyTerry) {
  SolverOptions o;
  o.method = SolverMethod::kMM;
  SolverSummary sum;
  try {
    Solve(o, Problem(TwoItems(3, 1), Model::kThurstone), &sum);
    FAIL() << "MM ran on a Thurstone problem";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("MM"), std::string::npos) << e.what();
  }
}

TEST(SolverSummary, ConvergedSolutionIsUsable) {
  SolverSummary sum;
  Solve(SolverOptions{}, Problem(TwoItems(3, 1)), &sum);
  EXPECT_TRUE(sum.Converged()) << sum.BriefReport();
  EXPECT_TRUE(sum.IsSolutionUsable()) << sum.BriefReport();
  // Nothing to fit is a defined result, not a failure.
  ComparisonSet none;
  none.item_count = 3;
  Solve(SolverOptions{}, Problem(none), &sum);
  EXPECT_EQ(sum.termination, TerminationType::kNoComparisons);
  EXPECT_TRUE(sum.IsSolutionUsable());
}

TEST(SolverSummary, LastIterateAfterMaxIterationsIsUsableNotConverged) {
  auto sim = Simulate(80, 1.0, RandomPairs(80, 800, 3), Model::kBradleyTerry, 3);
  SolverOptions o;
  o.max_iterations = 1;
  SolverSummary sum;
  const Scores sc = Solve(o, Problem(sim.data), &sum);
  EXPECT_EQ(sum.termination, TerminationType::kMaxIterations);
  EXPECT_FALSE(sum.Converged());
  EXPECT_TRUE(sum.IsSolutionUsable()) << sum.BriefReport();
  EXPECT_NE(sum.message.find("max_iterations"), std::string::npos) << sum.message;
  ASSERT_EQ(sc.variance.size(), 80u);  // a usable iterate gets its intervals
}

TEST(SolverSummary, NonFiniteSolveIsNotUsable) {
  // Each weight is finite (accepted), but their sum overflows: the cost is not finite.
  ComparisonSet d;
  d.item_count = 2;
  d.comparisons = {{0, 1, 1.0, 1e308}, {0, 1, 1.0, 1e308}, {0, 1, 0.0, 1e308}};
  for (SolverMethod method : {SolverMethod::kNewton, SolverMethod::kMM}) {
    SolverOptions o;
    o.method = method;
    SolverSummary sum;
    const Scores sc = Solve(o, Problem(d), &sum);
    EXPECT_EQ(sum.termination, TerminationType::kFailure) << sum.BriefReport();
    EXPECT_FALSE(sum.IsSolutionUsable()) << sum.BriefReport();
    EXPECT_FALSE(sum.Converged());
    EXPECT_NE(sum.message.find("not finite"), std::string::npos) << sum.message;
    EXPECT_TRUE(sc.variance.empty());
    EXPECT_NE(sum.BriefReport().find("FAILURE"), std::string::npos);
  }
  // A summary whose costs are not finite is not usable whatever its termination says,
  // and one no solve has filled is not usable either.
  SolverSummary forged;
  forged.termination = TerminationType::kGradientTolerance;
  forged.final_cost = kNaN;
  EXPECT_FALSE(forged.IsSolutionUsable());
  forged.final_cost = 1.0;
  forged.initial_cost = INFINITY;
  EXPECT_FALSE(forged.IsSolutionUsable());
  EXPECT_FALSE(SolverSummary{}.IsSolutionUsable());
}

TEST(Variances, MatchTheIntervalWidth) {
  auto sim = Simulate(300, 1.0, RandomPairs(300, 3000, 4), Model::kBradleyTerry, 4);
  for (IntervalMethod method : {IntervalMethod::kExact, IntervalMethod::kApproximate}) {
    for (double level : {0.95, 0.5}) {
      SolverOptions o;
      o.interval_method = method;
      o.interval_level = level;
      SolverSummary sum;
      const Scores sc = Solve(o, Problem(sim.data), &sum);
      ASSERT_EQ(sc.variance.size(), 300u);
      const double z = level == 0.95 ? kZ95 : 0.6744897501960817;
      for (std::size_t i = 0; i < 300; ++i) {
        ASSERT_GT(sc.variance[i], 0.0);
        EXPECT_DOUBLE_EQ(sc.StandardError(i), std::sqrt(sc.variance[i]));
        EXPECT_NEAR(sc.ci_high[i] - sc.score[i], z * sc.StandardError(i), 1e-8 * z);
        EXPECT_NEAR(sc.score[i] - sc.ci_low[i], z * sc.StandardError(i), 1e-8 * z);
      }
    }
  }
}

TEST(Variances, MatchTheClosedFormForTwoItems) {
  // Two items, a won 3 of 4, prior lambda: the gauge-fixed variance of each score is
  // 1 / (2 (lambda + 2 h)), h = W sigma(d) sigma(-d) the curvature at the optimum.
  const double lambda = 0.01;
  SolverSummary sum;
  const Scores sc = Solve(SolverOptions{}, Problem(TwoItems(3, 1)), &sum);
  const double p = WinProbability(sc.score[0] - sc.score[1]);
  const double h = 4.0 * p * (1.0 - p);
  EXPECT_NEAR(sc.variance[0], 1.0 / (2.0 * (lambda + 2.0 * h)), 1e-9);
  EXPECT_NEAR(sc.variance[1], sc.variance[0], 1e-12);
  // Nothing compared: the prior's variance, 1 / lambda.
  ComparisonSet lone;
  lone.item_count = 1;
  EXPECT_NEAR(Solve(SolverOptions{}, Problem(lone), &sum).variance[0], 1.0 / lambda, 1e-12);
}

TEST(Anchors, StayAtTheirScoresForBothModelsAndMethods) {
  // Items 0 and 1 anchored at 2 and -1; 2 and 3 compared with them; 4 compared with no one.
  ComparisonSet d;
  d.item_count = 5;
  d.comparisons = {{2, 0, 0.3, 4}, {2, 1, 0.8, 4}, {3, 0, 0.1, 4}, {3, 1, 0.6, 4}, {2, 3, 0.7, 2}};
  const std::vector<Anchor> anchors = {{0, 2.0}, {1, -1.0}};
  struct Case {
    Model model;
    SolverMethod method;
  };
  for (const Case c : {Case{Model::kBradleyTerry, SolverMethod::kNewton},
                       Case{Model::kBradleyTerry, SolverMethod::kMM},
                       Case{Model::kThurstone, SolverMethod::kNewton}}) {
    PairwiseProblem problem = Problem(d, c.model, anchors);
    problem.initial_scores = {9, 9, 9, 9, 9};  // anchors start, and stay, at their scores
    SolverOptions o;
    o.method = c.method;
    o.max_iterations = 20000;
    SolverSummary sum;
    const Scores sc = Solve(o, problem, &sum);
    ASSERT_TRUE(sum.Converged()) << sum.BriefReport();
    EXPECT_EQ(sum.anchors, 2u);
    for (const Anchor& a : anchors) {
      EXPECT_EQ(sc.score[a.item], a.score);
      EXPECT_EQ(sc.variance[a.item], 0.0);
      EXPECT_EQ(sc.ci_low[a.item], a.score);
      EXPECT_EQ(sc.ci_high[a.item], a.score);
    }
    // Free items land between the anchors they were compared with, with a variance.
    for (std::uint32_t i : {2u, 3u}) {
      EXPECT_GT(sc.score[i], -1.0);
      EXPECT_LT(sc.score[i], 2.0);
      EXPECT_GT(sc.variance[i], 0.0);
    }
    EXPECT_GT(sc.score[2], sc.score[3]);
    // The uncompared item sits at the prior mean, the anchors' mean, with the prior's
    // variance (to the gradient tolerance: its scaled gradient is its distance from 0.5).
    EXPECT_NEAR(sc.score[4], 0.5, 10 * o.gradient_tolerance);
    EXPECT_NEAR(sc.variance[4], 1.0 / problem.prior_strength, 1e-6);
  }
}

TEST(PairwiseProblem, BadInitialScoresThrow) {
  PairwiseProblem problem = Problem(TwoItems(3, 1));
  SolverSummary sum;
  problem.initial_scores = {0.0};
  EXPECT_THROW(Solve(SolverOptions{}, problem, &sum), Error);
  problem.initial_scores = {0.0, kNaN};
  EXPECT_THROW(Solve(SolverOptions{}, problem, &sum), Error);
  problem.initial_scores = {0.3, -0.3};
  EXPECT_NO_THROW(Solve(SolverOptions{}, problem, &sum));
}

}  // namespace
}  // namespace versus::sorting
