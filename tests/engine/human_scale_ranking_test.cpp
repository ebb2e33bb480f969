// Scores on the human scale with pairs of images (engine::RankOnHumanScale, issue 19):
// a judge that follows the human scale exactly (P = Phi((q_a - q_b) / sigma), the truth
// q in MOS points) is recovered from k anchor judgements per image plus the Ranker's
// pairs of images; the pairs are counted, bounded by the budget, never involve an
// anchor, and leave a photo's score inside its interval whatever company it keeps.
#include <gtest/gtest.h>

#include <cmath>

#include "versus/engine/anchors.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/ranker.hpp"
#include "versus/sorting.hpp"

namespace versus::engine {
namespace {

constexpr double kSigma = 20.0;

// measures[0] holds the photo's true MOS.
class HumanScaleJudge final : public Comparator {
 public:
  std::string_view name() const override { return "human-scale-test"; }
  Verdict Compare(const ImageProfile& a, const ImageProfile& b) const override {
    Verdict v;
    v.p_a_better = 0.5 * std::erfc(-(a.measures[0] - b.measures[0]) / kSigma / std::sqrt(2.0));
    v.log_odds = std::log(v.p_a_better / (1.0 - v.p_a_better));
    return v;
  }
};

ImageProfile Photo(double mos) {
  ImageProfile p;
  p.path = "mos" + std::to_string(mos);
  p.measures = {mos};
  return p;
}

JudgeAnchors Anchors() {
  JudgeAnchors anchors;
  anchors.judge = "human-scale-test";
  anchors.sigma = kSigma;
  anchors.star_thresholds = {30, 45, 60, 75};
  for (double mos : {10.0, 25.0, 40.0, 55.0, 70.0, 85.0}) anchors.anchors.push_back({"a", mos, Photo(mos)});
  return anchors;
}

RankerReport Ranked(const std::vector<ImageProfile>& images, double weight = kDefaultMutualWeight,
                    std::size_t budget = 0) {
  HumanScaleOptions options;
  options.jobs = 1;
  options.mutual_weight = weight;
  options.budget = budget;
  RankerReport report;
  RankOnHumanScale(options, HumanScaleJudge(), images, Anchors(), &report);
  return report;
}

TEST(HumanScaleRanking, RecoversTheHumanScoresFromAnchorsAndPairs) {
  const std::vector<double> truth = {18, 33, 47, 52, 68, 90};
  std::vector<ImageProfile> images;
  for (double q : truth) images.push_back(Photo(q));
  const RankerReport report = Ranked(images);
  ASSERT_EQ(report.scores.score.size(), truth.size());
  EXPECT_EQ(report.anchors, 6u);
  // 6 x 6 anchor judgements, then the 15 pairs of the six (they fit in the budget).
  ASSERT_EQ(report.judged.comparisons.size(), 36u + 15u);
  EXPECT_EQ(report.judged.item_count, 12u);
  for (std::size_t c = 36; c < report.judged.comparisons.size(); ++c) {
    EXPECT_LT(report.judged.comparisons[c].a, 6u);  // pairs of images, never an anchor
    EXPECT_LT(report.judged.comparisons[c].b, 6u);
  }
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_NEAR(report.scores.score[i], truth[i], 2.0) << i;
    EXPECT_LT(report.scores.ci_low[i], truth[i]) << i;
    EXPECT_GT(report.scores.ci_high[i], truth[i]) << i;
  }
  ASSERT_TRUE(report.star_thresholds);
  EXPECT_EQ(report.stars, (std::vector<int>{1, 2, 3, 3, 4, 5}));
  EXPECT_EQ(report.order.front(), 5u);
  EXPECT_EQ(report.order.back(), 0u);
  // Pairs narrow the intervals against anchors alone (weight 0: n * k judgements only).
  const RankerReport alone = Ranked(images, 0.0);
  ASSERT_EQ(alone.judged.comparisons.size(), 36u);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_LT(report.scores.ci_high[i] - report.scores.ci_low[i], alone.scores.ci_high[i] - alone.scores.ci_low[i]);
  }
}

TEST(HumanScaleRanking, APhotoKeepsItsStarsAndScoreAmongMuchBetterOnes) {
  const ImageProfile photo = Photo(40);
  const RankerReport alone = Ranked({photo, Photo(50)});
  std::vector<ImageProfile> crowd = {photo};
  for (int i = 0; i < 40; ++i) crowd.push_back(Photo(85 + i % 5));
  const RankerReport among = Ranked(crowd);
  EXPECT_EQ(among.stars[0], alone.stars[0]);
  EXPECT_LE(among.scores.ci_low[0], alone.scores.ci_high[0]);
  EXPECT_LE(alone.scores.ci_low[0], among.scores.ci_high[0]);
  EXPECT_NEAR(among.scores.score[0], 40.0, 2.0);
}

TEST(HumanScaleRanking, TheBudgetBoundsThePairsOfImagesOnly) {
  std::vector<ImageProfile> images;
  for (int i = 0; i < 30; ++i) images.push_back(Photo(10 + 2.5 * i));
  const RankerReport report = Ranked(images, kDefaultMutualWeight, 40);
  EXPECT_EQ(report.judged.comparisons.size(), 30u * 6u + 40u);
  // The default budget: sorting::DefaultComparisonBudget(30) pairs beside the anchors.
  EXPECT_EQ(Ranked(images).judged.comparisons.size(), 30u * 6u + sorting::DefaultComparisonBudget(30));
}

TEST(HumanScaleRanking, NoImageOneImageAndBadWeights) {
  EXPECT_TRUE(Ranked({}).scores.score.empty());
  const RankerReport one = Ranked({Photo(60)});
  ASSERT_EQ(one.scores.score.size(), 1u);
  EXPECT_EQ(one.judged.comparisons.size(), 6u);
  EXPECT_NEAR(one.scores.score[0], 60.0, 3.0);
  EXPECT_THROW(Ranked({Photo(60), Photo(50)}, -1.0), Error);
}

}  // namespace
}  // namespace versus::engine
