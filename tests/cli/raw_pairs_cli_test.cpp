// Camera raws and raw+JPEG pairs through the commands: `rank` judges raws from their
// embedded previews and reports metadata-only stubs as errors; a pair (IMG_0001.JPG +
// IMG_0001.ARW) is ranked once, gets one rating in both files (the raw by sidecar,
// never rewritten), and travels with `sort` and `cull --action move` and back with `undo`.
#include <gtest/gtest.h>

#include "shoot_fixture.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

fs::path SharedRaw(const std::string& name) { return SharedData() / "raw" / name; }

#define REQUIRE_SHARED_RAWS()                                                          \
  if (!fs::exists(SharedRaw("sony_slt-a55v_head.arw")) || !fs::exists(SharedRaw("pentax_k3ii_head.pef"))) \
  GTEST_SKIP() << SharedData() / "raw" << " is absent"

// One scene three times (blurred, sharp, noisy) as camera JPEGs; the blurred one has its
// raw beside it (a real ARW head, standing in for the same exposure), and a Pentax raw
// of another scene comes alone. Old mtimes, so an undo that lost them would show.
fs::path MakeRawShoot(const fs::path& parent) {
  const fs::path shoot = parent / "shoot";
  fs::create_directories(shoot);
  const cv::Mat scene = SyntheticScene(480, 360, 11);
  cv::imwrite((shoot / "IMG_0001.JPG").string(), engine::Distort(scene, engine::Distortion::kBlur, 3));
  cv::imwrite((shoot / "IMG_0002.JPG").string(), scene);
  cv::imwrite((shoot / "IMG_0003.JPG").string(), engine::Distort(scene, engine::Distortion::kNoise, 1));
  fs::copy_file(SharedRaw("sony_slt-a55v_head.arw"), shoot / "IMG_0001.ARW");
  fs::copy_file(SharedRaw("pentax_k3ii_head.pef"), shoot / "IMGP0004.PEF");
  for (const auto& e : fs::directory_iterator(shoot)) {
    fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    const timespec t[2] = {{1'500'000'000, 123'456'789}, {1'500'000'000, 123'456'789}};
    ::utimensat(AT_FDCWD, e.path().c_str(), t, 0);
  }
  return shoot;
}

// versus with the feature judge (fast, no LibTorch) on two threads.
CommandResult RunVersus(const std::string& args) {
  return RunCommand(Versus() + " " + args + " --judge features --jobs 2");
}

void ExpectUndoRestores(const std::string& journal, const fs::path& root, const std::map<std::string, FileState>& before) {
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(Snapshot(root), before) << "same paths, bytes and mtimes";
}

const nlohmann::json* FindByName(const nlohmann::json& list, const std::string& name) {
  for (const auto& entry : list) {
    if (fs::path(entry["path"].get<std::string>()).filename() == name) return &entry;
  }
  return nullptr;
}

TEST(RawCli, RankJudgesSharedRawsFromPreviewsAndReportsStubs) {
  if (!fs::exists(SharedData() / "raw" / "README.md")) GTEST_SKIP() << SharedData() / "raw" << " is absent";
  TempDir dir;
  for (const auto& e : fs::directory_iterator(SharedData() / "raw")) {
    if (engine::IsRawFile(e.path())) fs::copy_file(e.path(), dir / e.path().filename());
  }
  const CommandResult r = RunVersus("rank " + Quote(dir.path()) + " --json");
  EXPECT_EQ(r.status, 2) << "ranked, but some inputs failed: " << r.err;
  const nlohmann::json doc = ParseJson(r);
  std::map<std::string, std::string> judged;
  for (const auto& image : doc["images"]) {
    judged[fs::path(image["path"].get<std::string>()).filename()] = image["decoded_from"];
  }
  const std::map<std::string, std::string> expected = {
      {"canon_eos_d30.crw", "preview 1440x960"},     {"canon_550d_magiclantern.dng", "raw data 1734x1156"},
      {"nikon_d7100_head.nef", "preview 6000x4000"}, {"sony_slt-a55v_head.arw", "preview 1616x1080"},
      {"canon_1ds_mk3_head.cr2", "preview 2784x1856"}, {"canon_eos_r6_pruned.cr3", "preview 1620x1080"},
      {"pentax_k3ii_head.pef", "preview 720x480"}};
  EXPECT_EQ(judged, expected);
  std::set<std::string> refused;
  for (const auto& e : doc["errors"]) {
    refused.insert(fs::path(e["path"].get<std::string>()).filename());
    EXPECT_NE(e["reason"].get<std::string>().find("camera raw with nothing to judge"), std::string::npos) << e;
  }
  EXPECT_EQ(refused, (std::set<std::string>{"fujifilm_s5pro_stub.raf", "panasonic_lx3_stub.rw2", "canon_350d_stub.cr2",
                                            "canon_350d_stub_converted.dng", "apple_iphone12pro_stub.dng"}));
}

// A fresh MakeRawShoot per test, and its snapshot before the command.
class RawShoot : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SHARED_RAWS();
    shoot = MakeRawShoot(dir.path());
    before = Snapshot(dir.path());
  }
  TempDir dir;
  fs::path shoot;
  std::map<std::string, FileState> before;
};

TEST_F(RawShoot, RankJudgesAPairOnceAndNamesItsRaw) {
  const CommandResult r = RunVersus("rank " + Quote(shoot) + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["images"].size(), 4u) << "the pair is one photo";
  EXPECT_EQ(FindByName(doc["images"], "IMG_0001.ARW"), nullptr);
  const nlohmann::json* pair = FindByName(doc["images"], "IMG_0001.JPG");
  ASSERT_NE(pair, nullptr);
  EXPECT_EQ((*pair)["companions"], nlohmann::json::array({(shoot / "IMG_0001.ARW").string()}));
  EXPECT_EQ((*pair)["decoded_from"], "file") << "the JPEG is judged, not the raw";
  const nlohmann::json* lone_raw = FindByName(doc["images"], "IMGP0004.PEF");
  ASSERT_NE(lone_raw, nullptr);
  EXPECT_EQ((*lone_raw)["decoded_from"], "preview 720x480");
  EXPECT_TRUE((*lone_raw)["companions"].empty());

  const CommandResult table = RunVersus("rank " + Quote(shoot));
  EXPECT_NE(table.out.find("IMG_0001.JPG  (+ IMG_0001.ARW)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("IMGP0004.PEF  (judged: preview 720x480)"), std::string::npos) << table.out;
}

TEST_F(RawShoot, APairWhoseJpegIsBrokenIsJudgedFromItsRaw) {
  const std::string jpeg = ReadBytes(shoot / "IMG_0001.JPG");
  WriteBytes(shoot / "IMG_0001.JPG", jpeg.substr(0, 200));  // cut off by a full card
  const CommandResult r = RunVersus("rank " + Quote(shoot) + " --json");
  EXPECT_EQ(r.status, 2) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["errors"].size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc["errors"][0]["path"], (shoot / "IMG_0001.JPG").string());
  const nlohmann::json* raw = FindByName(doc["images"], "IMG_0001.ARW");
  ASSERT_NE(raw, nullptr) << doc.dump(2);
  EXPECT_EQ((*raw)["decoded_from"], "preview 1616x1080");
}

int SidecarRating(const fs::path& xmp) {
  const CommandResult r = RunCommand("exiftool -s3 -XMP-xmp:Rating " + Quote(xmp));
  return r.out.empty() ? -99 : std::stoi(r.out);
}

// Rated through its raw, the broken JPEG was reported "(not ranked, not rated)" while
// its sidecar got the pair's stars.
TEST_F(RawShoot, RateSaysABrokenJpegIsRatedWithItsRaw) {
  WriteBytes(shoot / "IMG_0001.JPG", ReadBytes(shoot / "IMG_0001.JPG").substr(0, 200));
  const CommandResult r = RunVersus("rate " + Quote(shoot));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("IMG_0001.JPG: file is truncated or corrupt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(not ranked; rated with its raw+JPEG pair)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not rated"), std::string::npos) << r.err;
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.JPG.xmp"), SidecarRating(shoot / "IMG_0001.ARW.xmp"));
}

TEST_F(RawShoot, RateGivesBothFilesOfAPairTheSameStarsAndNeverRewritesRaws) {
  const std::string arw = ReadBytes(shoot / "IMG_0001.ARW"), pef = ReadBytes(shoot / "IMGP0004.PEF");
  const CommandResult r = RunVersus("rate " + Quote(shoot) + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["summary"]["written"], 5) << "four photos, one of them in two files";
  const nlohmann::json* jpeg = FindByName(doc["files"], "IMG_0001.JPG");
  const nlohmann::json* raw = FindByName(doc["files"], "IMG_0001.ARW");
  ASSERT_TRUE(jpeg != nullptr && raw != nullptr) << doc.dump(2);
  EXPECT_EQ((*raw)["stars"], (*jpeg)["stars"]);
  EXPECT_EQ((*raw)["companion_of"], (shoot / "IMG_0001.JPG").string());
  EXPECT_EQ((*raw)["target"], (shoot / "IMG_0001.ARW.xmp").string());
  EXPECT_EQ((*jpeg)["target"], (shoot / "IMG_0001.JPG").string()) << "a JPEG is rated as usual";
  // Read back by an independent reader: both files of the pair show the same stars.
  const int stars = (*jpeg)["stars"];
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.ARW.xmp"), stars);
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.JPG"), stars);
  EXPECT_EQ(SidecarRating(shoot / "IMGP0004.PEF.xmp"), (*FindByName(doc["files"], "IMGP0004.PEF"))["stars"]);
  EXPECT_EQ(ReadBytes(shoot / "IMG_0001.ARW"), arw) << "raws are never rewritten";
  EXPECT_EQ(ReadBytes(shoot / "IMGP0004.PEF"), pef);
}

// --target embedded once rewrote the Pentax raw (its preview decodes, so the pixel
// check passed): raws are rated by sidecar only, whatever the target.
TEST_F(RawShoot, TargetEmbeddedStillRatesRawsBySidecar) {
  const std::string arw = ReadBytes(shoot / "IMG_0001.ARW"), pef = ReadBytes(shoot / "IMGP0004.PEF");
  const CommandResult r = RunVersus("rate " + Quote(shoot) + " --target embedded --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ((*FindByName(doc["files"], "IMGP0004.PEF"))["target"], (shoot / "IMGP0004.PEF.xmp").string());
  EXPECT_EQ((*FindByName(doc["files"], "IMG_0001.ARW"))["target"], (shoot / "IMG_0001.ARW.xmp").string());
  EXPECT_EQ(ReadBytes(shoot / "IMG_0001.ARW"), arw) << "raws are never rewritten";
  EXPECT_EQ(ReadBytes(shoot / "IMGP0004.PEF"), pef);
}

// A darktable-style sidecar with the user's rating (no versus fields), by exiftool.
void RateRawAsUser(const fs::path& sidecar, int stars) {
  const fs::path any_jpeg = sidecar.parent_path() / "IMG_0002.JPG";
  ASSERT_EQ(RunCommand("exiftool -q -o " + Quote(sidecar) + " -XMP-xmp:Rating=" + std::to_string(stars) + " " +
                       Quote(any_jpeg)).status, 0);
}

// The user rated the raw 1 (as in darktable): the JPEG of the pair once got versus's
// stars anyway, and sort --by stars then filed the photo by them.
TEST_F(RawShoot, AUserRatingOnTheRawKeepsThePairsJpegUnrated) {
  RateRawAsUser(shoot / "IMG_0001.ARW.xmp", 1);
  const std::string jpeg = ReadBytes(shoot / "IMG_0001.JPG");
  const CommandResult r = RunVersus("rate " + Quote(shoot) + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ((*FindByName(doc["files"], "IMG_0001.JPG"))["action"], "skipped") << doc.dump(2);
  EXPECT_EQ(ReadBytes(shoot / "IMG_0001.JPG"), jpeg) << "no versus stars beside the user's";
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.ARW.xmp"), 1);
  EXPECT_EQ(doc["summary"]["user_ratings_kept"], 2);
  const CommandResult sorted = RunVersus("sort " + Quote(shoot) + " --into " + Quote(shoot.parent_path() / "s"));
  ASSERT_EQ(sorted.status, 0) << sorted.err;
  EXPECT_TRUE(fs::exists(shoot.parent_path() / "s" / "1-star" / "IMG_0001.JPG")) << sorted.out;
}

TEST_F(RawShoot, SortMovesAPairTogetherAndUndoPutsItBack) {
  const fs::path into = dir / "sorted";
  const CommandResult r = RunVersus("sort " + Quote(shoot) + " --into " + Quote(into) + " --by rank --move --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["transfers"].size(), 5u);
  EXPECT_TRUE(Snapshot(shoot).empty()) << "every file moved, the raw of the pair too";
  std::string jpeg_name;
  for (const auto& t : doc["transfers"]) {
    if (fs::path(t["from"].get<std::string>()).filename() == "IMG_0001.JPG") jpeg_name = fs::path(t["to"].get<std::string>()).stem();
  }
  ASSERT_FALSE(jpeg_name.empty()) << doc.dump(2);
  EXPECT_TRUE(fs::exists(into / (jpeg_name + ".ARW"))) << "the raw follows the JPEG's new name " << jpeg_name;
  ExpectUndoRestores(doc["journal"], dir.path(), before);
}

TEST_F(RawShoot, CullMovesTheRawWithItsRejectedJpegAndUndoPutsItBack) {
  const fs::path culled = dir / "culled";
  const CommandResult r = RunVersus("cull " + Quote(shoot) + " --action move " + Quote(culled) + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(shoot / "IMG_0002.JPG")) << "the sharp frame is kept";
  EXPECT_TRUE(fs::exists(culled / "IMG_0001.JPG")) << r.out << r.err;
  EXPECT_TRUE(fs::exists(culled / "IMG_0001.ARW")) << "the raw goes with its JPEG";
  EXPECT_FALSE(fs::exists(shoot / "IMG_0001.ARW"));
  ExpectUndoRestores(JournalOf(r), dir.path(), before);
}

TEST_F(RawShoot, CullRejectMarksBothFilesOfAPair) {
  const CommandResult r = RunVersus("cull " + Quote(shoot) + " --action reject");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.JPG"), -1) << r.out;
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.ARW.xmp"), -1) << r.out;
}

// The user rated the raw 4: cull once rejected the pair's JPEG (-1) beside it, and
// sort then filed the photo as rejected.
TEST_F(RawShoot, CullRejectLeavesAPairTheUserRated) {
  RateRawAsUser(shoot / "IMG_0001.ARW.xmp", 4);
  const std::string jpeg = ReadBytes(shoot / "IMG_0001.JPG");
  const CommandResult r = RunVersus("cull " + Quote(shoot) + " --action reject");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ReadBytes(shoot / "IMG_0001.JPG"), jpeg) << r.out;
  EXPECT_EQ(SidecarRating(shoot / "IMG_0001.ARW.xmp"), 4) << r.out;
  EXPECT_EQ(SidecarRating(shoot / "IMG_0003.JPG"), -1) << "the others are still rejected\n" << r.out;
}

TEST_F(RawShoot, CompareJudgesARawAgainstItsOwnJpegAndSaysWhatWasJudged) {
  const CommandResult r = RunCommand(Versus() + " compare " + Quote(shoot / "IMG_0001.JPG") + " " +
                                     Quote(shoot / "IMG_0001.ARW") + " --judge features --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["decoded_from"][(shoot / "IMG_0001.ARW").string()], "preview 1616x1080");
  EXPECT_EQ(doc["decoded_from"][(shoot / "IMG_0001.JPG").string()], "file");
}

}  // namespace
}  // namespace versus::testing
