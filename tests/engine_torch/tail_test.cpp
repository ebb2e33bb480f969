// The learned judge's fine-tuned tail (issue 23): what versus-train trains is what the
// engine runs, training follows the human and the ladder order, and a missing tail is
// named.
#include <gtest/gtest.h>

#include "tail_trainer.hpp"
#include "test_files.hpp"
#include "versus/engine.hpp"
#include "versus/engine/backbone_embedder.hpp"
#include "versus/sorting.hpp"

namespace versus::training {
namespace {

namespace fs = std::filesystem;

fs::path ShippedModels() { return fs::path(VERSUS_BINARY_DIR) / "share/versus/models"; }

// Six real photos with made-up human scores (one set): kodim01 best, kodim06 worst.
LearnedData SixPhotos() {
  LearnedData data;
  for (int n = 1; n <= 6; ++n) {
    data.photos.push_back("kodak/" + std::to_string(n));
    data.files.push_back(testing::KodakPhoto(n));
    LearnedSample s;
    s.photo = std::size_t(n - 1);
    s.set = HumanSet::kClive;
    s.mos = 100.0 - 10.0 * n;
    s.mos_std = 5.0;
    data.samples.push_back(s);
  }
  return data;
}

TailOptions QuickOptions(const fs::path& cache) {
  TailOptions o;
  o.models = ShippedModels();
  o.cache = cache;
  o.epochs = 25;  // one step an epoch (six photos, one batch)
  o.learning_rate = 1e-3;
  o.score_learning_rate = 1e-2;
  return o;
}

engine::BackboneSpec MobileNetWithTail(const fs::path& tail) {
  return {"mobilenet_v2_imagenet_dequant_float.torchscript.pt", "mobilenet-v2", "imagenet-rgb", {"features.18"},
          2560, false, tail.string(), "features.15"};
}

TEST(LearnedTail, TrainingFollowsTheHumanOrderAndTheEngineRunsWhatWasTrained) {
  testing::TempDir dir;
  const LearnedData data = SixPhotos();
  const TailTrainer trainer(data, QuickOptions(dir / "activations.pt"));
  const std::vector<double> scores = trainer.TrainAndScore(std::vector<bool>(6, true), 1, dir / "tail.pt");
  std::vector<double> mos;
  for (const auto& s : data.samples) mos.push_back(s.mos);
  EXPECT_GT(sorting::SpearmanCorrelation(scores, mos), 0.9);  // an untrained tail scores all 0

  // The saved TorchScript, run by the judge's embedder on the decoded photo, gives the
  // trainer's score (its stages frozen and optimised: float rounding only).
  const engine::BackboneEmbedder embedder(ShippedModels(), {MobileNetWithTail(dir / "tail.pt")});
  for (std::size_t i : {0u, 5u}) {
    const std::vector<float> embedding = embedder.Embed(engine::Decode(data.files[i]));
    ASSERT_EQ(embedding.size(), 2561u);  // the view's 2560 features, then the tail's score
    EXPECT_NEAR(embedding.back(), scores[i], 1e-3 * (1.0 + std::abs(scores[i])));
  }
}

TEST(LearnedTail, LadderPairsTeachItTheMilderLevel) {
  LearnedData data;
  data.photos = {"kodak/3"};
  data.files = {testing::KodakPhoto(3)};
  for (int level = 0; level <= 4; ++level) {
    LearnedSample s;
    s.kind = level == 0 ? -1 : 0;  // LadderKinds()[0]: Gaussian blur
    s.level = level;
    data.samples.push_back(s);
  }
  ASSERT_EQ(LadderKinds()[0].name, "blur");
  testing::TempDir dir;
  const std::vector<double> scores =
      TailTrainer(data, QuickOptions(dir / "activations.pt")).TrainAndScore(std::vector<bool>(1, true), 3);
  for (int level = 1; level <= 4; ++level) EXPECT_GT(scores[level - 1], scores[level]) << "level " << level;
}

TEST(LearnedTail, TrainingIsDeterministicForASeedAndReusesItsCache) {
  testing::TempDir dir;
  const LearnedData data = SixPhotos();
  TailOptions o = QuickOptions(dir / "activations.pt");
  o.epochs = 3;
  const std::vector<bool> all(6, true);
  const std::vector<double> first = TailTrainer(data, o).TrainAndScore(all, 7);
  ASSERT_TRUE(fs::exists(o.cache));
  const std::vector<double> again = TailTrainer(data, o).TrainAndScore(all, 7);  // activations read back
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_NEAR(first[i], again[i], 1e-6);
}

TEST(LearnedTail, AMissingTailIsNamedAtLoad) {
  testing::TempDir dir;
  const fs::path missing = dir / "no_such_tail.pt";
  try {
    const engine::BackboneEmbedder embedder(ShippedModels(), {MobileNetWithTail(missing)});
    FAIL() << "loaded a judge whose tail is missing";
  } catch (const engine::Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
  testing::WriteBytes(missing, "not a TorchScript file");
  EXPECT_THROW(engine::BackboneEmbedder(ShippedModels(), {MobileNetWithTail(missing)}), engine::Error);
}

}  // namespace
}  // namespace versus::training
