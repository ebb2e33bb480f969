// The shipped feature judge: loads, is antisymmetric, explains itself, and orders
// distortion ladders of a photo it was not tuned on by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

std::unique_ptr<Comparator> ShippedJudge() {
  return MakeComparator("features", {std::filesystem::path(VERSUS_BINARY_DIR) / "share/versus/models", {}});
}

ImageProfile ProfileOf(const cv::Mat& pixels, const std::string& label) { return Profile(FromPixels(pixels), label); }

cv::Mat Photo(int n) {
  const auto path = testing::KodakPhoto(n);
  if (std::filesystem::exists(path)) return cv::imread(path.string());
  return testing::SyntheticScene(768, 512, unsigned(n));
}

TEST(FeatureComparator, RegistryKnowsItAndRejectsUnknownNames) {
  EXPECT_EQ(ShippedJudge()->name(), "features");
  EXPECT_THROW(MakeComparator("no-such-judge"), Error);
}

TEST(FeatureComparator, SharpBeatsBlurredAndSaysWhy) {
  const auto judge = ShippedJudge();
  const cv::Mat photo = Photo(3);
  const ImageProfile sharp = ProfileOf(photo, "sharp"), blurred = ProfileOf(Distort(photo, Distortion::kBlur, 2), "blurred");
  const Verdict v = judge->Compare(sharp, blurred);
  EXPECT_GT(v.p_a_better, 0.8);
  ASSERT_EQ(v.dimensions.size(), 8u);  // five technical, eyes, face focus, overall
  EXPECT_EQ(v.dimensions[0].dimension, Dimension::kSharpness);
  EXPECT_GT(v.dimensions[0].margin, 0.0);
  ASSERT_TRUE(v.reason.winner.has_value());
  EXPECT_EQ(*v.reason.winner, Side::kFirst);
  EXPECT_NE(ReasonText(v.reason).find("sharper"), std::string::npos) << ReasonText(v.reason);
}

TEST(FeatureComparator, IsAntisymmetricAndMarginsAddUp) {
  const auto judge = ShippedJudge();
  const cv::Mat photo = Photo(7);
  const ImageProfile a = ProfileOf(photo, "a"), b = ProfileOf(Distort(photo, Distortion::kNoise, 2), "b");
  const Verdict ab = judge->Compare(a, b), ba = judge->Compare(b, a);
  EXPECT_NEAR(ab.p_a_better + ba.p_a_better, 1.0, 1e-12);
  EXPECT_NEAR(ab.log_odds, -ba.log_odds, 1e-12);
  double sum = 0.0;
  for (const auto& d : ab.dimensions) {
    if (d.dimension != Dimension::kOverall) sum += d.margin;
  }
  // BRISQUE has no technical dimension of its own: it is the only gap.
  const double overall = ab.dimensions.back().margin;
  EXPECT_NEAR(std::log(ab.p_a_better / (1 - ab.p_a_better)), overall, 1e-9);
  EXPECT_LT(std::abs(overall - sum), std::abs(overall) + 1.0);
}

TEST(FeatureComparator, OrdersLaddersOfUnseenScenes) {
  const auto judge = ShippedJudge();
  int right = 0, total = 0;
  for (int photo_index : {2, 13, 23}) {
    const cv::Mat photo = Photo(photo_index);
    for (Distortion kind : {Distortion::kBlur, Distortion::kNoise, Distortion::kJpeg, Distortion::kUnderexpose}) {
      ImageProfile previous = ProfileOf(photo, "0");
      for (int level = 1; level <= 4; ++level) {
        const ImageProfile worse = ProfileOf(Distort(photo, kind, level), std::to_string(level));
        right += judge->Compare(previous, worse).p_a_better > 0.5;
        ++total;
        previous = worse;
      }
    }
  }
  EXPECT_GE(double(right) / total, 0.85) << right << " of " << total;
}

TEST(FeatureWeights, MissingOrCorruptFileNamesThePath) {
  testing::TempDir dir;
  try {
    FeatureWeights::Load(dir / "absent.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("absent.json"), std::string::npos);
  }
  testing::WriteBytes(dir / "broken.json", "{ not json");
  try {
    FeatureWeights::Load(dir / "broken.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos);
  }
}

TEST(FeatureWeights, SaveLoadRoundTrip) {
  testing::TempDir dir;
  const std::size_t n = MeasureTable().size();
  FeatureWeights w{std::vector<double>(n, 1.5), std::vector<double>(n, 2.0), std::vector<double>(n, -0.25), "test"};
  w.Save(dir / "w.json");
  const FeatureWeights back = FeatureWeights::Load(dir / "w.json");
  EXPECT_EQ(back.mean, w.mean);
  EXPECT_EQ(back.scale, w.scale);
  EXPECT_EQ(back.weight, w.weight);
}

}  // namespace
}  // namespace versus::engine
