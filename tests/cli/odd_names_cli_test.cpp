// File names are bytes: a name that is not UTF-8 (`bad\xffutf8.png`, legal on Linux)
// is ranked, rated, culled and sorted like any other, every --json report stays valid
// JSON (the name in PathText's lossless \xHH form), and undo puts it back byte for byte.
#include <gtest/gtest.h>

#include "path_text.hpp"
#include "shoot_fixture.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

const std::string kOddName = "bad\xffutf8.png";

// Three PNGs, one of them with a name that is not UTF-8.
fs::path MakeOddFolder(const TempDir& dir) {
  const fs::path folder = dir / "odd";
  fs::create_directories(folder);
  cv::imwrite((folder / kOddName).string(), SyntheticScene(160, 120, 1));
  cv::imwrite((folder / "b.png").string(), SyntheticScene(160, 120, 2));
  cv::imwrite((folder / "c.png").string(), SyntheticScene(160, 120, 3));
  return folder;
}

std::string Cmd(const std::string& args) { return Versus() + " " + args + " --judge features --jobs 2"; }

TEST(PathText, ValidUtf8StaysAndBadBytesRoundTrip) {
  EXPECT_EQ(cli::PathText(std::string("/photos/été/a b.jpg")), "/photos/été/a b.jpg");
  EXPECT_EQ(cli::PathText(std::string("bad\xffutf8.png")), "bad\\xffutf8.png");
  EXPECT_EQ(cli::PathText(std::string("\xc3")), "\\xc3") << "a truncated sequence";
  EXPECT_EQ(cli::PathText(std::string("\xed\xa0\x80")), "\\xed\\xa0\\x80") << "a surrogate is not UTF-8";
  EXPECT_EQ(cli::PathText(std::string("lit\\x41.jpg")), "lit\\x5cx41.jpg") << "the text \\x41 is not an escape";
  for (const std::string& bytes : {std::string("bad\xffutf8.png"), std::string("lit\\x41\\"), std::string("\\x4\xfe"),
                                  std::string("\\\\xff\x80\xc0\xaf"), std::string("plain"), std::string("\\xz\\")}) {
    EXPECT_EQ(cli::PathBytes(cli::PathText(bytes)), bytes) << cli::PathText(bytes);
  }
}

TEST(OddNames, RankJsonIsValidAndRanksTheFile) {
  TempDir dir;
  const fs::path folder = MakeOddFolder(dir);
  const CommandResult r = RunCommand(Cmd("rank --json " + Quote(folder)));
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["images"].size(), 3u) << r.out;
  std::set<std::string> paths;
  for (const auto& image : doc["images"]) paths.insert(cli::PathBytes(image["path"].get<std::string>()));
  EXPECT_TRUE(paths.contains((folder / kOddName).string())) << r.out;
}

TEST(OddNames, RateJsonWritesReportsAndUnlocks) {
  TempDir dir;
  const fs::path folder = MakeOddFolder(dir);
  const CommandResult r = RunCommand(Cmd("rate --json " + Quote(folder)));
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["files"].size(), 3u) << r.out;
  EXPECT_EQ(doc["summary"]["written"], 3u) << r.out;
  EXPECT_FALSE(fs::exists(folder / ".versus.lock"));
}

TEST(OddNames, CullJsonIsValid) {
  TempDir dir;
  const fs::path folder = MakeOddFolder(dir);
  const CommandResult r = RunCommand(Cmd("cull --json " + Quote(folder)));
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  std::size_t members = 0;
  for (const auto& group : doc["groups"]) members += group["members"].size();
  EXPECT_EQ(members, 3u) << r.out;
}

TEST(OddNames, SortMoveJsonThenUndoRestoresTheExactName) {
  TempDir dir;
  const fs::path folder = MakeOddFolder(dir), into = dir / "sorted";
  const auto before = Snapshot(dir.path());
  const CommandResult r = RunCommand(Cmd("sort --move --json --by rank " + Quote(folder) + " --into " + Quote(into)));
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["transfers"].size(), 3u) << r.out;
  EXPECT_FALSE(fs::exists(folder / kOddName));
  const std::string journal = cli::PathBytes(doc["journal"].get<std::string>());
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(dir.path()), before) << "the odd name is back, byte for byte";
}

}  // namespace
}  // namespace versus::testing
