// ProfileAll with a judge still loading (ProfileOptions::comparator_loading): the
// workers profile images ahead of it and prepare them once it is ready, with the same
// profiles as a judge ready from the start; a judge that fails to load stops it.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

// A judge whose Prepare leaves a mark computed from the pixels it was given.
class MarkingJudge : public Comparator {
 public:
  std::string_view name() const override { return "marking"; }
  void Prepare(const DecodedImage& image, ImageProfile& profile) const override {
    const cv::Scalar mean = cv::mean(image.working);
    profile.embedding = {float(mean[0]), float(mean[1]), float(image.tiles.size())};
    ++prepared;
  }
  Verdict Compare(const ImageProfile&, const ImageProfile&) const override { return {}; }
  mutable std::atomic<int> prepared{0};
};

std::vector<std::filesystem::path> Photos(const testing::TempDir& dir) {
  std::vector<std::filesystem::path> paths;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    paths.push_back(dir / ("p" + std::to_string(seed) + ".jpg"));
    cv::imwrite(paths.back().string(), testing::SyntheticScene(320, 240, seed));
  }
  paths.insert(paths.begin() + 5, dir / "broken.jpg");
  testing::WriteBytes(paths[5], "not a photo");
  return paths;
}

TEST(ProfileAll, AJudgeStillLoadingGivesTheProfilesOfAReadyOne) {
  testing::TempDir dir;
  const auto paths = Photos(dir);
  MarkingJudge ready_judge, loading_judge;
  ProfileOptions options;
  options.jobs = 2;
  options.comparator = &ready_judge;
  const ProfileSet expected = ProfileAll(paths, options);

  options.comparator = nullptr;
  options.comparator_loading = std::async(std::launch::async, [&loading_judge] {
                                 std::this_thread::sleep_for(std::chrono::milliseconds(300));  // images go ahead
                                 return static_cast<const Comparator*>(&loading_judge);
                               }).share();
  std::atomic<int> progress{0}, decoded{0};
  options.progress = [&](std::size_t, std::size_t) { ++progress; };
  options.on_decoded = [&](const std::string&, const DecodedImage&) { ++decoded; };
  const ProfileSet got = ProfileAll(paths, options);

  ASSERT_EQ(got.images.size(), expected.images.size());
  ASSERT_EQ(got.images.size(), 12u);
  for (std::size_t i = 0; i < got.images.size(); ++i) {
    SCOPED_TRACE(got.images[i].path);
    EXPECT_EQ(got.images[i].path, expected.images[i].path);
    EXPECT_EQ(got.images[i].measures, expected.images[i].measures);
    ASSERT_EQ(got.images[i].embedding.size(), 3u);
    EXPECT_EQ(got.images[i].embedding, expected.images[i].embedding);
  }
  ASSERT_EQ(got.errors.size(), 1u);
  EXPECT_EQ(got.errors[0].path, paths[5].string());
  EXPECT_EQ(loading_judge.prepared, 12);
  EXPECT_EQ(progress, 13);
  EXPECT_EQ(decoded, 12);
}

TEST(ProfileAll, AJudgeThatFailsToLoadStopsProfilingWithItsReason) {
  testing::TempDir dir;
  const auto paths = Photos(dir);
  ProfileOptions options;
  options.jobs = 2;
  options.comparator_loading = std::async(std::launch::async, []() -> const Comparator* {
                                 throw Error("model.pt", "learned judge backbone not found: model.pt");
                               }).share();
  try {
    ProfileAll(paths, options);
    FAIL() << "ProfileAll went on without its judge";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "learned judge backbone not found: model.pt");
  }
}

}  // namespace
}  // namespace versus::engine
