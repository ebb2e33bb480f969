// Scores on the human scale: sigma fit, anchored per-image scores, anchor choice, cuts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "versus/sorting.hpp"
#include "versus/sorting/human_scale.hpp"

namespace versus::sorting {
namespace {

double Phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

TEST(HumanScale, SigmaFitRecoversTheJudgesSpread) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> mos(5, 95);
  std::vector<double> difference, outcome;
  for (int k = 0; k < 3000; ++k) {
    const double d = mos(rng) - mos(rng);
    difference.push_back(d);
    outcome.push_back(Phi(d / 17.0));
  }
  EXPECT_NEAR(FitHumanScaleSigma(difference, outcome), 17.0, 0.05);
  EXPECT_THROW(FitHumanScaleSigma({}, {}), Error);
  EXPECT_THROW(FitHumanScaleSigma({1.0}, {1.5}), Error);
}

TEST(HumanScale, ImageComparedWithAnchorsLandsAtItsMos) {
  const std::vector<double> anchors = {10, 25, 40, 55, 70, 85};
  const double sigma = 15;
  std::vector<std::vector<double>> p;
  for (double truth : {12.0, 48.0, 91.0}) {
    std::vector<double> row;
    for (double a : anchors) row.push_back(Phi((truth - a) / sigma));
    p.push_back(row);
  }
  const Scores s = ScoreAgainstAnchors(p, anchors, sigma);
  ASSERT_EQ(s.score.size(), 3u);
  const double truth[] = {12.0, 48.0, 91.0};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.score[i], truth[i], 0.5);
    EXPECT_LT(s.ci_low[i], truth[i]);
    EXPECT_GT(s.ci_high[i], truth[i]);
  }
}

TEST(HumanScale, AnImagesScoreDoesNotDependOnTheOthers) {
  const std::vector<double> anchors = {20, 50, 80};
  const std::vector<double> alone_row = {0.9, 0.6, 0.2};
  const Scores alone = ScoreAgainstAnchors({alone_row}, anchors, 20);
  std::vector<std::vector<double>> crowd = {alone_row};
  for (int i = 0; i < 50; ++i) crowd.push_back({0.99, 0.97, 0.9});  // much better photos
  const Scores among = ScoreAgainstAnchors(crowd, anchors, 20);
  EXPECT_NEAR(among.score[0], alone.score[0], 1e-4);
  EXPECT_NEAR(among.ci_low[0], alone.ci_low[0], 1e-3);
  EXPECT_NEAR(among.ci_high[0], alone.ci_high[0], 1e-3);
  EXPECT_GT(among.score[1], among.score[0] + 10);
}

TEST(HumanScale, ScoreAgainstAnchorsRejectsBadInput) {
  EXPECT_THROW(ScoreAgainstAnchors({{0.5}}, {}, 10), Error);
  EXPECT_THROW(ScoreAgainstAnchors({{0.5}}, {50}, 0), Error);
  EXPECT_THROW(ScoreAgainstAnchors({{0.5, 0.4}}, {50}, 10), Error);
  EXPECT_TRUE(ScoreAgainstAnchors({}, {50}, 10).score.empty());
}

TEST(HumanScale, AnchorsSpanTheMosRangeOnePerStratum) {
  std::vector<double> mos(100);
  std::iota(mos.begin(), mos.end(), 0.0);
  std::shuffle(mos.begin(), mos.end(), std::mt19937_64(3));
  const auto picked = PickAnchorsByMos(mos, 10, 7);
  ASSERT_EQ(picked.size(), 10u);
  for (std::size_t s = 0; s < 10; ++s) {
    EXPECT_GE(mos[picked[s]], 10.0 * double(s));
    EXPECT_LT(mos[picked[s]], 10.0 * double(s + 1));
  }
  EXPECT_EQ(PickAnchorsByMos(mos, 10, 7), picked);
  EXPECT_NE(PickAnchorsByMos(mos, 10, 8), picked);
  EXPECT_THROW(PickAnchorsByMos(mos, 0, 1), Error);
  EXPECT_THROW(PickAnchorsByMos(mos, 101, 1), Error);
}

TEST(HumanScale, QuintileCutsGiveEachStarAFifthOfTheHumanData) {
  std::vector<double> mos(500);
  std::mt19937_64 rng(2);
  std::normal_distribution<double> n(55, 15);
  for (double& m : mos) m = n(rng);
  const StarThresholds cuts = QuintileThresholds(mos);
  const std::vector<int> stars = StarsByThreshold(mos, cuts);
  for (int s = 1; s <= 5; ++s) EXPECT_EQ(std::count(stars.begin(), stars.end(), s), 100) << s;
  EXPECT_THROW(QuintileThresholds({1, 2, 3, 4}), Error);
}

}  // namespace
}  // namespace versus::sorting
