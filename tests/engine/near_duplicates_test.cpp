// Grouping the way a shoot happened: bursts per body in time order (two bodies, clock
// jumps, equal timestamps, 2- and 40-frame bursts, scene changes, look-alike runs),
// photos without a time, re-takes, copies; EXIF capture time and body (written by
// exiftool, an independent tool); the order within a group.
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
  EXPECT_LT(Similarity(a, c), engine::GroupingOptions{}.threshold);
}

// One shot: hash, capture time (nullopt = none), body; sequence = its index.
engine::Shot At(const PerceptualHash& hash, std::optional<double> seconds, std::string body = "A") {
  return {hash, seconds, std::move(body), 0};
}

std::vector<engine::PhotoGroup> Group(std::vector<engine::Shot> shots, const engine::GroupingOptions& options = {}) {
  for (std::size_t i = 0; i < shots.size(); ++i) shots[i].sequence = i;
  return engine::GroupShots(shots, options);
}

std::vector<std::size_t> Sizes(const std::vector<engine::PhotoGroup>& groups) {
  std::vector<std::size_t> sizes;
  for (const auto& g : groups) sizes.push_back(g.members.size());
  return sizes;
}

// Scenes that share nothing: pHash 40 bits and colour moments 100 apart.
PerceptualHash Scene(int scene) { return Hash(scene % 2 == 0 ? 0 : 40, 100.0 * scene); }

TEST(NearDuplicates, LinksDoNotChain) {
  // 0-1 and 1-2 are 6 bits apart (similar, 0.81), 0-2 are 12 (0.63): union-find made
  // them one group; the mean similarity of 2 to {0, 1} is 0.72, under 0.75.
  std::vector<PerceptualHash> h{Hash(0, 100), Hash(6, 200), Hash(12, 300), Hash(40, 400)};
  const auto groups = engine::GroupNearDuplicates(h, {}, engine::GroupingOptions{});
  EXPECT_EQ(groups, (std::vector<std::vector<std::size_t>>{{0, 1}, {2}, {3}}));
}

TEST(Bursts, TwoBodiesInterleavedInTimeAreTwoSequences) {
  // Both bodies shoot the same scene at 10 fps, 50 ms out of step.
  std::vector<engine::Shot> shots;
  for (int f = 0; f < 6; ++f) {
    shots.push_back(At(Hash(f % 2), 100 + 0.1 * f, "Canon EOS R5 #111"));
    shots.push_back(At(Hash(f % 2), 100.05 + 0.1 * f, "Canon EOS R5 #222"));
  }
  const auto groups = Group(shots);
  ASSERT_EQ(Sizes(groups), (std::vector<std::size_t>{6, 6}));
  for (const auto& g : groups) {
    for (std::size_t i : g.members) EXPECT_EQ(shots[i].body, shots[g.members[0]].body);
    EXPECT_EQ(g.how, engine::GroupKind::kBurst);
    EXPECT_NEAR(g.span_seconds, 0.5, 1e-9);
  }
}

TEST(Bursts, AClockThatJumpsSplitsTheRun) {
  // Three frames, then the clock is set an hour forward mid-burst, then an hour back
  // (100 s after the first frames): three bursts, in clock order.
  const auto groups = Group({At(Hash(0), 1000.0), At(Hash(1), 1000.1), At(Hash(0), 1000.2), At(Hash(1), 4600.3),
                             At(Hash(0), 4600.4), At(Hash(1), 1100.5), At(Hash(0), 1100.6)});
  EXPECT_EQ(Sizes(groups), (std::vector<std::size_t>{3, 2, 2})) << "frames far apart in time are separate moments";
  EXPECT_EQ(groups[1].members, (std::vector<std::size_t>{5, 6})) << "groups come in clock order";
}

TEST(Bursts, EqualTimestampsWithoutSubSecondsStayOneBurstInFileOrder) {
  // Five frames of one second, no SubSecTimeOriginal: the file-name sequence orders them.
  std::vector<engine::Shot> shots{At(Hash(0), 50.0), At(Hash(1), 50.0), At(Hash(2), 50.0), At(Hash(1), 50.0),
                                  At(Hash(0), 51.0), At(Scene(1), 60.0)};
  for (std::size_t i = 0; i < shots.size(); ++i) shots[i].sequence = shots.size() - i;  // names count down
  const auto groups = engine::GroupShots(shots, {});
  ASSERT_EQ(Sizes(groups), (std::vector<std::size_t>{5, 1}));
  EXPECT_EQ(groups[0].members, (std::vector<std::size_t>{3, 2, 1, 0, 4}));
  EXPECT_DOUBLE_EQ(groups[0].span_seconds, 1.0);
}

TEST(Bursts, TwoFrameAndFortyFrameBursts) {
  std::vector<engine::Shot> shots{At(Hash(0), 10.0), At(Hash(3), 10.3)};
  for (int f = 0; f < 40; ++f) shots.push_back(At(Hash(f % 5), 20.0 + 0.1 * f));  // 10 fps for 3.9 s
  const auto groups = Group(shots);
  ASSERT_EQ(Sizes(groups), (std::vector<std::size_t>{2, 40}));
  EXPECT_NEAR(groups[1].span_seconds, 3.9, 1e-9);
  EXPECT_EQ(groups[1].how, engine::GroupKind::kBurst);
}

TEST(Bursts, ASceneChangeSplitsARun) {
  // 10 fps throughout, but the photographer swings from one scene to another.
  const auto groups = Group({At(Scene(0), 0.0), At(Scene(0), 0.1), At(Scene(0), 0.2), At(Scene(1), 0.3),
                             At(Scene(1), 0.4)});
  EXPECT_EQ(Sizes(groups), (std::vector<std::size_t>{3, 2}));
}

TEST(Bursts, NoExifTimeMeansSimilarityAloneAndStrictly) {
  // Re-encodes (0-1 bits apart) group as copies; a frame 10 bits away (similarity 0.69,
  // plenty for a burst) does not, next in file order or not; nor does another scene.
  const auto groups = Group({At(Hash(0), std::nullopt, ""), At(Hash(1), std::nullopt, ""),
                             At(Hash(10, 50), std::nullopt, ""), At(Hash(0), std::nullopt, ""),
                             At(Scene(1), std::nullopt, "")});
  ASSERT_EQ(Sizes(groups), (std::vector<std::size_t>{3, 1, 1}));
  EXPECT_EQ(groups[0].members, (std::vector<std::size_t>{0, 1, 3}));
  EXPECT_EQ(groups[0].how, engine::GroupKind::kCopy);
  EXPECT_DOUBLE_EQ(groups[0].span_seconds, 0.0);
}

TEST(Bursts, ALongRunOfLookAlikeFramesIsNotOneGroup) {
  // One arena all afternoon: 300 near-identical frames. A frame every 0.5 s is a run the
  // span bound cuts; a frame every 5 s is 300 moments (never copies of each other).
  std::vector<engine::Shot> stream, moments;
  for (int f = 0; f < 300; ++f) {
    stream.push_back(At(Hash(f % 3), 0.5 * f));
    moments.push_back(At(Hash(f % 3), 5.0 * f));
  }
  std::size_t largest = 0;
  for (const auto& g : Group(stream)) largest = std::max(largest, g.members.size());
  EXPECT_EQ(largest, 21u) << "10 s of frames 0.5 s apart";
  // A body firing single frames every 5 s is re-taking: series of at most a minute.
  const engine::GroupingOptions defaults;
  for (const auto& g : Group(moments)) {
    EXPECT_LE(g.span_seconds, defaults.retake_span_seconds);
    EXPECT_LE(g.members.size(), 13u);
  }
}

TEST(Bursts, ReTakesGroupOnlyForABodyThatShootsSingleFrames) {
  // A compact camera re-taking one object every ~15 s from other angles (similarity
  // 0.5), then another object 90 s later.
  std::vector<engine::Shot> singles{At(Hash(0, 0.0), 0.0), At(Hash(16, 2.0), 14.0), At(Hash(12, 4.0), 30.0),
                                    At(Hash(40, 20.0), 120.0), At(Hash(40, 22.0), 135.0)};
  const auto series = Group(singles);
  ASSERT_EQ(Sizes(series), (std::vector<std::size_t>{3, 2}));
  EXPECT_EQ(series[0].how, engine::GroupKind::kNearDuplicate);
  EXPECT_NEAR(series[0].span_seconds, 30.0, 1e-9);
  // The same frames from a body that shoots bursts (most pauses 0.1 s) stay apart.
  std::vector<engine::Shot> bursts = singles;
  for (int f = 0; f < 20; ++f) bursts.push_back(At(Hash(40, 100.0), 300.0 + 0.1 * f));
  EXPECT_EQ(Sizes(Group(bursts)), (std::vector<std::size_t>{1, 1, 1, 1, 1, 20}));
  engine::GroupingOptions off;
  off.retake_gap_seconds = 0;
  EXPECT_EQ(Group(singles, off).size(), 5u) << "--retake-gap 0";
}

TEST(NearDuplicates, CopiesJoinWhateverTheirTimesButNotOtherMoments) {
  // A burst, a time-stripped re-export of its first frame, the same look 30 s later
  // and at the same moment from a second camera.
  const auto groups = Group({At(Hash(0), 10.0), At(Hash(4), 10.1), At(Hash(4), 10.2), At(Hash(4), 10.3),
                             At(Hash(0), std::nullopt, ""), At(Hash(0), 40.0), At(Hash(0), 10.0, "B")});
  ASSERT_EQ(Sizes(groups), (std::vector<std::size_t>{5, 1, 1}));
  EXPECT_EQ(groups[0].members, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(groups[0].how, engine::GroupKind::kBurst) << "a burst stays a burst when a copy joins";
  engine::GroupingOptions no_times;
  no_times.gap_seconds = 0;
  EXPECT_EQ(Sizes(Group({At(Hash(0), 10.0), At(Hash(13, 2.0), 10.1)}, no_times)), (std::vector<std::size_t>{1, 1}))
      << "--gap 0: times ignored, 13 bits is not a near-duplicate";
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

TEST(CaptureTime, ReadsTheBodyAndKnowsWhenSubSecondsAreMissing) {
  if (std::system("exiftool -ver > /dev/null 2>&1") != 0) GTEST_SKIP() << "exiftool not installed";
  TempDir dir;
  const fs::path photo = dir / "IMG_0412.jpg";
  cv::imwrite(photo.string(), SyntheticScene(64, 48));
  const std::string tag = "exiftool -q -overwrite_original -DateTimeOriginal='2024:05:01 10:00:00' -Make=Canon "
                          "'-Model=Canon EOS R5' '" + photo.string() + "'";
  ASSERT_EQ(std::system(tag.c_str()), 0);
  engine::CaptureInfo info = engine::ReadCaptureInfo(photo);
  EXPECT_TRUE(info.seconds.has_value());
  EXPECT_FALSE(info.has_subseconds);
  EXPECT_EQ(info.body, "Canon EOS R5") << "no serial number: the model";
  const std::string serial = "exiftool -q -overwrite_original -SerialNumber=031023 '" + photo.string() + "'";
  ASSERT_EQ(std::system(serial.c_str()), 0);
  EXPECT_EQ(engine::ReadCaptureInfo(photo).body, "Canon EOS R5 #031023");
  EXPECT_EQ(engine::FileNameSequence(photo), 412);
  EXPECT_EQ(engine::FileNameSequence("rejected-18644.jpg"), 18644);
  EXPECT_FALSE(engine::FileNameSequence("holiday.jpg").has_value());
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
