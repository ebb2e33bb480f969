// Moving files when things go wrong: across filesystems (copy + fsync + rename, then
// delete), leftovers of an interrupted run, and undoing a journal whose run was cut off.
#include <gtest/gtest.h>

#include <sys/file.h>

#include <cstdlib>

#include "shoot_fixture.hpp"

namespace versus::testing {
namespace {

// A private folder on /dev/shm (tmpfs), removed with the object; empty path if /dev/shm
// is missing or on the same filesystem as the temp dir (then the test is skipped).
class OtherFilesystemDir {
 public:
  OtherFilesystemDir() {
    struct stat shm {}, tmp {};
    if (::stat("/dev/shm", &shm) != 0 || ::stat(fs::temp_directory_path().c_str(), &tmp) != 0) return;
    if (shm.st_dev == tmp.st_dev) return;
    std::string pattern = "/dev/shm/versus-test-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~OtherFilesystemDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(TransferFaults, MoveAcrossFilesystemsKeepsBytesAndTimesAndUndoes) {
  OtherFilesystemDir shm;
  if (shm.path().empty()) GTEST_SKIP() << "no /dev/shm on another filesystem";
  TempDir dir;
  const fs::path shoot = MakeShoot(shm.path()), into = dir / "sorted";
  const auto before = Snapshot(shoot);
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) + " --move --by rank");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Snapshot(shoot).empty());
  const auto moved = Snapshot(into);
  std::size_t photos = 0;
  for (const auto& [name, state] : moved) {
    EXPECT_EQ(name.find("versus-partial"), std::string::npos) << "partial copy left: " << name;
    if (name.starts_with(".versus-journal")) continue;
    EXPECT_EQ(state.mtime_ns, 1'500'000'000'123'456'789) << name;
    photos += name.ends_with(".jpg");
  }
  EXPECT_EQ(photos, 6u);
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(JournalOf(r)));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(shoot), before);
  EXPECT_FALSE(fs::exists(into));
}

TEST(TransferFaults, PartialCopiesOfAnInterruptedRunAreTidied) {
  TempDir dir;
  const fs::path shoot = dir / "shoot", into = dir / "ranked";
  fs::create_directories(shoot);
  fs::create_directories(into);
  cv::imwrite((shoot / "a.jpg").string(), SyntheticScene(320, 240, 5));
  WriteBytes(into / ".0001-a.jpg.versus-partial", "half a copy");
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) + " --by rank");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(fs::exists(into / ".0001-a.jpg.versus-partial"));
  EXPECT_EQ(ReadBytes(into / "0001-a.jpg"), ReadBytes(shoot / "a.jpg"));
}

// A run killed after journalling a move but before making it: undo restores what did
// move and skips the rest; a torn last line (killed mid-write) is ignored.
TEST(TransferFaults, UndoOfAnInterruptedRunSkipsWhatNeverHappened) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  const auto before = Snapshot(dir.path());
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) + " --move --by rank");
  ASSERT_EQ(r.status, 0) << r.err;
  const fs::path journal = JournalOf(r);
  // Pretend the last photo never moved: put it back by hand, journal line left as is.
  const std::string text = ReadBytes(journal);
  const auto last = nlohmann::json::parse(text.substr(text.rfind('\n', text.size() - 2) + 1));
  ASSERT_EQ(last["op"], "move");
  fs::rename(last["to"].get<std::string>(), last["from"].get<std::string>());
  WriteBytes(journal, text + R"({"op":"move","from":"/nowhere/x.jpg","to)");
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(dir.path()), before);
}

TEST(TransferFaults, UndoDryRunAndMissingJournal) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) + " --move");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto after = Snapshot(dir.path());
  const CommandResult dry = RunCommand(Versus() + " undo --dry-run " + Quote(JournalOf(r)));
  EXPECT_EQ(dry.status, 0) << dry.err;
  EXPECT_NE(dry.out.find("move back"), std::string::npos);
  EXPECT_EQ(Snapshot(dir.path()), after);
  const CommandResult missing = RunCommand(Versus() + " undo " + Quote(dir / "no-such-journal.jsonl"));
  EXPECT_EQ(missing.status, 3);
  EXPECT_NE(missing.err.find("no-such-journal.jsonl"), std::string::npos) << missing.err;
}

// Two versus moving into one folder: the second stops with a clear message, exit 3,
// and changes nothing.
TEST(TransferFaults, SecondProcessOnAFolderIsRefused) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  fs::create_directories(into);
  const int held = ::open((into / ".versus.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);
  const auto before = Snapshot(dir.path());
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) + " --move");
  ::close(held);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("in use by"), std::string::npos) << r.err;
  EXPECT_EQ(Snapshot(dir.path()), before);
}

}  // namespace
}  // namespace versus::testing
