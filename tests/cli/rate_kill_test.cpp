// The crash test: `versus rate` is SIGKILLed at random moments, many times, and after
// every kill each photo must still decode to exactly its original pixels, keep every
// other tag (a JPEG: every byte outside its XMP segments), and carry either no rating or
// the right one (old file or new, never a mix). Once on synthetic photos, once on real
// Canon frames from ../shared.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "../../engine/src/metadata/jpeg_xmp_splice.hpp"
#include "cli_test_support.hpp"
#include "xmp_test_files.hpp"

namespace versus::testing {
namespace {

constexpr int kRuns = 50;                  // kills; ~1 s each with the exiftool check
constexpr int kCanonRuns = 30;             // kills on real Canon frames
constexpr unsigned kSeed = 20240601;       // fixed: the same moments every CI run

// Starts `versus rate` on `folder` without a shell, so the pid is versus's own.
pid_t StartRate(const fs::path& folder, const std::string& target) {
  const std::string binary = Versus(), dir = folder.string();
  // The feature judge: this test is about the writes, and the learned judge's start-up
  // (~3 s of LibTorch) would leave the writes a sliver of each run for the kills to hit.
  std::vector<std::string> args = {binary, "rate", dir, "--jobs", "1", "--json", "--target", target,
                                   "--judge", "features"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

std::size_t CountTemps(const fs::path& folder) {
  std::size_t temps = 0;
  for (const auto& e : fs::directory_iterator(folder)) temps += e.path().filename().string().rfind(".versus-tmp-", 0) == 0;
  return temps;
}

std::size_t CountSidecars(const fs::path& folder) {
  std::size_t sidecars = 0;
  for (const auto& e : fs::directory_iterator(folder)) sidecars += e.path().extension() == ".xmp";
  return sidecars;
}

class KillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Every rating write pauses 40 ms between its finished temp file and the rename
    // (engine/src/metadata/safe_file.cpp), so kills land inside the writes, temp files
    // included, rather than in the sliver of a run they would otherwise take.
    ::setenv("VERSUS_TEST_WRITE_PAUSE_MS", "40", 1);
    if (!MakePristine()) GTEST_SKIP() << CanonFramesDir() << " is absent (../shared/data not here)";
    std::vector<fs::path> files;
    for (const auto& n : names_) files.push_back(pristine_ / n);
    for (const auto& tags : ExifToolTags(files)) pristine_tags_.push_back(OtherTags(tags));
    // One undisturbed run gives the stars every interrupted run must write, and its time.
    const fs::path reference = Copy("reference");
    const auto start = std::chrono::steady_clock::now();
    const CommandResult r = RunCommand(Versus() + " rate " + Quote(reference) + " --jobs 1 --json --judge features");
    full_run_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json doc = ParseJson(r);
    for (const auto& f : doc["files"]) {
      expected_[fs::path(f["path"].get<std::string>()).filename().string()] = f["stars"].get<int>();
    }
  }

  // The photos every run starts from, in pristine_; false if they are not at hand.
  virtual bool MakePristine() {
    for (int i = 0; i < 4; ++i) {
      names_.push_back("IMG_" + std::to_string(200 + i) + ".jpg");
      WriteSceneJpeg(pristine_ / names_.back(), 31, 1.0 * i);
    }
    names_.push_back("scan.png");  // auto: a sidecar; sidecar runs: a sidecar too
    cv::imwrite((pristine_ / names_.back()).string(), SyntheticScene(400, 300, 32));
    std::vector<fs::path> files;
    for (const auto& n : names_) files.push_back(pristine_ / n);
    AddCameraMetadata(files);
    return true;
  }

  void TearDown() override { ::unsetenv("VERSUS_TEST_WRITE_PAUSE_MS"); }

  // A fresh copy of the pristine photos in its own folder.
  fs::path Copy(const std::string& name) {
    const fs::path folder = runs_ / name;
    fs::create_directories(folder);
    for (const auto& n : names_) {
      fs::copy_file(pristine_ / n, folder / n);
      copied_inodes_[folder / n] = Inode(folder / n);
    }
    return folder;
  }

  static ino_t Inode(const fs::path& file) {
    struct stat st{};
    return ::stat(file.c_str(), &st) == 0 ? st.st_ino : 0;
  }

  // No write has begun in `folder`: no sidecar, no temp, every photo its copied inode
  // (an embedded write renames a new file in).
  bool WroteNothing(const fs::path& folder) {
    if (CountSidecars(folder) > 0 || CountTemps(folder) > 0) return false;
    return std::all_of(names_.begin(), names_.end(),
                       [&](const std::string& n) { return Inode(folder / n) == copied_inodes_[folder / n]; });
  }

  // Every photo in `folders` after the kills: decodes to its original pixels, keeps
  // every other tag, and has no rating or the right one (embedded or in its sidecar).
  // `ratings` gets each photo's rating (-99: none), folder by folder.
  int CountDamaged(const std::vector<fs::path>& folders, std::vector<int>& ratings) {
    std::vector<fs::path> files;
    for (const auto& folder : folders) {
      for (const auto& n : names_) files.push_back(folder / n);
    }
    const auto tags = ExifToolTags(files);
    std::vector<fs::path> sidecars;
    for (const auto& f : files) {
      if (fs::exists(f.string() + ".xmp")) sidecars.push_back(f.string() + ".xmp");
    }
    std::map<std::string, int> sidecar_rating;
    for (const auto& t : ExifToolTags(sidecars)) {
      sidecar_rating[t["SourceFile"].get<std::string>()] = t.contains("XMP-xmp:Rating") ? t["XMP-xmp:Rating"].get<int>() : -98;
    }
    int damaged = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::string name = files[i].filename().string();
      const std::size_t k = i % names_.size();
      const bool pixels = SamePixels(files[i], pristine_ / name);
      const bool other_tags = i < tags.size() && OtherTags(tags[i]) == pristine_tags_[k] && SameOutsideXmp(files[i]);
      int rating = i < tags.size() && tags[i].contains("XMP-xmp:Rating") ? tags[i]["XMP-xmp:Rating"].get<int>() : -99;
      if (const auto it = sidecar_rating.find(files[i].string() + ".xmp"); it != sidecar_rating.end()) rating = it->second;
      ratings.push_back(rating);
      if (pixels && other_tags && (rating == -99 || rating == expected_[name])) continue;
      ++damaged;
      ADD_FAILURE() << files[i] << ": pixels " << pixels << ", other tags " << other_tags << ", rating " << rating;
    }
    return damaged;
  }

  // A JPEG keeps every byte outside its XMP segments (other formats: the tags decide).
  bool SameOutsideXmp(const fs::path& file) {
    if (file.extension() != ".jpg") return true;
    namespace md = engine::metadata;
    return md::BytesOutsideXmp(ReadBytes(file)) == md::BytesOutsideXmp(ReadBytes(pristine_ / file.filename()));
  }

  // Kills the rating of fresh copies `runs` times at seeded moments, alternating
  // --target auto and `other_target`, and returns the folders for CountDamaged.
  std::vector<fs::path> KillRuns(int runs, const std::string& other_target, int& killed, int& with_temps);
  // KillRuns, then every photo checked (CountDamaged) and a clean run after a kill.
  void CheckSurvival(int runs, const std::string& other_target);

  TempDir pristine_, runs_;
  std::vector<std::string> names_;
  std::vector<nlohmann::json> pristine_tags_;
  std::map<std::string, int> expected_;
  std::map<fs::path, ino_t> copied_inodes_;
  double full_run_ms_ = 0;
};

std::vector<fs::path> KillTest::KillRuns(int runs, const std::string& other_target, int& killed, int& with_temps) {
  std::mt19937 rng(kSeed);
  // Half the kills anywhere in a run. The other half aim at the writes at the end of a
  // run: [lo, hi] closes in on them as runs show a kill at lo came before any write
  // (WroteNothing) and a run ended before hi.
  std::uniform_real_distribution<double> anywhere(0.0, 1.05);
  double lo = 0.0, hi = 1.05 * full_run_ms_;
  std::vector<fs::path> folders;
  for (int run = 0; run < runs; ++run) {
    folders.push_back(Copy("run" + std::to_string(run)));
    const pid_t pid = StartRate(folders.back(), run % 2 == 1 ? other_target : "auto");
    if (pid <= 0) {
      ADD_FAILURE() << "cannot start " << Versus();
      return folders;
    }
    const double delay_ms =
        run % 4 < 2 ? anywhere(rng) * full_run_ms_ : std::uniform_real_distribution<double>(lo, hi)(rng);
    std::this_thread::sleep_for(std::chrono::microseconds(long(delay_ms * 1000)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status);
    with_temps += CountTemps(folders.back()) > 0;
    if (!WIFSIGNALED(status)) hi = std::max(lo, std::min(hi, delay_ms));
    else if (WroteNothing(folders.back())) lo = std::min(hi, std::max(lo, delay_ms));
  }
  return folders;
}

void KillTest::CheckSurvival(int runs, const std::string& other_target) {
  ASSERT_EQ(expected_.size(), names_.size());
  int killed = 0, with_temps = 0;
  const std::vector<fs::path> folders = KillRuns(runs, other_target, killed, with_temps);
  std::vector<int> ratings;
  const int damaged = CountDamaged(folders, ratings);
  int partly_rated = 0;
  for (std::size_t f = 0; f < folders.size(); ++f) {
    const auto first = ratings.begin() + long(f * names_.size()), last = first + long(names_.size());
    const long rated = std::count_if(first, last, [](int r) { return r != -99; });
    partly_rated += rated > 0 && rated < long(names_.size());
  }

  // A clean run where a killed one left temp files tidies them and rates everything.
  for (const auto& folder : folders) {
    if (CountTemps(folder) == 0) continue;
    const CommandResult r = RunCommand(Versus() + " rate " + Quote(folder) + " --json --judge features");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_GE(ParseJson(r)["summary"]["stale_temps_removed"].get<int>(), 1);
    EXPECT_EQ(CountTemps(folder), 0u);
    EXPECT_FALSE(fs::exists(folder / ".versus.lock"));
    break;  // one is enough to show it; each costs a full run
  }

  std::printf("kill test (auto/%s): %d runs, %d killed mid-run, %d left partly rated, %d left temp files, "
              "%d damaged files (full run %.0f ms)\n",
              other_target.c_str(), runs, killed, partly_rated, with_temps, damaged, full_run_ms_);
  RecordProperty("runs", runs);
  RecordProperty("damaged", damaged);
  EXPECT_EQ(damaged, 0);
  EXPECT_GT(killed, runs / 2) << "most kills must land while versus runs";
  EXPECT_GT(partly_rated + with_temps, 0) << "no kill landed during the writes; widen the delays";
}

TEST_F(KillTest, EveryFileSurvivesSigkillAtRandomMoments) { CheckSurvival(kRuns, "sidecar"); }

// The same on real Lightroom-exported Canon frames, every run embedding (auto and
// embedded both splice their XMP): no kill may leave one with a byte outside XMP changed.
class CanonKillTest : public KillTest {
 protected:
  bool MakePristine() override {
    for (const fs::path& frame : CopyCanonFrames(pristine_.path(), 5)) names_.push_back(frame.filename().string());
    return !names_.empty();
  }
};

TEST_F(CanonKillTest, RealCanonFramesSurviveSigkillDuringEmbeddedWrites) { CheckSurvival(kCanonRuns, "embedded"); }

}  // namespace
}  // namespace versus::testing
