// versus-train's pieces that decide what the learned judge learns: human pairs stay
// within one human-scored set, and dimension heads are scaled to their share of the
// overall score.
#include <gtest/gtest.h>

#include "learned_folds.hpp"
#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::training {
namespace {

LearnedSample Rated(std::size_t photo, HumanSet set, double mos, double sd) {
  LearnedSample s;
  s.photo = photo;
  s.set = set;
  s.mos = mos;
  s.mos_std = sd;
  return s;
}

TEST(LearnedTraining, HumanPairsStayWithinTheirSetAtTheirWeight) {
  LearnedData data;
  data.photos = {"clive/a", "clive/b", "biq/c", "biq/d", "biq/e"};
  data.samples = {Rated(0, HumanSet::kClive, 70, 15), Rated(1, HumanSet::kClive, 40, 15),
                  Rated(2, HumanSet::kBiq, 0.8, 0.18), Rated(3, HumanSet::kBiq, 0.5, 0.18),
                  Rated(4, HumanSet::kBiq, 0.2, 0.18)};
  PairSet pairs;
  HumanWeights weight{};
  weight[std::size_t(HumanSet::kClive)] = 3.0;
  weight[std::size_t(HumanSet::kBiq)] = 1.0;
  AddMosPairs(data, std::vector<bool>(5, true), weight, pairs);
  ASSERT_EQ(pairs.a.size(), 4u);  // one CLIVE pair, three BIQ2021 pairs, none across
  double clive = 0, biq = 0;
  for (std::size_t i = 0; i < pairs.a.size(); ++i) {
    const HumanSet a = data.samples[std::size_t(pairs.a[i])].set, b = data.samples[std::size_t(pairs.b[i])].set;
    EXPECT_EQ(a, b);
    (a == HumanSet::kClive ? clive : biq) += pairs.weight[i];
    EXPECT_GT(pairs.target[i], 0.5f);  // listed better first here, so P(first better) > 0.5
  }
  EXPECT_NEAR(clive, 3.0, 1e-6);
  EXPECT_NEAR(biq, 1.0, 1e-6);
}

TEST(LearnedTraining, DimensionSharesAreRecoveredAndNeverNegative) {
  const std::vector<double> sharp = {0, 1, 2, 3, 4, 5}, noise = {1, 0, 1, 0, 1, 0}, against = {5, 4, 3, 2, 1, 0};
  std::vector<double> overall(sharp.size());
  for (std::size_t i = 0; i < overall.size(); ++i) overall[i] = 0.5 * sharp[i] + 2.0 * noise[i] + 7.0;
  const std::vector<double> beta = NonNegativeFit({sharp, noise}, overall);
  EXPECT_NEAR(beta[0], 0.5, 1e-6);
  EXPECT_NEAR(beta[1], 2.0, 1e-6);
  // A head that only ever disagrees with the overall score gets no share, not a negative one.
  EXPECT_EQ(NonNegativeFit({against}, sharp)[0], 0.0);
}

// A head over one backbone spec, saved and loaded back.
engine::LearnedHead SavedAndLoaded(const engine::BackboneSpec& spec) {
  engine::LearnedHead head;
  head.backbones = {spec};
  const std::size_t width = head.EmbeddingSize() + engine::MeasureTable().size();
  head.mean.assign(width, 0.0);
  head.scale.assign(width, 1.0);
  head.overall = {std::vector<double>(width, 0.5), 0.0};
  for (std::size_t d = 0; d < engine::TechnicalDimensions().size(); ++d) head.dimensions.push_back(head.overall);
  testing::TempDir dir;
  head.Save(dir / "head.json");
  return engine::LearnedHead::Load(dir / "head.json");
}

TEST(LearnedTraining, AHeadWithoutTilesKeepsThatThroughSaveAndLoad) {
  const engine::LearnedHead back = SavedAndLoaded(
      {"mobilenet_v2_imagenet_dequant_float.torchscript.pt", "mobilenet-v2", "imagenet-rgb", {"features.18"}, 4, false, "", ""});
  ASSERT_EQ(back.backbones.size(), 1u);
  EXPECT_FALSE(back.backbones[0].tiles);
  EXPECT_EQ(back.EmbeddingSize(), 4u);  // one view, no tiles
}

TEST(LearnedTraining, AHeadKeepsItsTailThroughSaveAndLoad) {
  const engine::LearnedHead back = SavedAndLoaded({"mobilenet_v2_imagenet_dequant_float.torchscript.pt", "mobilenet-v2",
                                                   "imagenet-rgb", {"features.18"}, 4, false, "learned_judge_tail.pt",
                                                   "features.15"});
  ASSERT_EQ(back.backbones.size(), 1u);
  EXPECT_EQ(back.backbones[0].tail_file, "learned_judge_tail.pt");
  EXPECT_EQ(back.backbones[0].tail_after, "features.15");
  EXPECT_EQ(back.EmbeddingSize(), 5u);  // one view, then the tail's score
}

}  // namespace
}  // namespace versus::training
