// Two versus commands on one folder: the second is refused at once with "in use" and
// changes nothing, whichever folder they share -- the photos' folder (a source) as well
// as a target. A `rate` that pauses inside each write holds its lock long enough.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "shoot_fixture.hpp"

extern char** environ;

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

// `versus rate FOLDER` in the background, each write held 0.8 s before its rename.
class SlowRate {
 public:
  explicit SlowRate(const fs::path& folder) {
    ::setenv("VERSUS_TEST_WRITE_PAUSE_MS", "800", 1);
    const std::string binary = Versus(), command = "rate", judge = "--judge", features = "features";
    std::vector<char*> argv = {const_cast<char*>(binary.c_str()), const_cast<char*>(command.c_str()),
                               const_cast<char*>(folder.c_str()), const_cast<char*>(judge.c_str()),
                               const_cast<char*>(features.c_str()), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::unsetenv("VERSUS_TEST_WRITE_PAUSE_MS");
    // Its lock appears before it ranks; wait for the first write's temp file to be sure
    // it is past the ranking and holds the folder.
    for (int i = 0; i < 600 && !HasTemp(folder); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~SlowRate() {
    if (pid_ > 0) ::waitpid(pid_, &status_, 0);
  }
  int Wait() {
    if (pid_ > 0) ::waitpid(pid_, &status_, 0);
    pid_ = -1;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }

 private:
  static bool HasTemp(const fs::path& folder) {
    for (const auto& e : fs::directory_iterator(folder)) {
      if (e.path().filename().string().rfind(".versus-tmp-", 0) == 0) return true;
    }
    return false;
  }
  pid_t pid_ = -1;
  int status_ = 0;
};

// Four photos without sidecars (rate rewrites them in 4 paused writes).
fs::path MakePhotos(const TempDir& dir) {
  const fs::path shoot = dir / "shoot";
  fs::create_directories(shoot);
  for (int i = 0; i < 4; ++i) {
    cv::imwrite((shoot / ("img" + std::to_string(i) + ".jpg")).string(), SyntheticScene(320, 240, 40 + i));
  }
  return shoot;
}

std::size_t CountPhotos(const fs::path& root) {
  std::size_t photos = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) photos += e.path().extension() == ".jpg";
  return photos;
}

TEST(FolderLocks, SortMoveIsRefusedWhileRateHoldsTheSourceFolder) {
  TempDir dir;
  const fs::path shoot = MakePhotos(dir), into = dir / "sorted";
  SlowRate rate(shoot);
  ASSERT_TRUE(fs::exists(shoot / ".versus.lock")) << "rate holds the folder";
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) +
                                     " --move --judge features");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("in use by versus process"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(fs::canonical(shoot).string()), std::string::npos) << "names the folder: " << r.err;
  EXPECT_FALSE(fs::exists(into)) << "nothing moved";
  EXPECT_EQ(rate.Wait(), 0);
  EXPECT_EQ(CountPhotos(dir.path()), 4u) << "no photo duplicated or lost";
}

TEST(FolderLocks, CullMoveIsRefusedWhileRateHoldsTheSourceFolder) {
  TempDir dir;
  const fs::path shoot = MakePhotos(dir), culled = dir / "culled";
  SlowRate rate(shoot);
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(shoot) + " --action move " + Quote(culled) +
                                     " --judge features");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("in use by versus process"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(culled));
  EXPECT_EQ(rate.Wait(), 0);
  EXPECT_EQ(CountPhotos(dir.path()), 4u);
}

TEST(FolderLocks, DryRunsAndReadOnlyCommandsTakeNoLock) {
  TempDir dir;
  const fs::path shoot = MakePhotos(dir);
  SlowRate rate(shoot);
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(dir / "s") +
                                     " --move --dry-run --judge features");
  EXPECT_EQ(r.status, 0) << r.err;
  const CommandResult rank = RunCommand(Versus() + " rank " + Quote(shoot) + " --judge features");
  EXPECT_EQ(rank.status, 0) << rank.err;
  EXPECT_EQ(rate.Wait(), 0);
}

}  // namespace
}  // namespace versus::testing
