// `versus sort`, `versus cull --action move` and `versus undo`: files land in star
// folders with their sidecars, nothing is overwritten, dry runs change nothing, and undo
// restores every path, byte and mtime -- or refuses and changes nothing. Star folders
// by quantile (--stars relative), so the shoot's sharp original is known to get 5 stars.
#include <gtest/gtest.h>

#include "shoot_fixture.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

TEST(SortCli, MoveIntoStarFoldersThenUndoRestoresEverything) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  const auto before = Snapshot(dir.path());
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --stars relative --into " + Quote(into) + " --move --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Snapshot(shoot).empty()) << "every photo and sidecar moved";
  EXPECT_TRUE(fs::exists(into / "5-stars")) << r.err;
  EXPECT_TRUE(fs::exists(into / "1-star"));
  // The sharp original is the best: 5 stars, both sidecars beside it.
  EXPECT_TRUE(fs::exists(into / "5-stars" / "img0.jpg"));
  EXPECT_TRUE(fs::exists(into / "5-stars" / "img0.jpg.xmp"));
  EXPECT_EQ(ReadBytes(into / "5-stars" / "img0.xmp"), "<x:xmpmeta>lightroom</x:xmpmeta>");
  EXPECT_EQ(MtimeNs(into / "5-stars" / "img0.jpg"), 1'500'000'000'123'456'789);

  const std::string journal = JournalOf(r);
  ASSERT_FALSE(journal.empty()) << r.err;
  EXPECT_EQ(fs::path(journal).parent_path(), into);
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(dir.path()), before) << "same paths, bytes and mtimes; journal and folders gone";
  EXPECT_FALSE(fs::exists(into)) << "the folders the run made are gone";
}

TEST(SortCli, CopyByRankThenUndoDeletesOnlyTheCopies) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "ranked";
  const auto before = Snapshot(dir.path()), originals = Snapshot(shoot);
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --into " + Quote(into) + " --by rank --json --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["transfers"].size(), 13u);  // 6 photos, 7 sidecars
  EXPECT_EQ(Snapshot(shoot), originals) << "a copy leaves the originals alone";
  EXPECT_TRUE(fs::exists(into / "0001-img0.jpg"));
  EXPECT_TRUE(fs::exists(into / "0001-img0.jpg.xmp"));
  EXPECT_TRUE(fs::exists(into / "0001-img0.xmp"));
  EXPECT_EQ(ReadBytes(into / "0001-img0.jpg"), ReadBytes(shoot / "img0.jpg"));
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(doc["journal"].get<std::string>()));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(dir.path()), before);
  EXPECT_FALSE(fs::exists(into));
}

TEST(SortCli, DryRunChangesNothing) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  const auto before = Snapshot(dir.path());
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --stars relative --into " + Quote(into) + " --move --dry-run --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("move "), std::string::npos) << "the plan is printed: " << r.out;
  EXPECT_EQ(Snapshot(dir.path()), before);
  EXPECT_FALSE(fs::exists(into));
}

TEST(SortCli, NameClashGetsASuffixAndOverwritesNothing) {
  TempDir dir;
  const fs::path shoot = dir / "shoot", into = dir / "sorted";
  fs::create_directories(shoot);
  fs::create_directories(into / "3-stars");
  cv::imwrite((shoot / "a.jpg").string(), SyntheticScene(320, 240, 3));  // one photo: 3 stars
  WriteBytes(shoot / "a.jpg.xmp", "darktable");
  WriteBytes(shoot / "a.xmp", "lightroom");
  WriteBytes(into / "3-stars" / "a.jpg", "somebody else's photo");
  WriteBytes(into / "3-stars" / "a-2.xmp", "somebody else's sidecar");
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --stars relative --into " + Quote(into) + " --move");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ReadBytes(into / "3-stars" / "a.jpg"), "somebody else's photo");
  EXPECT_EQ(ReadBytes(into / "3-stars" / "a-2.xmp"), "somebody else's sidecar");
  // -2 is taken by a sidecar, so the photo and both sidecars become -3 together.
  EXPECT_TRUE(fs::exists(into / "3-stars" / "a-3.jpg")) << r.err;
  EXPECT_EQ(ReadBytes(into / "3-stars" / "a-3.jpg.xmp"), "darktable");
  EXPECT_EQ(ReadBytes(into / "3-stars" / "a-3.xmp"), "lightroom");
}

TEST(SortCli, RerunOnASortedFolderMovesNothing) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  ASSERT_EQ(RunCommand(Versus() + " sort " + Quote(shoot) + " --stars relative --into " + Quote(into) + " --move").status, 0);
  const auto sorted = Snapshot(into);
  const CommandResult again = RunCommand(Versus() + " sort " + Quote(into) + " -r --stars relative --into " + Quote(into) + " --move");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("0 file(s) moved"), std::string::npos) << again.err;
  EXPECT_EQ(Snapshot(into), sorted) << "no -2 copies of files already in place";
}

TEST(UndoCli, RefusesWhenAFileChangedOrThePathIsTaken) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), into = dir / "sorted";
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --stars relative --into " + Quote(into) + " --move --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string journal = JournalOf(r);
  WriteBytes(into / "5-stars" / "img0.jpg.xmp", "edited after the move");
  WriteBytes(shoot / "img1.jpg", "a new file where img1.jpg was");
  const auto after = Snapshot(dir.path());
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  EXPECT_EQ(u.status, 3);
  EXPECT_NE(u.err.find("changed since it was moved"), std::string::npos) << u.err;
  EXPECT_NE(u.err.find("original path is taken"), std::string::npos) << u.err;
  EXPECT_EQ(Snapshot(dir.path()), after) << "nothing touched";
}

// `versus undo notes.txt` once read "hello" as a torn last line, restored nothing,
// exited 0 and deleted notes.txt, as it deletes a journal it has undone.
TEST(UndoCli, AFileThatIsNoJournalIsRefusedAndKept) {
  TempDir dir;
  for (const char* text : {"hello\n", "hello", ""}) {
    WriteBytes(dir / "notes.txt", text);
    const CommandResult u = RunCommand(Versus() + " undo " + Quote(dir / "notes.txt"));
    EXPECT_EQ(u.status, 3) << "'" << text << "': " << u.err;
    EXPECT_NE(u.err.find("notes.txt"), std::string::npos) << u.err;
    EXPECT_EQ(ReadBytes(dir / "notes.txt"), text) << "not deleted";
  }
}

TEST(CullCli, MoveActionThenUndo) {
  TempDir dir;
  const fs::path shoot = MakeShoot(dir.path()), culled = dir / "culled";
  const auto before = Snapshot(dir.path());
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(shoot) + " --action move " + Quote(culled) + " --json --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["groups"].size(), 1u) << "one scene: one group";
  EXPECT_EQ(fs::path(doc["groups"][0]["keep"][0].get<std::string>()).filename(), "img0.jpg");
  EXPECT_TRUE(fs::exists(shoot / "img0.jpg"));
  EXPECT_TRUE(fs::exists(shoot / "img0.xmp"));
  EXPECT_TRUE(fs::exists(culled / "img1.jpg"));
  EXPECT_TRUE(fs::exists(culled / "img1.jpg.xmp"));
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(JournalOf(r)));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(dir.path()), before);
}

// --by stars files by the rating a photo manager shows when the photo has one (here
// set with exiftool: a reject and a 5 on the blurriest frame), else by versus's stars.
TEST(SortCli, StarsComeFromXmpRatingsWhenPhotosHaveThem) {
  TempDir dir;
  const fs::path shoot = dir / "shoot", into = dir / "sorted";
  fs::create_directories(shoot);
  const cv::Mat scene = SyntheticScene(320, 240, 5);
  cv::imwrite((shoot / "sharp.jpg").string(), scene);
  cv::imwrite((shoot / "rejected.jpg").string(), scene);
  cv::imwrite((shoot / "soft.jpg").string(), engine::Distort(scene, engine::Distortion::kBlur, 4));
  const std::string exiftool = "exiftool -q -overwrite_original ";
  ASSERT_EQ(RunCommand(exiftool + "-XMP-xmp:Rating=-1 " + Quote(shoot / "rejected.jpg")).status, 0);
  ASSERT_EQ(RunCommand(exiftool + "-XMP-xmp:Rating=5 " + Quote(shoot / "soft.jpg")).status, 0);
  const CommandResult r = RunCommand(Versus() + " sort " + Quote(shoot) + " --stars relative --into " + Quote(into) + " --copy");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(into / "rejected" / "rejected.jpg")) << r.out;
  EXPECT_TRUE(fs::exists(into / "5-stars" / "soft.jpg")) << "the photographer's 5 stars win: " << r.out;
  EXPECT_TRUE(fs::exists(shoot / "rejected.jpg")) << "--copy leaves the originals";
}

}  // namespace
}  // namespace versus::testing
