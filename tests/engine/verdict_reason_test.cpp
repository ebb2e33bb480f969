// The one formatter of verdict reasons: the exact sentences users and the other
// commands see (compare's file names, cull's keeper clauses, the plug-in's sides), the
// measured reason's numbers, a judge's own words read into mentions and written back,
// and a verdict told from the other side.
#include <gtest/gtest.h>

#include <cmath>

#include "versus/engine.hpp"

namespace versus::engine {
namespace {

// A profile whose measures are all 0 but the ones named.
ImageProfile WithMeasures(std::initializer_list<std::pair<std::string_view, double>> values) {
  ImageProfile p;
  p.measures.assign(MeasureTable().size(), 0.0);
  for (const auto& [name, value] : values) p.measures[MeasureIndex(name)] = value;
  return p;
}

std::vector<DimensionVerdict> Margins(double sharpness, double noise, double exposure) {
  return {{Dimension::kSharpness, sharpness}, {Dimension::kNoise, noise}, {Dimension::kExposure, exposure},
          {Dimension::kColour, 0.0},          {Dimension::kCompression, 0.0}, {Dimension::kOverall, sharpness + noise + exposure}};
}

TEST(VerdictReason, SharpnessWinWithItsRatioAndTheOtherSidesWin) {
  // Edge contrast 10^0.5 vs 10^0.1: 2.5x; noise favours B.
  const ImageProfile a = WithMeasures({{"sharpness", 0.5}, {"noise", 2.0}});
  const ImageProfile b = WithMeasures({{"sharpness", 0.1}, {"noise", 1.0}});
  const Reason r = MeasuredReason(Margins(2.0, -0.5, 0.0), 1.5, a, b);
  ASSERT_EQ(r.winner, Side::kFirst);
  ASSERT_EQ(r.clauses.size(), 2u);
  EXPECT_EQ(r.clauses[0].dimension, Dimension::kSharpness);
  ASSERT_TRUE(r.clauses[0].values.has_value());
  EXPECT_NEAR((*r.clauses[0].values)[0] / (*r.clauses[0].values)[1], std::pow(10.0, 0.4), 1e-9);
  EXPECT_EQ(r.clauses[1].favours, Side::kSecond);
  EXPECT_EQ(ReasonText(r), "The first image is better: sharper (2.5x the edge contrast), though the other wins on noise.");
  EXPECT_EQ(ReasonText(r, {"'a.jpg'", "'b.jpg'"}),
            "'a.jpg' is better: sharper (2.5x the edge contrast), though the other wins on noise.");
  EXPECT_EQ(WinnerClausesText(r), "sharper (2.5x the edge contrast), though the other wins on noise");
}

TEST(VerdictReason, TwoWinsForTheSecondImageWithTheirNumbers) {
  // B: noise 2^1 - 1 = 1.0 level vs A's 2^3 - 1 = 7.0; clipped 0 % vs A's 2^4 + 1 - 2 = 15 %.
  const ImageProfile a = WithMeasures({{"noise", 3.0}, {"highlight_clipping", 4.0}});
  const ImageProfile b = WithMeasures({{"noise", 1.0}});
  const Reason r = MeasuredReason(Margins(0.0, -1.0, -0.5), -1.5, a, b);
  ASSERT_EQ(r.winner, Side::kSecond);
  EXPECT_EQ(ReasonText(r),
            "The second image is better: less noisy (noise 1.0 vs 7.0 levels), and better exposed (0% vs 15% of "
            "pixels clipped).");
  EXPECT_EQ(ReasonText(r, {"the left image", "the right image"}).rfind("The right image is better: less noisy", 0), 0u);
}

TEST(VerdictReason, SmallMarginsAndTooClose) {
  const ImageProfile a = WithMeasures({}), b = WithMeasures({});
  const Reason small = MeasuredReason(Margins(0.05, 0.05, 0.05), 0.15, a, b);
  EXPECT_EQ(small.winner, Side::kFirst);
  EXPECT_TRUE(small.clauses.empty());
  EXPECT_EQ(ReasonText(small), "The first image is better overall, by a small margin.");
  EXPECT_EQ(WinnerClausesText(small), "better overall, by a small margin");
  const Reason close = MeasuredReason(Margins(0.02, 0.0, 0.0), 0.02, a, b);
  EXPECT_FALSE(close.winner.has_value());
  EXPECT_EQ(ReasonText(close), "The two images are too close to call.");
  EXPECT_EQ(ReasonText(close, OrdinalNames(), ReasonEnd::kNone), "The two images are too close to call");
  EXPECT_EQ(WinnerClausesText(close), "");
}

TEST(VerdictReason, WordsWithoutNumbersWhereTheNumbersDisagree) {
  // Sharpness margin for A, but A measures no more edge contrast: the word alone.
  const ImageProfile a = WithMeasures({{"sharpness", 0.1}}), b = WithMeasures({{"sharpness", 0.1}});
  const Reason r = MeasuredReason(Margins(1.0, 0.0, 0.5), 1.5, a, b);
  EXPECT_EQ(ReasonText(r), "The first image is better: sharper, and better exposed (mid-tones closer to mid-grey).");
}

TEST(VerdictReason, MeasuredWinsComeBeforeLargerMarginsTheMeasuresDoNotShow) {
  // A blurred copy: the compression margin is the larger (a learned head reads lost detail
  // as compression), but block edges are alike and the edge contrast is 2.5x: sharper first.
  const ImageProfile a = WithMeasures({{"sharpness", 0.5}, {"blockiness", 0.031}});
  const ImageProfile b = WithMeasures({{"sharpness", 0.1}, {"blockiness", 0.034}});
  std::vector<DimensionVerdict> margins = Margins(0.7, 0.0, 0.0);
  margins[4].margin = 0.8;  // compression
  const Reason r = MeasuredReason(margins, 1.5, a, b);
  ASSERT_EQ(r.clauses.size(), 2u);
  EXPECT_EQ(r.clauses[0].dimension, Dimension::kSharpness);
  EXPECT_EQ(r.clauses[1].dimension, Dimension::kCompression);
  EXPECT_FALSE(r.clauses[1].values.has_value());  // 0.03 vs 0.03 would read as no difference
  EXPECT_EQ(ReasonText(r), "The first image is better: sharper (2.5x the edge contrast), and fewer compression artefacts.");
}

TEST(ReasonWords, MentionsAreReadOnceAndNamedByEachCaller) {
  const std::string text = "The fourth image is the sharpest; the third is noisy and the first image is soft.";
  const std::vector<ReasonWord> words = ReasonWords(text, 4);
  EXPECT_EQ(WordsText(words), text);  // ordinal names give the model's words back
  EXPECT_EQ(WordsText(words, {"'a.png'", "'b.png'", "'c.png'", "'d.png'"}),
            "'d.png' is the sharpest; the third is noisy and 'a.png' is soft.");
  // "images" and "thefirst" are no mentions; ordinals beyond the count stay words.
  EXPECT_EQ(WordsText(ReasonWords("Both images; thefirst image; the third image.", 2), {"A", "B"}),
            "Both images; thefirst image; the third image.");
}

TEST(ReasonWords, SwappedVerdictSwapsMentionsNotText) {
  Verdict v;
  v.log_odds = std::log(0.2 / 0.8);
  v.p_a_better = 0.2;
  v.dimensions = {{Dimension::kOverall, v.log_odds}};
  v.reason.winner = Side::kSecond;
  v.reason.words = ReasonWords("The second image is sharper than the first image; first looks soft.", 2);
  const Verdict back = Swapped(v);
  EXPECT_NEAR(back.p_a_better, 0.8, 1e-12);
  EXPECT_NEAR(back.log_odds, -v.log_odds, 1e-12);
  EXPECT_NEAR(back.dimensions[0].margin, -v.log_odds, 1e-12);
  EXPECT_EQ(back.reason.winner, Side::kFirst);
  EXPECT_EQ(ReasonText(back.reason), "The first image is sharper than the second image; second looks soft.");
  EXPECT_EQ(ReasonText(Swapped(back).reason), ReasonText(v.reason));
}

// The eyes row: the blink is told of the other image, named as the caller names it; a
// group photo's blinks are counted.
TEST(VerdictReason, EyesClosedNamesTheOtherImageAndCountsAGroupsBlinks) {
  ImageProfile a = WithMeasures({}), b = WithMeasures({});
  a.faces.assign(10, Face{});
  for (std::size_t i = 0; i < a.faces.size(); ++i) a.faces[i].eyes = i < 2 ? EyeState::kClosed : EyeState::kOpen;
  b.faces.assign(10, Face{});
  for (Face& f : b.faces) f.eyes = EyeState::kOpen;
  std::vector<DimensionVerdict> dims = Margins(0.0, 0.0, 0.0);
  dims.insert(dims.end() - 1, {{Dimension::kEyes, -6.0}, {Dimension::kFaceFocus, -0.5}});
  const Reason r = MeasuredReason(dims, -6.5, a, b);
  ASSERT_EQ(r.winner, Side::kSecond);
  ASSERT_EQ(r.clauses.size(), 2u);
  EXPECT_EQ(r.clauses[0].dimension, Dimension::kEyes);
  EXPECT_EQ(ReasonText(r),
            "The second image is better: eyes closed in the first image (2 of 10 faces), and sharper eyes.");
  EXPECT_EQ(WinnerClausesText(Swapped(r), {"'b.jpg'", "'a.jpg'"}), "eyes closed in 'a.jpg' (2 of 10 faces), and sharper eyes");
  a.faces.resize(1);  // one face: no count
  a.faces[0].eyes = EyeState::kClosed;
  EXPECT_EQ(ReasonText(MeasuredReason(dims, -6.5, a, b), {"'a.jpg'", "'b.jpg'"}),
            "'b.jpg' is better: eyes closed in 'a.jpg', and sharper eyes.");
}

}  // namespace
}  // namespace versus::engine
