// Near-duplicate grouping: hash similarity, union-find transitivity, the capture-time
// gap, EXIF capture times (written by exiftool, an independent tool), and the order
// within a group.
#include <gtest/gtest.h>

#include <ctime>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;
using engine::PerceptualHash;

// A hash whose pHash has the lowest `bits` bits set and whose colour moments sit
// `colour` apart along one axis, so each similarity is known exactly.
PerceptualHash Hash(int bits, double colour = 0.0) {
  PerceptualHash h;
  for (int b = 0; b < bits; ++b) h.dct[b / 8] |= std::uint8_t(1u << (b % 8));
  h.colour_moments.fill(0.0);
  h.colour_moments[0] = colour;
  h.valid = true;
  return h;
}

TEST(PerceptualHash, SimilarityIsTheBetterOfTheTwoHashes) {
  EXPECT_DOUBLE_EQ(Similarity(Hash(0), Hash(0)), 1.0);
  EXPECT_DOUBLE_EQ(Similarity(Hash(0, 0), Hash(8, 100)), 1.0 - 8 / engine::kDctScaleBits);
  EXPECT_DOUBLE_EQ(Similarity(Hash(0, 0), Hash(40, 1)), 1.0 - 1 / engine::kColourScale);
  EXPECT_DOUBLE_EQ(Similarity(Hash(0, 0), Hash(40, 100)), 0.0);
  EXPECT_DOUBLE_EQ(Similarity(Hash(0), PerceptualHash{}), 0.0) << "an unhashed image matches nothing";
}

TEST(PerceptualHash, SameSceneShiftedIsSimilarOtherSceneIsNot) {
  const cv::Mat photo = cv::imread(KodakPhoto(5).string()), other = cv::imread(KodakPhoto(23).string());
  ASSERT_FALSE(photo.empty() || other.empty());
  const cv::Mat shifted = photo(cv::Rect(6, 4, photo.cols - 12, photo.rows - 12));
  const auto a = engine::HashImage(photo), b = engine::HashImage(shifted), c = engine::HashImage(other);
  EXPECT_GE(Similarity(a, b), engine::GroupingOptions{}.threshold);
  EXPECT_LT(Similarity(a, c), engine::GroupingOptions{}.burst_threshold);
}

TEST(NearDuplicates, GroupsAreConnectedComponents) {
  // 0-1 and 1-2 are 6 bits apart (similar), 0-2 are 12 (not): still one group. 3 is alone.
  std::vector<PerceptualHash> h{Hash(0, 100), Hash(6, 200), Hash(12, 300), Hash(40, 400)};
  const auto groups = engine::GroupNearDuplicates(h, {}, engine::GroupingOptions{});
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(groups[1], (std::vector<std::size_t>{3}));
}

TEST(NearDuplicates, CaptureTimeGapJoinsLooserMatches) {
  // 13 bits apart: similarity 0.59, under the threshold (0.75) but over the burst one (0.4).
  const std::vector<PerceptualHash> h{Hash(0, 100), Hash(13, 200)};
  engine::GroupingOptions options;
  EXPECT_EQ(engine::GroupNearDuplicates(h, {}, options).size(), 2u) << "no times: not a burst";
  EXPECT_EQ(engine::GroupNearDuplicates(h, {10.0, 11.5}, options).size(), 1u) << "1.5 s apart: a burst";
  EXPECT_EQ(engine::GroupNearDuplicates(h, {10.0, 100.0}, options).size(), 2u) << "90 s apart";
  EXPECT_EQ(engine::GroupNearDuplicates(h, {10.0, std::nullopt}, options).size(), 2u) << "one time unknown";
  options.gap_seconds = 0;
  EXPECT_EQ(engine::GroupNearDuplicates(h, {10.0, 10.0}, options).size(), 2u) << "--gap 0 turns times off";
}

TEST(CaptureTime, ReadsDateTimeOriginalAndSubSeconds) {
  if (std::system("exiftool -ver > /dev/null 2>&1") != 0) GTEST_SKIP() << "exiftool not installed";
  TempDir dir;
  const fs::path photo = dir / "a.jpg";
  cv::imwrite(photo.string(), SyntheticScene(64, 48));
  EXPECT_FALSE(engine::CaptureTime(photo).has_value()) << "no EXIF yet";
  const std::string tag = "exiftool -q -overwrite_original -DateTimeOriginal='2024:05:01 10:00:00' "
                          "-SubSecTimeOriginal=25 '" + photo.string() + "'";
  ASSERT_EQ(std::system(tag.c_str()), 0);
  std::tm t{};
  t.tm_year = 124, t.tm_mon = 4, t.tm_mday = 1, t.tm_hour = 10;
  const auto seconds = engine::CaptureTime(photo);
  ASSERT_TRUE(seconds.has_value());
  EXPECT_DOUBLE_EQ(*seconds, double(timegm(&t)) + 0.25);
  WriteBytes(dir / "bad.jpg", "not a jpeg");
  EXPECT_FALSE(engine::CaptureTime(dir / "bad.jpg").has_value()) << "unreadable metadata is no time, not an error";
}

TEST(NearDuplicates, OrderGroupPutsTheSharpFrameFirst) {
  // The feature judge: this checks OrderGroup, on a synthetic (non-photo) scene the
  // learned judge was never trained on.
  const auto judge = engine::MakeComparator("features");
  const cv::Mat scene = SyntheticScene(640, 480, 4);
  const engine::ImageProfile blurred = engine::Profile(
      engine::FromPixels(engine::Distort(scene, engine::Distortion::kBlur, 2)), "blurred", judge.get());
  const engine::ImageProfile sharp = engine::Profile(engine::FromPixels(scene), "sharp", judge.get());
  const engine::ImageProfile noisy = engine::Profile(
      engine::FromPixels(engine::Distort(scene, engine::Distortion::kNoise, 2)), "noisy", judge.get());
  const auto order = engine::OrderGroup(*judge, {&blurred, &sharp, &noisy});
  EXPECT_EQ(order.order[0], 1u);
  EXPECT_GT(order.best_vs_next.p_a_better, 0.5);
}

}  // namespace
}  // namespace versus::testing
