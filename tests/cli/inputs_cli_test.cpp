// What counts as a photo, and where versus looks, seen from the command line: documents
// under photo names are reported and never filed, -r does not leave the named folder,
// a folder of folders needs -r, and one file named twice is one photo.
#include <gtest/gtest.h>

#include "shoot_fixture.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

fs::path MakeFolder(const TempDir& dir, const std::string& name, int photos) {
  const fs::path folder = dir / name;
  fs::create_directories(folder);
  for (int i = 0; i < photos; ++i) {
    cv::imwrite((folder / ("img" + std::to_string(i) + ".jpg")).string(), SyntheticScene(240, 180, 80 + i));
  }
  return folder;
}

bool HasReason(const nlohmann::json& doc, const std::string& text) {
  for (const auto& e : doc["errors"]) {
    if (e["reason"].get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Inputs, DocumentsNamedLikePhotosAreReportedAndNeverMoved) {
  TempDir dir;
  const fs::path shoot = MakeFolder(dir, "shoot", 2), into = dir / "sorted";
  WriteBytes(shoot / "invoice.jpg", "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
  WriteBytes(shoot / "logo.jpg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"/>");
  const CommandResult r = RunCommand(Versus() + " sort --move --json --judge features " + Quote(shoot) + " --into " +
                                     Quote(into));
  EXPECT_EQ(r.status, 2) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["transfers"].size(), 2u) << r.out;
  EXPECT_TRUE(HasReason(doc, "not a raster image")) << r.out;
  EXPECT_TRUE(fs::exists(shoot / "invoice.jpg"));
  EXPECT_TRUE(fs::exists(shoot / "logo.jpg"));
}

TEST(Inputs, RecursiveStaysInsideTheNamedFolder) {
  TempDir dir;
  const fs::path shoot = MakeFolder(dir, "shoot", 2);
  MakeFolder(dir, "other", 2);
  fs::create_directory_symlink("/proc", shoot / "proc");
  fs::create_directory_symlink(dir / "other", shoot / "other");
  const CommandResult r = RunCommand("timeout 120 " + Versus() + " rank -r --json --judge features " + Quote(shoot));
  EXPECT_EQ(r.status, 2) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["images"].size(), 2u) << r.out;
  EXPECT_EQ(doc["errors"].size(), 2u) << r.out;
  EXPECT_TRUE(HasReason(doc, "leads outside")) << r.out;
  fs::remove(shoot / "proc");
  const CommandResult followed =
      RunCommand(Versus() + " rank -r --follow-links --json --judge features " + Quote(shoot));
  EXPECT_EQ(followed.status, 0) << followed.err;
  EXPECT_EQ(ParseJson(followed)["images"].size(), 4u) << followed.out;
}

// A folder of links to chosen frames elsewhere: rank and cull read them; rate would
// write into files outside the folder named, so it lists them instead.
TEST(Inputs, LinksToPhotosOutsideAreReadButNotRated) {
  TempDir dir;
  const fs::path elsewhere = MakeFolder(dir, "elsewhere", 2);
  const fs::path picks = dir / "picks";
  fs::create_directory(picks);
  for (const auto& entry : fs::directory_iterator(elsewhere)) fs::create_symlink(entry.path(), picks / entry.path().filename());
  const CommandResult ranked = RunCommand(Versus() + " rank --json --judge features " + Quote(picks));
  EXPECT_EQ(ranked.status, 0) << ranked.err;
  EXPECT_EQ(ParseJson(ranked)["images"].size(), 2u) << ranked.out;
  const CommandResult culled = RunCommand(Versus() + " cull --json --judge features " + Quote(picks));
  EXPECT_EQ(culled.status, 0) << culled.err;
  const CommandResult rated = RunCommand(Versus() + " rate --json --judge features " + Quote(picks));
  EXPECT_EQ(rated.status, 3) << rated.err;
  EXPECT_NE(rated.err.find("leads outside"), std::string::npos) << rated.err;
}

TEST(Inputs, AFolderOfFoldersNeedsRecursive) {
  TempDir dir;
  const fs::path library = dir / "library";
  MakeFolder(dir, "library/shoot1", 2);
  const CommandResult r = RunCommand(Versus() + " rank --json --judge features " + Quote(library));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("add -r"), std::string::npos) << r.err;
  EXPECT_EQ(RunCommand(Versus() + " rank -r --judge features " + Quote(library)).status, 0);
}

TEST(Inputs, OneFileNamedTwiceIsRatedOnce) {
  TempDir dir;
  const fs::path shoot = MakeFolder(dir, "shoot", 3);
  const CommandResult r = RunCommand("cd " + Quote(shoot) + " && " + Versus() +
                                     " rate --json --dry-run --judge features img0.jpg " + Quote(shoot / "img0.jpg") +
                                     " ./img0.jpg img1.jpg img2.jpg");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ParseJson(r)["files"].size(), 3u) << r.out;
}

}  // namespace
}  // namespace versus::testing
