// `versus compare`: the verdict's JSON, 2 and 3 images, and what happens with bad input.
#include <gtest/gtest.h>

#include "cli_test_support.hpp"
#include "face_crops.hpp"
#include "versus/engine/distortions.hpp"

namespace versus::testing {
namespace {

class CompareCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const cv::Mat scene = SyntheticScene(640, 480);
    cv::imwrite(sharp_.string(), scene);
    cv::imwrite(blurred_.string(), engine::Distort(scene, engine::Distortion::kBlur, 3));
    cv::imwrite(noisy_.string(), engine::Distort(scene, engine::Distortion::kNoise, 4));
  }
  TempDir dir_;
  std::filesystem::path sharp_ = dir_ / "sharp.png", blurred_ = dir_ / "blurred.png", noisy_ = dir_ / "noisy.png";
};

TEST_F(CompareCli, TwoImagesJson) {
  // The better image second, so the verdict must not just favour the first argument.
  const CommandResult r = RunCommand(Versus() + " compare " + Quote(blurred_) + " " + Quote(sharp_) + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["winner"], sharp_.string());
  EXPECT_GT(doc["probability"].get<double>(), 0.5);
  EXPECT_LE(doc["probability"].get<double>(), 1.0);
  EXPECT_EQ(doc["order"], (nlohmann::json{sharp_.string(), blurred_.string()}));
  ASSERT_EQ(doc["dimensions"].size(), 8u);  // five technical, eyes, face focus, overall
  EXPECT_EQ(doc["dimensions"][0]["name"], "sharpness");
  EXPECT_EQ(doc["dimensions"][0]["winner"], sharp_.string());
  EXPECT_GT(doc["dimensions"][0]["margin"].get<double>(), 0.0);
  EXPECT_EQ(doc["dimensions"][5]["name"], "eyes");
  EXPECT_EQ(doc["dimensions"][6]["name"], "face focus");
  EXPECT_EQ(doc["dimensions"][7]["name"], "overall");
  const std::string reason = doc["reason"];
  EXPECT_NE(reason.find("sharp.png"), std::string::npos) << reason;
  EXPECT_NE(reason.find("sharper"), std::string::npos) << reason;
}

TEST_F(CompareCli, ThreeImagesOrderAndText) {
  const CommandResult r = RunCommand(Versus() + " compare " + Quote(noisy_) + " " + Quote(blurred_) + " " + Quote(sharp_));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("sharp.png is better"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("order:"), std::string::npos);
  const nlohmann::json doc = ParseJson(RunCommand(Versus() + " compare " + Quote(noisy_) + " " + Quote(blurred_) + " " +
                                           Quote(sharp_) + " --json"));
  ASSERT_EQ(doc["order"].size(), 3u);
  EXPECT_EQ(doc["order"][0], sharp_.string());
}

TEST_F(CompareCli, BadInputAndUsage) {
  WriteBytes(dir_ / "broken.jpg", "not a jpeg");
  const CommandResult one_bad = RunCommand(Versus() + " compare " + Quote(sharp_) + " " + Quote(dir_ / "broken.jpg"));
  EXPECT_EQ(one_bad.status, 3) << "fewer than two usable images";
  EXPECT_NE(one_bad.err.find("broken.jpg"), std::string::npos);
  const CommandResult some_bad = RunCommand(Versus() + " compare " + Quote(sharp_) + " " + Quote(blurred_) + " " +
                                     Quote(dir_ / "broken.jpg") + " --json");
  EXPECT_EQ(some_bad.status, 2);
  EXPECT_EQ(ParseJson(some_bad)["errors"].size(), 1u);
  EXPECT_EQ(RunCommand(Versus() + " compare " + Quote(sharp_)).status, 1);
  EXPECT_EQ(RunCommand(Versus() + " compare a b c d e").status, 1);
  EXPECT_EQ(RunCommand(Versus() + " compare --help").status, 0);
  EXPECT_EQ(RunCommand(Versus() + " --help").status, 0);
  EXPECT_EQ(RunCommand(Versus() + " no-such-command").status, 1);
}

TEST(CompareCliFaces, OpenEyesWinAndTheReasonNamesTheBlink) {
  TempDir dir;
  const std::filesystem::path open = dir / "a.png", closed = dir / "b.png";
  cv::imwrite(open.string(), OnCanvas(EyesCrop(kOpenEyeCrops[0])));
  cv::imwrite(closed.string(), OnCanvas(EyesCrop(kClosedEyeCrops[0])));
  const CommandResult r = RunCommand(Versus() + " compare " + Quote(closed) + " " + Quote(open) + " --json --judge features");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["winner"], open.string());
  EXPECT_EQ(doc["dimensions"][5]["name"], "eyes");
  EXPECT_EQ(doc["dimensions"][5]["winner"], open.string());
  const std::string reason = doc["reason"];
  EXPECT_NE(reason.find("eyes closed in 'b.png'"), std::string::npos) << reason;
}

}  // namespace
}  // namespace versus::testing
