// Each measure moves in its documented direction when its distortion is applied.
#include <gtest/gtest.h>

#include <set>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

double MeasureOf(const cv::Mat& pixels, std::string_view name) {
  return Measure(FromPixels(pixels)).at(MeasureIndex(name));
}

cv::Mat Photo() {
  const auto path = testing::KodakPhoto(5);
  if (std::filesystem::exists(path)) return cv::imread(path.string());
  return testing::SyntheticScene(768, 512);
}

TEST(MeasureTable, NamesAreUniqueAndDirected) {
  std::set<std::string_view> names;
  for (const MeasureInfo& m : MeasureTable()) {
    EXPECT_TRUE(names.insert(m.name).second) << m.name;
    EXPECT_TRUE(m.direction == 1 || m.direction == -1) << m.name;
    EXPECT_FALSE(m.description.empty()) << m.name;
  }
  EXPECT_THROW(MeasureIndex("no_such_measure"), Error);
}

TEST(Measures, AreFiniteOnFlatAndTinyImages) {
  for (const cv::Mat& img : {cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(0)), cv::Mat(300, 200, CV_8UC3, cv::Scalar::all(128))}) {
    for (double v : Measure(FromPixels(img))) EXPECT_TRUE(std::isfinite(v));
  }
}

struct DirectionCase {
  Distortion distortion;
  int level;
  std::string_view measure;
  int expected_sign;  // sign of (distorted - pristine)
};

class MeasureDirection : public ::testing::TestWithParam<DirectionCase> {};

TEST_P(MeasureDirection, MovesTheDocumentedWay) {
  const DirectionCase c = GetParam();
  const cv::Mat photo = Photo();
  const double before = MeasureOf(photo, c.measure);
  const double after = MeasureOf(Distort(photo, c.distortion, c.level), c.measure);
  EXPECT_GT(c.expected_sign * (after - before), 0.0) << c.measure << ": " << before << " -> " << after;
}

INSTANTIATE_TEST_SUITE_P(
    Distortions, MeasureDirection,
    ::testing::Values(DirectionCase{Distortion::kBlur, 2, "sharpness", -1},
                      DirectionCase{Distortion::kBlur, 2, "sharpness_detail", -1},
                      DirectionCase{Distortion::kBlur, 2, "sharpness_working", -1},
                      DirectionCase{Distortion::kNoise, 2, "noise", +1},
                      DirectionCase{Distortion::kJpeg, 3, "blockiness", +1},
                      DirectionCase{Distortion::kOverexpose, 3, "highlight_clipping", +1},
                      DirectionCase{Distortion::kUnderexpose, 4, "shadow_clipping", +1},
                      DirectionCase{Distortion::kUnderexpose, 4, "midtone_offset", +1},
                      DirectionCase{Distortion::kColourCast, 3, "colour_cast", +1},
                      DirectionCase{Distortion::kNoise, 4, "brisque", +1}));

TEST(Measures, ProfileAllKeepsGoingPastBadFiles) {
  testing::TempDir dir;
  cv::imwrite((dir / "good.png").string(), testing::SyntheticScene(200, 150));
  testing::WriteBytes(dir / "bad.jpg", "nope");
  ProfileOptions options;
  options.jobs = 2;
  std::size_t calls = 0;
  options.progress = [&](std::size_t, std::size_t) { ++calls; };
  const ProfileSet set = ProfileAll({dir / "bad.jpg", dir / "good.png"}, options);
  ASSERT_EQ(set.images.size(), 1u);
  EXPECT_EQ(set.images[0].path, (dir / "good.png").string());
  EXPECT_EQ(set.images[0].measures.size(), MeasureTable().size());
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].path, (dir / "bad.jpg").string());
  EXPECT_EQ(calls, 2u);
}

}  // namespace
}  // namespace versus::engine
