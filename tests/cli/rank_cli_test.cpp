// `versus rank` end to end: the JSON contract, ranks, and a folder full of bad input
// where every bad file is reported and the rest is still ranked.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "cli_test_support.hpp"
#include "face_crops.hpp"
#include "versus/engine/distortions.hpp"
#include "versus/engine/faces.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

TEST(RankCli, JsonContractOnALadder) {
  TempDir dir;
  const cv::Mat scene = SyntheticScene(640, 480);
  cv::imwrite((dir / "sharp.png").string(), scene);
  for (int level = 1; level <= 3; ++level) {
    cv::imwrite((dir / ("blur" + std::to_string(level) + ".png")).string(),
                engine::Distort(scene, engine::Distortion::kBlur, level));
  }
  const CommandResult r = RunCommand(Versus() + " rank " + Quote(dir.path()) + " --json --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["images"].size(), 4u);
  EXPECT_EQ(doc["errors"].size(), 0u);
  // Each image against the judge's anchors, and the 6 pairs of the four against each other.
  EXPECT_EQ(doc["comparisons"], 4 * doc["anchors"].get<int>() + 6);
  EXPECT_EQ(doc["scale"], "mos-0-100");
  EXPECT_EQ(doc["stars"], "absolute");
  std::vector<std::string> paths;
  double previous = 1e9;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& img = doc["images"][i];
    for (const char* key : {"path", "rank", "score", "ci_low", "ci_high", "stars", "measures"}) {
      EXPECT_TRUE(img.contains(key)) << key;
    }
    EXPECT_EQ(img["rank"], i + 1);
    EXPECT_LE(img["score"].get<double>(), previous);
    EXPECT_LE(img["ci_low"].get<double>(), img["score"].get<double>());
    EXPECT_GE(img["ci_high"].get<double>(), img["score"].get<double>());
    EXPECT_GE(img["stars"].get<int>(), 1);
    EXPECT_LE(img["stars"].get<int>(), 5);
    EXPECT_TRUE(img["measures"].contains("sharpness"));
    previous = img["score"];
    paths.push_back(fs::path(img["path"].get<std::string>()).filename().string());
  }
  // The known order of a blur ladder.
  EXPECT_EQ(paths, (std::vector<std::string>{"sharp.png", "blur1.png", "blur2.png", "blur3.png"}));
}

TEST(RankCli, BadInputIsReportedAndTheRestRanked) {
  TempDir dir;
  const fs::path photos = dir / "shoot";
  fs::create_directories(photos / "sub");
  cv::imwrite((photos / "good one.jpg").string(), SyntheticScene(320, 240, 1));
  cv::imwrite((photos / "sub" / "ünïcödé ☀.png").string(), SyntheticScene(320, 240, 2));
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", SyntheticScene(320, 240, 3), jpeg);
  WriteBytes(photos / "really-a-jpeg.png", std::string(jpeg.begin(), jpeg.end()));  // wrong extension: still ranked
  WriteBytes(photos / "empty.jpg", "");
  WriteBytes(photos / "truncated.jpg", std::string(jpeg.begin(), jpeg.begin() + long(jpeg.size() / 3)));
  WriteBytes(photos / "not-an-image.jpg", "hello");
  WritePngBomb(photos / "bomb.png", 50000, 50000);
  WriteBytes(photos / "notes.txt", "shoot notes");  // not an image by name or content: skipped quietly
  fs::create_directory_symlink("..", photos / "sub" / "loop");

  const CommandResult r = RunCommand(Versus() + " rank -r " + Quote(photos) + " --json");
  EXPECT_EQ(r.status, 2) << "exit 2: finished, some inputs failed\n" << r.err;
  const nlohmann::json doc = ParseJson(r);
  std::set<std::string> ranked, failed;
  for (const auto& img : doc["images"]) ranked.insert(fs::path(img["path"].get<std::string>()).filename().string());
  for (const auto& e : doc["errors"]) {
    failed.insert(fs::path(e["path"].get<std::string>()).filename().string());
    EXPECT_FALSE(e["reason"].get<std::string>().empty());
  }
  EXPECT_EQ(ranked, (std::set<std::string>{"good one.jpg", "ünïcödé ☀.png", "really-a-jpeg.png"}));
  for (const char* bad : {"empty.jpg", "truncated.jpg", "not-an-image.jpg", "bomb.png", "loop"}) {
    EXPECT_TRUE(failed.count(bad)) << bad << " should be in errors";
  }
  EXPECT_FALSE(failed.count("notes.txt"));
  // The human-readable errors name each file on stderr too.
  EXPECT_NE(r.err.find("bomb.png"), std::string::npos);
}

TEST(RankCli, TableOutputAndExitCodes) {
  TempDir dir;
  cv::imwrite((dir / "a.png").string(), SyntheticScene(200, 200, 4));
  cv::imwrite((dir / "b.png").string(), SyntheticScene(200, 200, 5));
  const CommandResult table = RunCommand(Versus() + " rank " + Quote(dir.path()));
  EXPECT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("95% interval"), std::string::npos);
  EXPECT_NE(table.out.find("a.png"), std::string::npos);

  EXPECT_EQ(RunCommand(Versus() + " rank").status, 1);
  EXPECT_EQ(RunCommand(Versus() + " rank --no-such-flag x").status, 1);
  EXPECT_EQ(RunCommand(Versus() + " rank x --judge no-such-judge").status, 1);  // a usage error
  EXPECT_EQ(RunCommand(Versus() + " rank " + Quote(dir / "missing")).status, 3);
  const CommandResult help = RunCommand(Versus() + " rank --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("example:"), std::string::npos);
  EXPECT_NE(help.out.find("--judge"), std::string::npos);
  // Each judge's flags and ranges come from the engine's registry.
  EXPECT_NE(help.out.find("--lmm-retries"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("from 0 to 10"), std::string::npos) << help.out;
}

TEST(RankCli, RanksTheSharedPhotosAsTheContractSays) {
  const fs::path kodak = SharedData() / "photos" / "kodak24";
  if (!fs::exists(kodak)) GTEST_SKIP() << "no ../shared/data";
  const CommandResult r = RunCommand(Versus() + " rank " + Quote(kodak) + " --json --stars relative");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["images"].size(), 24u);
  EXPECT_EQ(doc["stars"], "relative");
  // 24 x the anchors, and the default budget of pairs among the 24: ceil(24 * 8) = 192 of
  // the 276 (sorting::DefaultComparisonBudget), chosen actively.
  EXPECT_EQ(doc["comparisons"], 24 * doc["anchors"].get<int>() + 192);
  std::multiset<int> stars;
  for (const auto& img : doc["images"]) stars.insert(img["stars"].get<int>());
  EXPECT_GT(stars.count(5), 0u);
  EXPECT_GT(stars.count(1), 0u);
}

}  // namespace
}  // namespace versus::testing

namespace versus::testing {
namespace {

// The pairwise design (judges without anchors: the lmm judge) under a budget, reached
// with the feature judge from a model folder that holds no anchors.
TEST(RankCli, BudgetLimitsComparisonsAndStillRanksEveryone) {
  TempDir dir, models;
  // The installed models without the anchors file: the budgeted, relative path.
  const fs::path installed = fs::path(VERSUS_BINARY_DIR) / "share/versus/models";
  fs::copy_file(installed / "feature_judge.json", models / "feature_judge.json");
  for (std::string_view face_model : engine::FaceFinder::ModelFiles()) {
    fs::copy_file(installed / face_model, models / std::string(face_model));
  }
  for (int i = 0; i < 10; ++i) {
    cv::imwrite((dir / ("img" + std::to_string(i) + ".png")).string(), SyntheticScene(160, 120, unsigned(20 + i)));
  }
  const CommandResult r = RunCommand("VERSUS_MODEL_DIR=" + Quote(models.path()) + " " + Versus() + " rank " +
                                     Quote(dir.path()) + " --judge features --json --budget 20");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["images"].size(), 10u);
  EXPECT_EQ(doc["anchors"], 0);
  EXPECT_EQ(doc["scale"], "log-odds-relative");
  EXPECT_EQ(doc["stars"], "relative");
  EXPECT_LE(doc["comparisons"].get<int>(), 20);
  EXPECT_GE(doc["comparisons"].get<int>(), 10);  // at least the connecting cycle
}

// With anchors the budget bounds the pairs of images; the anchor judgements come on top
// (k per image: linear in the set, never every pair).
TEST(RankCli, BudgetBoundsThePairsBesideTheAnchors) {
  TempDir dir;
  for (int i = 0; i < 10; ++i) {
    cv::imwrite((dir / ("img" + std::to_string(i) + ".png")).string(), SyntheticScene(160, 120, unsigned(20 + i)));
  }
  const CommandResult r =
      RunCommand(Versus() + " rank " + Quote(dir.path()) + " --judge features --json --budget 20");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["images"].size(), 10u);
  EXPECT_EQ(doc["scale"], "mos-0-100");
  ASSERT_GE(doc["anchors"].get<int>(), 10);
  EXPECT_EQ(doc["comparisons"], 10 * doc["anchors"].get<int>() + 20);
}

TEST(RankCli, FacesAndClosedEyesInMeasures) {
  TempDir dir;
  cv::imwrite((dir / "open.png").string(), OnCanvas(EyesCrop(kOpenEyeCrops[0])));
  cv::imwrite((dir / "closed.png").string(), OnCanvas(EyesCrop(kClosedEyeCrops[0])));
  cv::imwrite((dir / "scene.png").string(), SyntheticScene(640, 480));
  const CommandResult r = RunCommand(Versus() + " rank " + Quote(dir.path()) + " --json --judge features");
  ASSERT_EQ(r.status, 0) << r.err;
  std::map<std::string, nlohmann::json> by_name;
  // The document is held: a range-for over ParseJson(r)["images"] would walk a destroyed temporary.
  const nlohmann::json doc = ParseJson(r);
  for (const auto& img : doc["images"]) by_name[fs::path(img["path"].get<std::string>()).filename()] = img;
  ASSERT_EQ(by_name.size(), 3u) << r.out << r.err;
  EXPECT_EQ(by_name["open.png"]["measures"]["faces"], 1);
  EXPECT_EQ(by_name["open.png"]["measures"]["eyes_closed"], 0);
  EXPECT_EQ(by_name["closed.png"]["measures"]["faces"], 1);
  EXPECT_EQ(by_name["closed.png"]["measures"]["eyes_closed"], 1);
  EXPECT_EQ(by_name["scene.png"]["measures"]["faces"], 0);
  EXPECT_EQ(by_name["scene.png"]["measures"]["eyes_closed"], 0);
  EXPECT_EQ(by_name["scene.png"]["face_details"], nlohmann::json::array());
  const nlohmann::json face = by_name["closed.png"]["face_details"][0];
  EXPECT_EQ(face["eyes"], "closed");
  ASSERT_EQ(face["box"].size(), 4u);
  EXPECT_GT(face["box"][2].get<double>(), 0.2);  // the face is half the canvas wide
  for (const char* key : {"openness", "closed_probability", "eye_sharpness", "eye_focus", "score", "why"}) EXPECT_TRUE(face.contains(key)) << key;
}

TEST(RankCli, MissingFaceModelIsNamed) {
  TempDir models;
  fs::copy_file(fs::path(VERSUS_SOURCE_DIR) / "models/feature_judge.json", models / "feature_judge.json");
  const CommandResult r = RunCommand("VERSUS_MODEL_DIR=" + Quote(models.path()) + " " + Versus() + " rank " +
                                     Quote(KodakPhoto(1)) + " --judge features");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find((models / "face_detection_yunet_2022mar.onnx").string()), std::string::npos) << r.err;
}

}  // namespace
}  // namespace versus::testing
