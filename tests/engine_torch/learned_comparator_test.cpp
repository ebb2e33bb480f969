// The shipped learned judge, reached the way `versus` reaches it (the registry dlopen()s
// libversus_learned.so): loads, is deterministic and antisymmetric, orders an obvious
// pair, and names the file when its model is missing or corrupt; its backbones (used
// directly) give the plain TorchScript's features.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "pairwise_trainer.hpp"
#include "test_files.hpp"
#include "versus/engine.hpp"
#include "versus/engine/learned_comparator.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

fs::path ShippedModels() { return fs::path(VERSUS_BINARY_DIR) / "share/versus/models"; }

cv::Mat Photo(int n) {
  const auto path = testing::KodakPhoto(n);
  if (fs::exists(path)) return cv::imread(path.string());
  return testing::SyntheticScene(768, 512, unsigned(n));
}

ImageProfile Prepared(const Comparator& judge, const cv::Mat& pixels, const std::string& label) {
  return Profile(FromPixels(pixels), label, &judge);
}

void CopyShippedModels(const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(ShippedModels())) fs::copy_file(entry.path(), to / entry.path().filename());
}

// The text of the first JSON string after `key` in the shipped head (the first backbone's
// file, its first tap), so the tests follow whichever backbone the head names.
std::string FirstValue(const std::string& head, const std::string& key) {
  const std::size_t at = head.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  const std::size_t begin = head.find('"', head.find(':', at) + 1) + 1;
  return head.substr(begin, head.find('"', begin) - begin);
}

std::string ErrorText(const fs::path& model_dir) {
  try {
    MakeComparator("learned", {model_dir, {}});
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(LearnedComparator, SameOutputForAFixedImageOnEveryLoad) {
  const auto first = MakeComparator("learned", {ShippedModels(), {}});
  const auto second = MakeComparator("learned", {ShippedModels(), {}});
  EXPECT_EQ(first->name(), "learned");
  const cv::Mat photo = Photo(5);
  const ImageProfile a1 = Prepared(*first, photo, "a"), a2 = Prepared(*second, photo, "a");
  ASSERT_FALSE(a1.embedding.empty());
  EXPECT_EQ(a1.embedding, a2.embedding);
  const ImageProfile b = Prepared(*first, Distort(photo, Distortion::kNoise, 1), "b");
  EXPECT_EQ(first->Compare(a1, b).p_a_better, second->Compare(a2, b).p_a_better);
}

// The backbones as the judge runs them (frozen pieces through oneDNN, pooling in its
// layout, its own standard deviation) give the features the plain TorchScript gives: the
// head was trained on them. Global view and tiles, every tap of every backbone.
TEST(LearnedComparator, OptimisedBackbonesGiveThePlainTorchScriptsFeatures) {
  const LearnedHead head = LearnedHead::Load(ShippedModels() / kLearnedHeadFile);
  const BackboneEmbedder optimised(ShippedModels(), head.backbones);
  const BackboneEmbedder plain(ShippedModels(), head.backbones, BackboneExecution::kPlain);
  const DecodedImage image = FromPixels(Photo(7));
  ASSERT_FALSE(image.tiles.empty());
  const std::vector<float> fast = optimised.Embed(image), reference = plain.Embed(image);
  ASSERT_EQ(fast.size(), head.EmbeddingSize());
  ASSERT_EQ(reference.size(), fast.size());
  std::size_t far = 0, nonzero = 0;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    far += std::abs(fast[i] - reference[i]) > 1e-4f * std::max(1.0f, std::abs(reference[i]));
    nonzero += reference[i] != 0.0f;
  }
  EXPECT_EQ(far, 0u) << "features further than 1e-4 (relative above 1) from the plain TorchScript's";
  EXPECT_GT(nonzero, fast.size() / 2) << "the comparison saw mostly zeros";
}

// A large photo's four native tiles: the networks see the kNetworkTiles with the most
// detail (the heads were trained on photos with one or two), whichever places they hold.
TEST(LearnedComparator, NetworksSeeTheMostDetailedTilesOfALargePhoto) {
  const LearnedHead head = LearnedHead::Load(ShippedModels() / kLearnedHeadFile);
  const BackboneEmbedder embedder(ShippedModels(), head.backbones);
  const cv::Mat detailed = Photo(13)(cv::Rect(100, 100, 256, 256)).clone();  // a textured crop
  const cv::Mat other = Photo(20)(cv::Rect(300, 200, 256, 256)).clone();
  cv::Mat flat, soft;
  cv::GaussianBlur(other, flat, cv::Size(0, 0), 12.0);
  cv::GaussianBlur(detailed, soft, cv::Size(0, 0), 3.0);
  DecodedImage two = FromPixels(Photo(5));
  two.tiles = {detailed, other};
  const std::vector<float> expected = embedder.Embed(two);
  for (const std::vector<cv::Mat>& four : {std::vector<cv::Mat>{detailed, flat, other, soft},
                                           std::vector<cv::Mat>{flat, detailed, soft, other}}) {
    DecodedImage large = two;
    large.tiles = four;
    EXPECT_EQ(embedder.Embed(large), expected);
  }
  DecodedImage blurred = two;
  blurred.tiles = {flat, detailed, soft, flat};
  EXPECT_NE(embedder.Embed(blurred), expected);  // the blurred tiles are not the ones it keeps
}

TEST(LearnedComparator, SharpPhotoBeatsItsBlurredCopyAndSaysWhy) {
  const auto judge = MakeComparator("learned", {ShippedModels(), {}});
  const cv::Mat photo = Photo(3);
  const ImageProfile sharp = Prepared(*judge, photo, "sharp");
  const ImageProfile blurred = Prepared(*judge, Distort(photo, Distortion::kBlur, 2), "blurred");
  const Verdict v = judge->Compare(sharp, blurred);
  EXPECT_GT(v.p_a_better, 0.8);
  ASSERT_EQ(v.dimensions.size(), 8u);  // five technical, eyes, face focus, overall
  EXPECT_EQ(v.dimensions[0].dimension, Dimension::kSharpness);
  EXPECT_GT(v.dimensions[0].margin, 0.0);
  EXPECT_EQ(ReasonText(v.reason).rfind("The first image is better", 0), 0u) << ReasonText(v.reason);
  const Verdict back = judge->Compare(blurred, sharp);
  EXPECT_NEAR(v.p_a_better + back.p_a_better, 1.0, 1e-12);
}

TEST(LearnedComparator, FewTrainingStepsLowerTheLoss) {
  // Three images in one column: 2 > 1 > 0; the pairs say so.
  const std::vector<float> rows = {0.0f, 1.0f, 2.0f};
  training::PairSet pairs;
  pairs.Add(2, 1, 0.9f, 1.0f);
  pairs.Add(1, 0, 0.9f, 1.0f);
  pairs.Add(2, 0, 1.0f, 1.0f);
  const training::TrainResult r = training::TrainPairwiseScore(rows, 3, 1, pairs, {1e-4, 5, 0.1});
  ASSERT_EQ(r.loss.size(), 5u);
  EXPECT_LT(r.loss.back(), r.loss.front());
  EXPECT_GT(r.weight[0], 0.0);
}

// The first judge stays selectable: its own head file and name (its anchors are
// anchors_learned-v1.json), the same backbones, so the same embedding and other verdicts.
TEST(LearnedComparator, FirstJudgeIsSelectableByItsOwnName) {
  const auto today = MakeComparator("learned", {ShippedModels(), {}});
  const auto first = MakeComparator("learned-v1", {ShippedModels(), {}});
  EXPECT_EQ(first->name(), "learned-v1");
  const cv::Mat photo = Photo(7);
  const ImageProfile a = Prepared(*first, photo, "a"), b = Prepared(*first, Distort(photo, Distortion::kBlur, 2), "b");
  EXPECT_EQ(a.embedding, Prepared(*today, photo, "a").embedding);
  EXPECT_GT(first->Compare(a, b).p_a_better, 0.5);
  EXPECT_NE(first->Compare(a, b).log_odds, today->Compare(a, b).log_odds);

  testing::TempDir dir;
  CopyShippedModels(dir.path());
  fs::remove(dir / "learned_judge_v1.json");
  try {
    MakeComparator("learned-v1", {dir.path(), {}});
    ADD_FAILURE() << "loaded without its head";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "learned_judge_v1.json").string()), std::string::npos) << e.what();
  }
}

TEST(LearnedComparator, MissingModelFilesAreNamed) {
  testing::TempDir empty;
  EXPECT_NE(ErrorText(empty.path()).find((empty / "learned_judge.json").string()), std::string::npos)
      << ErrorText(empty.path());

  testing::TempDir no_backbone;
  fs::copy_file(ShippedModels() / "learned_judge.json", no_backbone / "learned_judge.json");
  const std::string text = ErrorText(no_backbone.path());
  EXPECT_NE(text.find(no_backbone.path().string()), std::string::npos) << text;
  EXPECT_NE(text.find(".torchscript.pt"), std::string::npos) << text;
}

TEST(LearnedComparator, CorruptModelFilesAreNamed) {
  testing::TempDir dir;
  CopyShippedModels(dir.path());
  testing::WriteBytes(dir / "learned_judge.json", "{\"format\": \"versus-learned-judge/2\", \"mean\": [1, 2");
  EXPECT_NE(ErrorText(dir.path()).find((dir / "learned_judge.json").string()), std::string::npos)
      << ErrorText(dir.path());

  fs::remove(dir / "learned_judge.json");
  fs::copy_file(ShippedModels() / "learned_judge.json", dir / "learned_judge.json");
  const std::string file = FirstValue(testing::ReadBytes(dir / "learned_judge.json"), "file");
  ASSERT_NE(file.find(".torchscript.pt"), std::string::npos) << file;
  const fs::path backbone = dir / file;
  testing::WriteBytes(backbone, "PK\x03\x04 not really a TorchScript archive");
  EXPECT_NE(ErrorText(dir.path()).find(backbone.string()), std::string::npos) << ErrorText(dir.path());
}

TEST(LearnedComparator, HeadForOtherLayersIsRefusedAtLoad) {
  testing::TempDir dir;
  CopyShippedModels(dir.path());
  const std::string head = testing::ReadBytes(dir / "learned_judge.json");
  const std::string file = FirstValue(head, "file"), tap = "\"" + FirstValue(head, "taps") + "\"";
  const std::size_t at = head.find(tap);
  ASSERT_NE(at, std::string::npos) << "the shipped head names the layers it taps";
  const std::string missing = tap.substr(1, tap.size() - 2) + "99";
  testing::WriteBytes(dir / "learned_judge.json", head.substr(0, at) + "\"" + missing + "\"" + head.substr(at + tap.size()));
  const std::string text = ErrorText(dir.path());
  EXPECT_NE(text.find(missing), std::string::npos) << text;
  EXPECT_NE(text.find((dir / file).string()), std::string::npos) << text;
}

}  // namespace
}  // namespace versus::engine
