// Anchor sets (engine/anchors.hpp): the file round trip is bit-exact, and each shipped
// anchor, loaded from models/, compares like its photo freshly prepared by the judge.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "test_files.hpp"
#include "versus/engine.hpp"
#include "versus/engine/anchors.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

fs::path ShippedModels() { return fs::path(VERSUS_BINARY_DIR) / "share/versus/models"; }
fs::path Clive() { return fs::path(VERSUS_SHARED_DIR) / "data/mos/clive-dev"; }

TEST(Anchors, FileRoundTripIsBitExact) {
  testing::TempDir dir;
  JudgeAnchors saved;
  saved.judge = "features";
  saved.sigma = 17.25;
  saved.star_thresholds = {30.1, 45.2, 55.3, 65.4};
  std::mt19937 rng(4);
  std::normal_distribution<float> noise(0, 3);
  for (int a = 0; a < 3; ++a) {
    AnchorPhoto photo{"t" + std::to_string(a) + ".png", 20.0 + 25.0 / 3.0 * a, {}};
    photo.profile.path = "anchor:" + photo.image;
    photo.profile.width = 500, photo.profile.height = 400 + a;
    for (std::size_t m = 0; m < MeasureTable().size(); ++m) photo.profile.measures.push_back(noise(rng) / 7.0);
    for (int e = 0; e < 1000; ++e) photo.profile.embedding.push_back(noise(rng));
    saved.anchors.push_back(photo);
  }
  saved.Save(dir / AnchorFileName("features"));
  const auto loaded = LoadAnchors("features", dir.path());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->sigma, saved.sigma);
  EXPECT_EQ(loaded->star_thresholds, saved.star_thresholds);
  ASSERT_EQ(loaded->anchors.size(), 3u);
  for (int a = 0; a < 3; ++a) {
    EXPECT_EQ(loaded->anchors[a].mos, saved.anchors[a].mos);
    EXPECT_EQ(loaded->anchors[a].profile.path, saved.anchors[a].profile.path);
    EXPECT_EQ(loaded->anchors[a].profile.height, saved.anchors[a].profile.height);
    EXPECT_EQ(loaded->anchors[a].profile.measures, saved.anchors[a].profile.measures);
    EXPECT_EQ(loaded->anchors[a].profile.embedding, saved.anchors[a].profile.embedding);
  }
  EXPECT_FALSE(LoadAnchors("learned", dir.path()));  // no file: no anchors
  fs::copy_file(dir / AnchorFileName("features"), dir / AnchorFileName("learned"));
  EXPECT_THROW(LoadAnchors("learned", dir.path()), Error);  // made for another judge
  std::ofstream(dir / AnchorFileName("features")) << "{\"format\":";
  try {
    LoadAnchors("features", dir.path());
    ADD_FAILURE() << "a truncated file loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), (dir / AnchorFileName("features")).string());
  }
}

TEST(Anchors, TheLmmJudgeShipsNone) { EXPECT_FALSE(LoadAnchors("lmm", ShippedModels())); }

class ShippedAnchors : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedAnchors, CompareLikeTheirPhotosFreshlyPrepared) {
  const std::string name = GetParam();
  const auto anchors = LoadAnchors(name, ShippedModels());
  ASSERT_TRUE(anchors) << "no " << AnchorFileName(name) << " in " << ShippedModels();
  EXPECT_GE(anchors->anchors.size(), 10u);
  EXPECT_LE(anchors->anchors.size(), 16u);
  EXPECT_LT(anchors->anchors.front().mos, 30.0);  // they span the human scale
  EXPECT_GT(anchors->anchors.back().mos, 70.0);
  const auto judge = MakeComparator(name, {ShippedModels(), {}});
  const ImageProfile other = Profile(Clive() / "images" / "t1.png", {}, judge.get());
  for (const AnchorPhoto& a : anchors->anchors) {
    const ImageProfile fresh = Profile(Clive() / "images" / a.image, {}, judge.get());
    EXPECT_EQ(fresh.measures, a.profile.measures) << a.image;
    EXPECT_EQ(fresh.embedding.size(), a.profile.embedding.size()) << a.image;
    const double p_fresh = judge->Compare(fresh, other).p_a_better;
    const double p_loaded = judge->Compare(a.profile, other).p_a_better;
    if (name == "features") EXPECT_EQ(p_loaded, p_fresh) << a.image;
    else EXPECT_NEAR(p_loaded, p_fresh, 1e-6) << a.image;  // the network's sums may differ in the last bits
  }
}

INSTANTIATE_TEST_SUITE_P(Judges, ShippedAnchors, ::testing::Values("features", "learned", "learned-v1"));

}  // namespace
}  // namespace versus::engine
