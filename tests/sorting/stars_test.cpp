// Scores to stars: quantile fifths and anchor-calibrated thresholds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

TEST(Stars, QuantileFifths) {
  std::vector<double> s;
  for (int i = 0; i < 10; ++i) s.push_back(i * 0.3);
  EXPECT_EQ(StarsByQuantile(s), (std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
  // Order does not matter, only ranks.
  std::vector<double> r(s.rbegin(), s.rend());
  EXPECT_EQ(StarsByQuantile(r), (std::vector<int>{5, 5, 4, 4, 3, 3, 2, 2, 1, 1}));
}

TEST(Stars, QuantileDefinedResults) {
  EXPECT_TRUE(StarsByQuantile({}).empty());
  EXPECT_EQ(StarsByQuantile({0.7}), std::vector<int>{3});
  EXPECT_EQ(StarsByQuantile({2, 2, 2}), (std::vector<int>{3, 3, 3}));
  // Ties share a star.
  const auto t = StarsByQuantile({0, 1, 1, 1, 1, 1, 1, 1, 1, 2});
  for (int k = 1; k < 9; ++k) EXPECT_EQ(t[k], t[1]);
  EXPECT_THROW(StarsByQuantile({1.0, NAN}), Error);
  EXPECT_THROW(StarsByQuantile({1.0, 2.0}, {0.5, 0.4, 0.6, 0.8}), Error);
}

TEST(Stars, CustomCutsGiveFewFiveStars) {
  std::vector<double> s(100);
  for (int i = 0; i < 100; ++i) s[i] = i;
  const auto stars = StarsByQuantile(s, {0.1, 0.3, 0.7, 0.95});
  EXPECT_EQ(std::count(stars.begin(), stars.end(), 5), 5);
  EXPECT_EQ(std::count(stars.begin(), stars.end(), 1), 10);
}

TEST(Stars, ThresholdsCalibratedFromAnchors) {
  // Anchors: scores increase with stars, two per star class.
  const std::vector<double> anchor_scores = {-2.1, -1.9, -1.0, -0.8, 0.0, 0.2, 1.0, 1.1, 2.0, 2.2};
  const std::vector<int> anchor_stars = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
  const StarThresholds t = CalibrateStarThresholds(anchor_scores, anchor_stars);
  EXPECT_NEAR(t.thresholds[0], -1.45, 1e-12);
  EXPECT_NEAR(t.thresholds[1], -0.4, 1e-12);
  EXPECT_NEAR(t.thresholds[2], 0.6, 1e-12);
  EXPECT_NEAR(t.thresholds[3], 1.55, 1e-12);
  EXPECT_EQ(StarsByThreshold(anchor_scores, t), anchor_stars);
  // Absolute: a set of only good images is all 4-5 stars (quantiles would spread it).
  EXPECT_EQ(StarsByThreshold({1.2, 1.3, 3.0}, t), (std::vector<int>{4, 4, 5}));
  EXPECT_THROW(CalibrateStarThresholds({1.0}, {3}), Error);
  EXPECT_THROW(CalibrateStarThresholds({1.0, 2.0}, {3, 6}), Error);
}

TEST(Stars, CalibrationWithMissingClassesStaysMonotone) {
  const StarThresholds t = CalibrateStarThresholds({0.0, 1.0, 2.0}, {2, 2, 4});
  for (int k = 1; k < 4; ++k) EXPECT_LE(t.thresholds[k - 1], t.thresholds[k]);
  EXPECT_EQ(StarsByThreshold({0.0, 1.0, 2.0}, t), (std::vector<int>{2, 2, 4}));
}

}  // namespace
}  // namespace versus::sorting
