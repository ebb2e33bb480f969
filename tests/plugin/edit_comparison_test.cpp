// The GIMP-free half of the plug-in: editor pixels in, verdicts and rankings out.
#include "edit_comparison.hpp"
#include "star_writer.hpp"
#include "versus/engine/xmp_rating.hpp"

#include <gtest/gtest.h>

#include "versus/engine/anchors.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "test_files.hpp"

namespace versus::plugin {
namespace {

RgbaPixels ToRgba(const cv::Mat& bgr) {
  cv::Mat rgba;
  cv::cvtColor(bgr, rgba, cv::COLOR_BGR2RGBA);
  return {rgba.cols, rgba.rows, std::vector<std::uint8_t>(rgba.datastart, rgba.dataend)};
}

cv::Mat Blurred(const cv::Mat& bgr, double sigma) {
  cv::Mat out;
  cv::GaussianBlur(bgr, out, {0, 0}, sigma);
  return out;
}

class EditComparisonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { photo_ = cv::imread(testing::KodakPhoto(5).string(), cv::IMREAD_COLOR); }
  static cv::Mat photo_;
};
cv::Mat EditComparisonTest::photo_;

TEST(ToBgrOnWhite, KeepsOpaqueColourAndPutsTransparencyOnWhite) {
  const RgbaPixels pixels{3, 1, {10, 20, 30, 255, /**/ 10, 20, 30, 0, /**/ 0, 0, 0, 128}};
  const cv::Mat bgr = ToBgrOnWhite(pixels);
  EXPECT_EQ(bgr.at<cv::Vec3b>(0, 0), cv::Vec3b(30, 20, 10));     // channel order swapped, value kept
  EXPECT_EQ(bgr.at<cv::Vec3b>(0, 1), cv::Vec3b(255, 255, 255));  // fully transparent = white
  EXPECT_EQ(bgr.at<cv::Vec3b>(0, 2), cv::Vec3b(127, 127, 127));  // black at half alpha: 255 * 127/255
}

TEST(CheckMeasurable, RefusesTinyAndMalformedPixelsNamingThem) {
  try {
    CheckMeasurable({1, 1, {0, 0, 0, 255}}, "dot.png");
    FAIL() << "a 1x1 image was accepted";
  } catch (const engine::Error& e) {
    EXPECT_NE(std::string(e.what()).find("dot.png is 1x1 pixels: too small"), std::string::npos) << e.what();
  }
  EXPECT_THROW(CheckMeasurable({64, 64, std::vector<std::uint8_t>(10)}, "short"), engine::Error);
  EXPECT_NO_THROW(CheckMeasurable({kMinimumSide, kMinimumSide, std::vector<std::uint8_t>(kMinimumSide * kMinimumSide * 4)}, "ok"));
}

TEST(CheckSameSize, NamesBothSizesAndTheWayOut) {
  const RgbaPixels a{768, 512, {}}, b{384, 256, {}};
  try {
    CheckSameSize(a, "A (big)", b, "B (small)");
    FAIL() << "different sizes were accepted";
  } catch (const engine::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("A (big) is 768x512 but B (small) is 384x256"), std::string::npos) << what;
    EXPECT_NE(what.find("Scale Image"), std::string::npos) << what;
  }
}

TEST(VerdictText, HeadlineAndSidesSpeakOfWhatTheUserSees) {
  EXPECT_EQ(VerdictHeadline(0.18, "left", "right"), "Right is better, 82%");
  EXPECT_EQ(VerdictHeadline(0.9, "left", "right"), "Left is better, 90%");
  EXPECT_EQ(VerdictHeadline(0.502, "left", "right"), "Too close to call, 50%");
  engine::Verdict verdict;
  verdict.reason.winner = engine::Side::kSecond;
  verdict.reason.clauses = {{engine::Dimension::kColour, engine::Side::kSecond, std::nullopt},
                            {engine::Dimension::kNoise, engine::Side::kFirst, std::nullopt}};
  EXPECT_EQ(SidesReason(verdict, "left", "right"),
            "The right image is better: more natural colour, though the other wins on noise.");
}

TEST_F(EditComparisonTest, SharpEditBeatsBlurredEditOnSharpness) {
  ASSERT_FALSE(photo_.empty()) << testing::KodakPhoto(5);
  const EditJudge judge;
  const Edit sharp{"sharp", ToRgba(photo_)}, blurred{"blurred", ToRgba(Blurred(photo_, 3.0))};
  const engine::Verdict ab = judge.CompareEdits(sharp, blurred);
  const engine::Verdict ba = judge.CompareEdits(blurred, sharp);
  EXPECT_GT(ab.p_a_better, 0.6);
  EXPECT_NEAR(ab.p_a_better + ba.p_a_better, 1.0, 1e-9);
  ASSERT_EQ(Margins(ab).size(), 6u);
  EXPECT_GT(Margins(ab)[0], 0.0) << "sharpness should favour the sharp edit";
  EXPECT_EQ(SidesReason(ab, "left", "right").rfind("The left image is better", 0), 0u) << SidesReason(ab, "left", "right");
  EXPECT_EQ(SidesReason(ba, "left", "right").rfind("The right image is better", 0), 0u) << SidesReason(ba, "left", "right");
}

TEST_F(EditComparisonTest, OpaqueLayerMeasuresLikeThePictureItCameFrom) {
  ASSERT_FALSE(photo_.empty());
  const EditJudge judge;
  const engine::ImageProfile from_layer = judge.Profile(ToRgba(photo_), "layer");
  const engine::ImageProfile from_pixels = engine::Profile(engine::FromPixels(photo_), "pixels");
  ASSERT_EQ(from_layer.measures.size(), from_pixels.measures.size());
  for (std::size_t i = 0; i < from_layer.measures.size(); ++i) {
    EXPECT_DOUBLE_EQ(from_layer.measures[i], from_pixels.measures[i]) << engine::MeasureTable()[i].name;
  }
}

TEST_F(EditComparisonTest, RanksSharpestFirstAndSkipsWhatCannotBeJudged) {
  ASSERT_FALSE(photo_.empty());
  const EditJudge judge;
  const std::vector<Edit> edits{{"slightly soft", ToRgba(Blurred(photo_, 1.5))},
                                {"dot", {1, 1, {0, 0, 0, 255}}},
                                {"sharp", ToRgba(photo_)},
                                {"very soft", ToRgba(Blurred(photo_, 5.0))}};
  const Ranking ranking = judge.RankEdits(edits.size(), [&](std::size_t i) { return edits[i]; });
  ASSERT_EQ(ranking.best_first.size(), 3u);
  EXPECT_EQ(ranking.best_first[0].input_index, 2u);
  EXPECT_EQ(ranking.best_first[1].input_index, 0u);
  EXPECT_EQ(ranking.best_first[2].input_index, 3u);
  EXPECT_GT(ranking.best_first[0].stars, ranking.best_first[2].stars);
  const auto anchors = engine::LoadAnchors(kPluginJudge, PluginModelDirectory());
  ASSERT_TRUE(anchors) << "the plug-in's judge ships anchors";
  // Each image against the anchors, and every pair of the three against each other.
  EXPECT_EQ(ranking.comparisons, 3u * anchors->anchors.size() + 3u);
  ASSERT_EQ(ranking.skipped.size(), 1u);
  EXPECT_EQ(ranking.skipped[0].path, "dot");
  const std::string text = RankingText(ranking, {"slightly soft", "dot", "sharp", "very soft"});
  EXPECT_EQ(text.rfind("1. sharp  score ", 0), 0u) << text;
  EXPECT_NE(text.find("skipped: dot is 1x1 pixels"), std::string::npos) << text;
}

TEST_F(EditComparisonTest, RankingFewerThanTwoImagesSaysSo) {
  const EditJudge judge;
  const std::vector<Edit> edits{{"dot", {1, 1, {0, 0, 0, 255}}}};
  EXPECT_THROW(judge.RankEdits(edits.size(), [&](std::size_t i) { return edits[i]; }), engine::Error);
}

// Rank's "write stars to files" goes through rate's writer: the stars read back, and a
// rating the user set is left alone.
TEST(StarWriter, WritesStarsThroughTheRatingWriter) {
  testing::TempDir dir;
  const std::filesystem::path photo = dir / "edit.jpg";
  ASSERT_TRUE(cv::imwrite(photo.string(), testing::SyntheticScene(96, 64, 2)));
  const StarWriter write = RatingWriter();
  ASSERT_TRUE(write);
  EXPECT_NE(write(photo, 4).find("4 stars written"), std::string::npos);
  EXPECT_EQ(engine::ReadRatings(photo).Rating(), 4);
  // The user re-rates it in another program (exiftool): versus must leave that alone.
  ASSERT_EQ(testing::RunCommand("exiftool -q -overwrite_original -XMP-xmp:Rating=2 '" + photo.string() + "'").status, 0);
  EXPECT_NE(write(photo, 5).find("left alone"), std::string::npos);
  EXPECT_EQ(engine::ReadRatings(photo).Rating(), 2);
}

}  // namespace
}  // namespace versus::plugin
