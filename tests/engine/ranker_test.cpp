// The Ranker (engine/ranker.hpp): the one loop from pairwise judgements to an order. A
// simulated judge with known true scores stands in for a comparator, so each property
// (determinism, budget, recovery of a known order, one thread pool, anchors, ties of
// copies) is checked against the truth.
#include "versus/engine/ranker.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "versus/engine/error.hpp"
#include "versus/sorting.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::engine {
namespace {

// A judge that knows the truth and says P = sigma(truth_a - truth_b), no noise.
PairJudge ExactJudge(std::vector<double> truth) {
  return [truth = std::move(truth)](std::uint32_t a, std::uint32_t b) {
    const double margin = truth[a] - truth[b];
    return PairJudgement{sorting::WinProbability(margin), margin};
  };
}

std::vector<std::size_t> TrueOrder(const std::vector<double>& truth) {
  std::vector<std::size_t> order(truth.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return truth[a] > truth[b]; });
  return order;
}

RankerReport Ranked(const RankerOptions& options, std::size_t n, const PairJudge& judge) {
  RankerReport report;
  Rank(options, n, judge, &report);
  return report;
}

TEST(Ranker, EveryPairWithAnExactJudgeRecoversTheTrueOrder) {
  const auto truth = sorting::SimulateTrueScores(30, 2.0, 7);
  const RankerReport report = Ranked(RankerOptions{}, truth.size(), ExactJudge(truth));
  EXPECT_EQ(report.design, PairDesign::kAllPairs);
  EXPECT_EQ(report.judged.comparisons.size(), 30u * 29u / 2u);
  EXPECT_EQ(report.order, TrueOrder(truth));
  ASSERT_EQ(report.scores.variance.size(), truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_GT(report.scores.StandardError(i), 0.0);
    // The interval is the fit's: score +- 1.96 standard errors.
    EXPECT_NEAR(report.scores.ci_high[i] - report.scores.ci_low[i], 2 * 1.959964 * report.scores.StandardError(i), 1e-5);
  }
  const std::vector<int> stars = sorting::StarsByQuantile(report.scores.score);
  EXPECT_EQ(report.stars, stars);
  EXPECT_EQ(report.stars[report.order.front()], 5);
  EXPECT_EQ(report.stars[report.order.back()], 1);
}

TEST(Ranker, MeanLogOddsRecoversTheTrueScoresUpToAShift) {
  const std::vector<double> truth{0.5, -1.0, 2.0, 0.25};
  RankerOptions options;
  options.design = PairDesign::kAllPairs;
  options.fit = ScoreFit::kMeanLogOdds;
  const RankerReport report = Ranked(options, truth.size(), ExactJudge(truth));
  EXPECT_EQ(report.order, TrueOrder(truth));
  // Least squares on exact margins: the centred truth (mean 0.4375).
  for (std::size_t i = 0; i < truth.size(); ++i) EXPECT_NEAR(report.scores.score[i], truth[i] - 0.4375, 1e-12);
  EXPECT_TRUE(report.scores.variance.empty());
}

TEST(Ranker, ActiveDesignRecoversANoisyOrderWithinTheDefaultBudget) {
  // 120 items, hard (0/1) outcomes: the default budget is ~8 comparisons per item,
  // 6.7% of the pairs (versus-bench-sorting: Spearman 0.96 at n = 100).
  const auto truth = sorting::SimulateTrueScores(120, 2.0, 3);
  RankerOptions options;
  options.budget = sorting::DefaultComparisonBudget(truth.size());
  const RankerReport report = Ranked(options, truth.size(), SimulatedJudge(truth, 3));
  EXPECT_EQ(report.design, PairDesign::kActive);
  EXPECT_GT(sorting::SpearmanCorrelation(report.scores.score, truth), 0.93);
}

TEST(Ranker, SameSeedSameRunAnotherSeedOtherPairs) {
  const auto truth = sorting::SimulateTrueScores(80, 2.0, 11);
  RankerOptions options;
  options.budget = 400;
  const RankerReport one = Ranked(options, truth.size(), SimulatedJudge(truth, 5));
  const RankerReport two = Ranked(options, truth.size(), SimulatedJudge(truth, 5));
  ASSERT_EQ(one.judged.comparisons.size(), two.judged.comparisons.size());
  for (std::size_t k = 0; k < one.judged.comparisons.size(); ++k) {
    EXPECT_EQ(one.judged.comparisons[k].a, two.judged.comparisons[k].a);
    EXPECT_EQ(one.judged.comparisons[k].b, two.judged.comparisons[k].b);
    EXPECT_EQ(one.judged.comparisons[k].outcome, two.judged.comparisons[k].outcome);
  }
  EXPECT_EQ(one.scores.score, two.scores.score);
  options.seed = 6;
  const RankerReport other = Ranked(options, truth.size(), SimulatedJudge(truth, 5));
  std::set<std::pair<std::uint32_t, std::uint32_t>> first, second;
  for (const auto& c : one.judged.comparisons) first.insert({c.a, c.b});
  for (const auto& c : other.judged.comparisons) second.insert({c.a, c.b});
  EXPECT_NE(first, second);
}

TEST(Ranker, NeverJudgesMoreThanTheBudget) {
  const auto truth = sorting::SimulateTrueScores(60, 2.0, 2);
  for (std::size_t budget : {1u, 59u, 60u, 61u, 250u, 1769u}) {
    RankerOptions options;
    options.budget = budget;
    std::atomic<std::size_t> calls{0};
    const PairJudge judge = SimulatedJudge(truth, 1);
    const RankerReport report = Ranked(options, truth.size(), [&](std::uint32_t a, std::uint32_t b) {
      ++calls;
      return judge(a, b);
    });
    EXPECT_EQ(report.judged.comparisons.size(), budget) << "budget " << budget;
    EXPECT_EQ(calls.load(), budget) << "budget " << budget;
  }
  // Every pair of 60 items is 1,770: a budget that covers them judges each pair once.
  RankerOptions all;
  all.budget = 1770;
  EXPECT_EQ(Ranked(all, truth.size(), SimulatedJudge(truth, 1)).design, PairDesign::kAllPairs);
  all.budget = 100;
  all.design = PairDesign::kAllPairs;
  EXPECT_THROW(Ranked(all, truth.size(), SimulatedJudge(truth, 1)), Error);
}

TEST(Ranker, JudgesOnOnePoolOfAtMostParallelThreadsWithTheSameResult) {
  const auto truth = sorting::SimulateTrueScores(50, 2.0, 4);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  const PairJudge simulated = SimulatedJudge(truth, 9);
  const PairJudge recording = [&](std::uint32_t a, std::uint32_t b) {
    {
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    return simulated(a, b);
  };
  RankerOptions options;
  options.budget = 300;
  const RankerReport serial = Ranked(options, truth.size(), recording);
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()}) << "parallel = 1: the calling thread only";
  threads.clear();
  options.parallel = 3;
  const RankerReport parallel = Ranked(options, truth.size(), recording);
  EXPECT_LE(threads.size(), 3u);
  EXPECT_EQ(parallel.scores.score, serial.scores.score);
  EXPECT_EQ(parallel.judged.comparisons.size(), serial.judged.comparisons.size());
}

TEST(Ranker, TheFirstJudgeErrorStopsTheRankingAndIsRethrown) {
  RankerOptions options;
  options.parallel = 2;
  std::atomic<int> calls{0};
  RankerReport report;
  try {
    Rank(options, 40,
         [&](std::uint32_t, std::uint32_t) -> PairJudgement {
           if (++calls == 5) throw Error("server gone");
           return {};
         },
         &report);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "server gone");
  }
  EXPECT_LT(calls.load(), 40 * 39 / 2) << "judging stopped";
  EXPECT_THROW(Rank(options, 40, [](std::uint32_t, std::uint32_t) { return PairJudgement{1.5, 0.0}; }, &report),
               Error)
      << "P outside [0, 1]";
}

TEST(Ranker, BalancedSidesAskHalfThePairsTheOtherWayRound) {
  const auto truth = sorting::SimulateTrueScores(12, 2.0, 8);
  std::atomic<int> reversed{0};
  const PairJudge exact = ExactJudge(truth);
  RankerOptions options;
  options.balance_sides = true;
  const RankerReport report = Ranked(options, truth.size(), [&](std::uint32_t a, std::uint32_t b) {
    if (a > b) ++reversed;
    return exact(a, b);
  });
  EXPECT_EQ(reversed.load(), 36);  // pairs of 12 items with an odd index sum: 6 * 6
  EXPECT_EQ(report.order, TrueOrder(truth));
  for (const auto& c : report.judged.comparisons) {
    EXPECT_LT(c.a, c.b);  // recorded the usual way round, outcome flipped back
    EXPECT_NEAR(c.outcome, sorting::WinProbability(truth[c.a] - truth[c.b]), 1e-12);
  }
}

TEST(Ranker, AnchorsKeepTheirScoresAndSetTheScale) {
  const std::vector<double> truth{1.0, -1.0, 0.3, -0.4, 0.0};
  RankerOptions options;
  options.anchors = {{0, 1.0}, {1, -1.0}};
  const RankerReport report = Ranked(options, truth.size(), [&](std::uint32_t a, std::uint32_t b) {
    const double p = 0.5 * std::erfc(-(truth[a] - truth[b]) / std::sqrt(2.0));  // Thurstone
    return JudgementFromProbability(p);
  });
  EXPECT_DOUBLE_EQ(report.scores.score[0], 1.0);
  EXPECT_DOUBLE_EQ(report.scores.score[1], -1.0);
  EXPECT_EQ(report.order, TrueOrder(truth));
  EXPECT_NEAR(report.scores.score[2], 0.3, 0.1);
}

TEST(Ranker, IdenticalItemsTie) {
  const std::vector<double> truth{0.0, 1.0, 1.0, -1.0, 2.0};
  RankerOptions options;
  options.identical_items = {{1, 2}};
  // Items 1 and 2 are seen in different pair orders by a slightly noisy judge.
  const RankerReport report = Ranked(options, truth.size(), [&](std::uint32_t a, std::uint32_t b) {
    return JudgementFromProbability(sorting::WinProbability(truth[a] - truth[b] + 0.01 * (a == 2)));
  });
  EXPECT_EQ(report.scores.score[1], report.scores.score[2]);
  EXPECT_EQ(report.scores.StandardError(1), report.scores.StandardError(2));
  EXPECT_EQ(report.stars[1], report.stars[2]);
}

TEST(Ranker, AfterRefitCanStopTheLoop) {
  const auto truth = sorting::SimulateTrueScores(100, 2.0, 5);
  RankerOptions options;
  options.design = PairDesign::kActive;
  options.budget = 2000;
  int refits = 0;
  options.after_refit = [&](const sorting::Scores& scores, const sorting::ComparisonSet& judged) {
    EXPECT_EQ(scores.score.size(), judged.item_count);
    return ++refits < 3;
  };
  const RankerReport report = Ranked(options, truth.size(), SimulatedJudge(truth, 1));
  EXPECT_EQ(refits, 3);
  EXPECT_EQ(report.judged.comparisons.size(), 100u + 2 * 50u);  // the cycle, then two batches of n/2
}

TEST(Ranker, InvalidOptionsSayWhich) {
  RankerOptions options;
  options.fit = ScoreFit::kMeanLogOdds;
  std::string why;
  EXPECT_FALSE(options.IsValid(&why));
  EXPECT_NE(why.find("kMeanLogOdds"), std::string::npos) << why;
  EXPECT_THROW(Ranked(options, 3, ExactJudge({0, 1, 2})), Error);
  RankerOptions anchored;
  anchored.anchors = {{7, 0.0}};
  EXPECT_THROW(Ranked(anchored, 3, ExactJudge({0, 1, 2})), Error);
}

TEST(Ranker, NoOrOneItemIsADefinedResult) {
  for (std::size_t n : {0u, 1u}) {
    const RankerReport report = Ranked(RankerOptions{}, n, ExactJudge({0.0}));
    EXPECT_TRUE(report.judged.comparisons.empty());
    EXPECT_EQ(report.order.size(), n);
    EXPECT_EQ(report.stars, std::vector<int>(n, 3));
  }
}

TEST(Ranker, StarConfidenceIsAProbabilityAndOneWithoutSpread) {
  const auto truth = sorting::SimulateTrueScores(40, 2.0, 12);
  RankerOptions options;
  options.budget = 200;
  RankerReport report = Ranked(options, truth.size(), SimulatedJudge(truth, 2));
  for (double c : StarConfidence(report)) {
    EXPECT_GT(c, 0.0);
    EXPECT_LT(c, 1.0);  // ~5 comparisons each: no star is certain
  }
  report.scores.variance.assign(report.stars.size(), 0.0);
  for (double c : StarConfidence(report)) EXPECT_EQ(c, 1.0);
}

TEST(Ranker, StarConfidenceOfAbsoluteStarsIsTheMassBetweenTheCuts) {
  RankerReport report;
  report.scores.score = {50.0, 71.0};
  report.scores.variance = {100.0, 1.0};  // standard errors 10 and 1 MOS points
  report.star_thresholds = sorting::StarThresholds{{30.0, 40.0, 60.0, 70.0}};
  report.stars = sorting::StarsByThreshold(report.scores.score, *report.star_thresholds);
  ASSERT_EQ(report.stars, (std::vector<int>{3, 5}));
  const std::vector<double> confidence = StarConfidence(report);
  const auto phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  EXPECT_NEAR(confidence[0], phi(1.0) - phi(-1.0), 1e-9);  // 50 +- 10 inside [40, 60)
  EXPECT_NEAR(confidence[1], 1.0 - phi(-1.0), 1e-9);       // 71 +- 1 above 70: open-ended
}

// The active design against uniform random pairs, both in the Ranker's loop with the
// same judge, seed and budget: mean Spearman difference over seeds 1..seeds.
double ActiveAdvantage(std::size_t n, std::size_t batch, int rounds, std::uint64_t seeds) {
  double diff = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const auto truth = sorting::SimulateTrueScores(n, 3.0, seed);
    RankerOptions options;
    options.design = PairDesign::kActive;
    options.budget = n + batch * std::size_t(rounds);
    options.batch_size = batch;
    options.seed = seed;
    const double active = sorting::SpearmanCorrelation(Ranked(options, n, SimulatedJudge(truth, seed)).scores.score, truth);
    options.sampling.method = sorting::SamplingMethod::kRandom;
    const double random = sorting::SpearmanCorrelation(Ranked(options, n, SimulatedJudge(truth, seed)).scores.score, truth);
    diff += active - random;
  }
  return diff / static_cast<double>(seeds);
}

TEST(Ranker, BandDesignBeatsRandomAtEqualBudget) {
  // 200 items (above exhaustive_max_items: the band design), spread 3 logits, 6
  // comparisons each.
  EXPECT_GT(ActiveAdvantage(200, 100, 10, 3), 0.01);
}

TEST(Ranker, ExhaustiveDesignBeatsRandomAtEqualBudget) {
  // 80 items (full-covariance criterion), 5 comparisons each.
  EXPECT_GT(ActiveAdvantage(80, 40, 9, 6), 0.015);
}

}  // namespace
}  // namespace versus::engine
