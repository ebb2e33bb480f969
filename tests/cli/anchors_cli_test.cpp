// Scores on the human scale (issue 19): with the judge's anchors a photo gets the same
// score and stars whatever folder it is ranked in, heavily damaged photos get few stars
// and pristine ones many; --stars relative keeps the quantiles.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "../../bench/three_folders_photos.hpp"
#include "cli_test_support.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;
using bench::Blurred;
using bench::WriteJpeg;

struct Ranked {
  double score, low, high;
  int stars;
};

nlohmann::json Rank(const fs::path& folder, const std::string& judge, const std::string& extra = "") {
  const CommandResult r = RunCommand(Versus() + " rank " + Quote(folder) + " --json --judge " + judge + " " + extra);
  EXPECT_EQ(r.status, 0) << r.err;
  return ParseJson(r);
}

std::map<std::string, Ranked> ByName(const nlohmann::json& doc) {
  std::map<std::string, Ranked> out;
  for (const auto& img : doc["images"])
    out[fs::path(img["path"].get<std::string>()).filename().string()] = {img["score"], img["ci_low"], img["ci_high"],
                                                                         img["stars"]};
  return out;
}

fs::path Kodak() { return SharedData() / "photos" / "kodak24"; }

TEST(AnchorsCli, TwentyPhotosGetTheSameStarsInThreeDifferentFolders) {
  TempDir dir;
  const fs::path alone = dir / "alone", pristine = dir / "pristine", degraded = dir / "degraded";
  for (const fs::path& f : {alone, pristine, degraded}) bench::WriteTheTwenty(Kodak(), f);
  bench::WriteOthers(Kodak(), pristine, false);  // 100 pristine photos, five sizes
  bench::WriteOthers(Kodak(), degraded, true);   // the same blurred and saved at JPEG quality 10
  const auto a = ByName(Rank(alone, "features"));
  const nlohmann::json pristine_doc = Rank(pristine, "features");
  const nlohmann::json degraded_doc = Rank(degraded, "features");
  ASSERT_EQ(pristine_doc["images"].size(), 120u);
  ASSERT_EQ(degraded_doc["images"].size(), 120u);
  const auto p = ByName(pristine_doc), d = ByName(degraded_doc);
  ASSERT_EQ(a.size(), 20u);
  std::set<int> stars_seen;
  for (const auto& [name, x] : a) {
    for (const auto* other : {&p, &d}) {
      ASSERT_TRUE(other->count(name)) << name;
      const Ranked& y = other->at(name);
      EXPECT_EQ(y.stars, x.stars) << name;
      EXPECT_LE(y.low, x.high) << name;  // intervals overlap
      EXPECT_LE(x.low, y.high) << name;
    }
    stars_seen.insert(x.stars);
  }
  EXPECT_GE(stars_seen.size(), 3u) << "the twenty should span the scale, or the test proves little";
  // Relative stars still depend on the folder: the best of a degraded folder gets 5.
  int best_relative = 0;
  const nlohmann::json relative = Rank(degraded, "features", "--stars relative");
  EXPECT_EQ(relative["stars"], "relative");
  for (const auto& img : relative["images"])
    if (fs::path(img["path"].get<std::string>()).filename().string().rfind("other", 0) == 0)
      best_relative = std::max(best_relative, img["stars"].get<int>());
  EXPECT_EQ(best_relative, 5);
}

class AnchorsOnKodak : public ::testing::TestWithParam<const char*> {};

TEST_P(AnchorsOnKodak, BlurredAtMostTwoStarsPristineAtLeastThree) {
  TempDir dir;
  const fs::path blurred = dir / "blurred", pristine = SharedData() / "photos" / "kodak24";
  fs::create_directories(blurred);
  for (int i = 1; i <= 6; ++i) {  // issue 19's set: blurred by 6 px, saved as JPEG quality 40
    WriteJpeg(blurred / ("b" + std::to_string(i) + ".jpg"),
              Blurred(cv::imread(KodakPhoto(i).string(), cv::IMREAD_COLOR), 6.0), 40);
  }
  const nlohmann::json b = Rank(blurred, GetParam());
  EXPECT_EQ(b["stars"], "absolute");
  EXPECT_EQ(b["scale"], "mos-0-100");
  ASSERT_GE(b["anchors"].get<int>(), 10);
  // Each of the six against every anchor, and the 15 pairs of the six (within the budget).
  EXPECT_EQ(b["comparisons"], 6 * b["anchors"].get<int>() + 15);
  ASSERT_EQ(b["images"].size(), 6u);
  for (const auto& img : b["images"]) EXPECT_LE(img["stars"].get<int>(), 2) << img["path"] << " " << img["score"];
  const nlohmann::json p = Rank(pristine, GetParam());
  ASSERT_EQ(p["images"].size(), 24u);
  // The learned (default) judge: no pristine photo below 3 stars. The feature judge
  // (Spearman 0.55 against people) reads the smooth, low-detail kodim12, 15 and 20 as
  // soft and gives them 2 stars (scores 37-52): at most those three. kodim20 sits on the
  // 1-2 star cut (37.36): 38.3 on the anchors alone, 37.3 once the 24 photos are also
  // judged against each other (pairs weighted 0.5, sorting/README.md), so the feature
  // judge may give it 1 star, but no pristine photo scores more than a point below the cut.
  const bool learned = std::string(GetParam()) == "learned";
  int below_three = 0;
  for (const auto& img : p["images"]) {
    const int stars = img["stars"].get<int>();
    if (learned) EXPECT_GE(stars, 3) << img["path"] << " " << img["score"];
    else EXPECT_TRUE(stars >= 2 || img["score"].get<double>() > 36.36) << img["path"] << " " << img["score"];
    below_three += stars < 3;
  }
  EXPECT_LE(below_three, learned ? 0 : 3);
  // `rate` writes the same absolute stars (a dry run changes nothing).
  const CommandResult rate = RunCommand(Versus() + " rate " + Quote(blurred) + " --json --dry-run --judge " + GetParam());
  const nlohmann::json rated = ParseJson(rate);
  EXPECT_EQ(rated["stars_mapping"], "threshold");
  EXPECT_EQ(rated["stars"], "absolute");
  EXPECT_EQ(rated["scale"], "mos-0-100");
  for (const auto& f : rated["files"]) EXPECT_LE(f["stars"].get<int>(), 2) << f["path"];
  // Pristine photos score above every blurred one on the one scale.
  EXPECT_GT(p["images"].back()["score"].get<double>(), b["images"].front()["score"].get<double>());
}

INSTANTIATE_TEST_SUITE_P(Judges, AnchorsOnKodak, ::testing::Values("features", "learned"));

}  // namespace
}  // namespace versus::testing
