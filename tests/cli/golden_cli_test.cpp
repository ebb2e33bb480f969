// Golden tests of the CLI contracts: `rank`, `compare`, `cull`, `rate`, `sort`, `fit`
// --json and `undo`, each on small fixed inputs (Kodak photos, real burst frames of a
// Canon EOS-1D X Mark II, a real ARW head as the raw of a raw+JPEG pair, a real study's
// votes, and files made here), compared with tests/cli/golden/<case>.json (golden.hpp
// says how). Every case but one uses the `features` judge (no LibTorch, deterministic);
// RankKodakDefaultJudge runs the default (learned) judge.
#include <gtest/gtest.h>

#include <fstream>

#include "golden.hpp"
#include "shoot_fixture.hpp"
#include "versus/engine/distortions.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;
using golden::Case;
using golden::ExpectMatchesGolden;
using golden::Output;
using golden::Tolerance;

// The features judge: its numbers come from OpenCV measures and our solvers, which are
// deterministic on one machine; across CPUs OpenCV's SIMD kernels (SSE/AVX2/AVX-512) may
// round differently in the last bits, which the fits carry into about the 7th digit.
// 1e-5 relative still catches any change of a formula, constant or field meaning.
constexpr Tolerance kFeatures{1e-5, 1e-9};
// The learned judge: LibTorch's CPU kernels (oneDNN/MKL) pick per-CPU code paths and
// thread splits, so its scores agree to about 1e-5; ranks and stars must still match.
constexpr Tolerance kLearned{1e-3, 1e-6};

#define REQUIRE_SHARED(path) \
  if (!fs::exists(path)) GTEST_SKIP() << (path) << " is absent"

// Copies `from` (a shared, read-only photo) to `to`, writable, with a fixed old mtime.
void CopyInput(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to);
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  const timespec t[2] = {{1'500'000'000, 0}, {1'500'000'000, 0}};
  ::utimensat(AT_FDCWD, to.c_str(), t, 0);
}

std::string Kodak(int n) {
  char name[32];
  std::snprintf(name, sizeof name, "kodim%02d.png", n);
  return name;
}

// Kodak photos 1..count as $TMP/in/kodimNN.png.
fs::path KodakShoot(const TempDir& dir, int count) {
  for (int n = 1; n <= count; ++n) CopyInput(KodakPhoto(n), dir / "in" / Kodak(n));
  return dir / "in";
}

fs::path HorseFrames() { return SharedData() / "bursts" / "horses-dev" / "images"; }

// Two real bursts of one camera (bursts.csv: D0000 frames 0-3, 0.95 s; D0001, 2 frames
// 30 s later), with their Canon Exif times and Lightroom XMP.
fs::path HorseShoot(const TempDir& dir) {
  for (const int frame : {18644, 18645, 18646, 18647, 18678, 18679}) {
    const std::string name = "rejected-" + std::to_string(frame) + ".jpg";
    CopyInput(HorseFrames() / name, dir / "in" / name);
  }
  return dir / "in";
}

void ExpectGolden(const std::string& name, const std::string& args, const TempDir& dir, Tolerance tolerance = kFeatures) {
  ExpectMatchesGolden(Case{name, args, tolerance}, dir.path());
}

TEST(GoldenCli, RankKodakFeatures) {
  REQUIRE_SHARED(KodakPhoto(1));
  TempDir dir;
  KodakShoot(dir, 6);
  WriteBytes(dir / "in" / "empty.jpg", "");
  WriteBytes(dir / "in" / "notes.jpg", "not a photo\n");
  ExpectGolden("rank_kodak_features", "rank $TMP/in --json --judge features --jobs 2", dir);
}

TEST(GoldenCli, RankKodakDefaultJudge) {
  REQUIRE_SHARED(KodakPhoto(1));
  TempDir dir;
  KodakShoot(dir, 4);
  ExpectGolden("rank_kodak_default_judge", "rank $TMP/in --json --jobs 2", dir, kLearned);
}

TEST(GoldenCli, RankHorseBurstsFeatures) {
  REQUIRE_SHARED(HorseFrames());
  TempDir dir;
  HorseShoot(dir);
  ExpectGolden("rank_horses_features", "rank $TMP/in --json --judge features --jobs 2", dir);
}

// A raw+JPEG pair (a synthetic JPEG and a real Sony ARW head under one base name), a
// lone Pentax raw judged from its preview, and a metadata-only stub (an error).
TEST(GoldenCli, RankRawPairFeatures) {
  const fs::path raws = SharedData() / "raw";
  REQUIRE_SHARED(raws / "sony_slt-a55v_head.arw");
  TempDir dir;
  const cv::Mat scene = SyntheticScene(480, 360, 11);
  fs::create_directories(dir / "in");
  cv::imwrite((dir / "in" / "IMG_0001.JPG").string(), scene);
  cv::imwrite((dir / "in" / "IMG_0002.JPG").string(), engine::Distort(scene, engine::Distortion::kBlur, 2));
  CopyInput(raws / "sony_slt-a55v_head.arw", dir / "in" / "IMG_0001.ARW");
  CopyInput(raws / "pentax_k3ii_head.pef", dir / "in" / "IMGP0004.PEF");
  CopyInput(raws / "panasonic_lx3_stub.rw2", dir / "in" / "P1000005.RW2");
  ExpectGolden("rank_raw_pair_features", "rank $TMP/in --json --judge features --jobs 2", dir);
}

TEST(GoldenCli, CompareKodakFeatures) {
  REQUIRE_SHARED(KodakPhoto(1));
  TempDir dir;
  KodakShoot(dir, 3);
  ExpectGolden("compare_kodak_features",
               "compare $TMP/in/kodim01.png $TMP/in/kodim02.png $TMP/in/kodim03.png --json --judge features", dir);
}

// A sharp scene against its blurred copy: the reason names the dimension and the files.
TEST(GoldenCli, CompareBlurPairFeatures) {
  TempDir dir;
  const cv::Mat scene = SyntheticScene(640, 480, 3);
  fs::create_directories(dir / "in");
  cv::imwrite((dir / "in" / "sharp.png").string(), scene);
  cv::imwrite((dir / "in" / "blurred.png").string(), engine::Distort(scene, engine::Distortion::kBlur, 2));
  ExpectGolden("compare_blur_pair_features", "compare $TMP/in/blurred.png $TMP/in/sharp.png --json --judge features",
               dir);
}

TEST(GoldenCli, CullHorseBurstsFeatures) {
  REQUIRE_SHARED(HorseFrames());
  TempDir dir;
  HorseShoot(dir);
  WriteBytes(dir / "in" / "broken.jpg", "\xff\xd8\xff");
  ExpectGolden("cull_horses_features", "cull $TMP/in --json --judge features --jobs 2", dir);
}

TEST(GoldenCli, CullMoveDryRunFeatures) {
  REQUIRE_SHARED(HorseFrames());
  TempDir dir;
  HorseShoot(dir);
  ExpectGolden("cull_move_dry_run_features",
               "cull $TMP/in --json --judge features --jobs 2 --keep 2 --action move $TMP/culled --dry-run", dir);
  EXPECT_FALSE(fs::exists(dir / "culled")) << "a dry run moves nothing";
}

// Five Kodak photos, one with a user's rating in its darktable sidecar (kept).
TEST(GoldenCli, RateKodakFeatures) {
  REQUIRE_SHARED(KodakPhoto(1));
  TempDir dir;
  KodakShoot(dir, 5);
  WriteBytes(dir / "in" / "kodim02.png.xmp",
             "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
             "<rdf:Description xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"4\"/></rdf:RDF></x:xmpmeta>\n");
  ExpectGolden("rate_dry_run_features", "rate $TMP/in --json --judge features --jobs 2 --dry-run", dir);
  ExpectGolden("rate_features", "rate $TMP/in --json --judge features --jobs 2", dir);
  // A second run finds its own ratings: nothing to rewrite.
  ExpectGolden("rate_again_features", "rate $TMP/in --json --judge features --jobs 2", dir);
}

TEST(GoldenCli, SortByStarsDryRunFeatures) {
  REQUIRE_SHARED(KodakPhoto(1));
  TempDir dir;
  KodakShoot(dir, 6);
  ExpectGolden("sort_stars_dry_run_features",
               "sort $TMP/in --into $TMP/sorted --json --judge features --jobs 2 --dry-run", dir);
  EXPECT_FALSE(fs::exists(dir / "sorted")) << "a dry run makes nothing";
}

// `sort --by rank --move` of a shoot with sidecars, then `undo` (and its dry run, and
// a second undo of the journal it removed).
TEST(GoldenCli, SortByRankMoveAndUndoFeatures) {
  TempDir dir;
  MakeShoot(dir.path());
  const auto before = Snapshot(dir.path());
  const nlohmann::json sorted = ExpectMatchesGolden(
      Case{"sort_rank_move_features", "sort $TMP/shoot --into $TMP/sorted --by rank --move --json --judge features --jobs 2",
           kFeatures},
      dir.path());
  ASSERT_EQ(sorted["stdout"].value("journal", ""), "$TMP/sorted/.versus-journal-TIME.jsonl") << sorted.dump(2);
  // The journal's real name has a time stamp: find it on disk.
  fs::path journal_file;
  for (const auto& e : fs::directory_iterator(dir / "sorted")) {
    if (e.path().filename().string().starts_with(".versus-journal-")) journal_file = e.path();
  }
  ASSERT_FALSE(journal_file.empty());
  const std::string undo_args = "undo $TMP/sorted/" + journal_file.filename().string();
  ExpectMatchesGolden(Case{"undo_dry_run", undo_args + " --dry-run", {}, Output::kText}, dir.path());
  ExpectMatchesGolden(Case{"undo", undo_args, {}, Output::kText}, dir.path());
  EXPECT_EQ(Snapshot(dir.path()), before) << "undo restores paths, bytes and mtimes";
  ExpectMatchesGolden(Case{"undo_again", undo_args, {}, Output::kText}, dir.path());
}

// A real study's votes: the first three series of the PhotoTriage pairwise votes as
// a,b,outcome,weight (outcome = share of LEFT votes, weight = voters), and one bad row.
fs::path PhotoTriageVotes(const TempDir& dir) {
  std::ifstream in(SharedData() / "pairs" / "phototriage_pairwise_votes.csv");
  std::string line;
  std::getline(in, line);  // header
  std::ofstream out(dir / "votes.csv");
  out << "a,b,outcome,weight\n";
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (cells.size() < 8 || cells[0] > "000003") break;
    const double left = std::stod(cells[5]), total = std::stod(cells[7]);
    out << cells[3] << "," << cells[4] << "," << left / total << "," << total << "\n";
  }
  out << "1-1.JPG,1-2.JPG,maybe,1\n";
  return dir / "votes.csv";
}

TEST(GoldenCli, FitPhotoTriageVotes) {
  REQUIRE_SHARED(SharedData() / "pairs" / "phototriage_pairwise_votes.csv");
  TempDir dir;
  PhotoTriageVotes(dir);
  WriteBytes(dir / "anchors.csv", "id,score\n1-1.JPG,0\n2-1.JPG,1\n");
  ExpectGolden("fit_bradley_terry", "fit $TMP/votes.csv --json", dir);
  ExpectGolden("fit_thurstone_anchors", "fit $TMP/votes.csv --model thurstone --anchors $TMP/anchors.csv --json", dir);
}

TEST(GoldenCli, UsageAndCouldNotRunErrors) {
  TempDir dir;
  fs::create_directories(dir / "empty");
  ExpectMatchesGolden(Case{"rank_no_input", "rank --json", {}, Output::kUsageError}, dir.path());
  ExpectMatchesGolden(Case{"rank_jobs_out_of_range", "rank $TMP/empty --jobs -1 --json", {}, Output::kUsageError},
                      dir.path());
  ExpectMatchesGolden(Case{"cull_keep_out_of_range", "cull $TMP/empty --keep 0 --json", {}, Output::kUsageError},
                      dir.path());
  ExpectGolden("rank_empty_folder", "rank $TMP/empty --json --judge features", dir);
  ExpectGolden("rank_missing_path", "rank $TMP/missing --json --judge features", dir);
  ExpectMatchesGolden(Case{"fit_missing_file", "fit $TMP/missing.csv --json", {}, Output::kText}, dir.path());
}

// The comparison itself: a renamed field, a changed rank, a changed type, a reordered
// array and a float beyond the tolerance are each reported; one within it is not.
TEST(GoldenCompare, ReportsEveryKindOfChange) {
  const nlohmann::json expected = nlohmann::json::parse(
      R"({"images":[{"path":"$TMP/a.png","rank":1,"score":0.5},{"path":"$TMP/b.png","rank":2,"score":-0.5}]})");
  auto differences = [&](const std::string& actual) {
    std::vector<std::string> found;
    golden::Diff(expected, nlohmann::json::parse(actual), kFeatures, "", &found);
    return found;
  };
  EXPECT_TRUE(differences(expected.dump()).empty());
  EXPECT_TRUE(differences(R"({"images":[{"path":"$TMP/a.png","rank":1,"score":0.500000001},)"
                          R"({"path":"$TMP/b.png","rank":2,"score":-0.5}]})")
                  .empty());
  EXPECT_EQ(differences(R"({"images":[{"path":"$TMP/a.png","rank":1,"scores":0.5},)"
                        R"({"path":"$TMP/b.png","rank":2,"score":-0.5}]})"),
            (std::vector<std::string>{"/images/0/score: missing field", "/images/0/scores: unexpected field 0.5"}));
  EXPECT_EQ(differences(R"({"images":[{"path":"$TMP/a.png","rank":2,"score":0.5},)"
                        R"({"path":"$TMP/b.png","rank":2,"score":-0.5}]})"),
            (std::vector<std::string>{"/images/0/rank: expected 1, got 2"}));
  EXPECT_EQ(differences(R"({"images":[{"path":"$TMP/a.png","rank":1.0,"score":0.5},)"
                        R"({"path":"$TMP/b.png","rank":2,"score":-0.5}]})"),
            (std::vector<std::string>{"/images/0/rank: expected integer 1, got float 1.0"}));
  EXPECT_EQ(differences(R"({"images":[{"path":"$TMP/b.png","rank":2,"score":-0.5},)"
                        R"({"path":"$TMP/a.png","rank":1,"score":0.5}]})")
                .size(),
            6u);
  EXPECT_EQ(differences(R"({"images":[{"path":"$TMP/a.png","rank":1,"score":0.5001},)"
                        R"({"path":"$TMP/b.png","rank":2,"score":-0.5}]})")
                .size(),
            1u);
  EXPECT_EQ(golden::NormalizeText("/tmp/x/sorted/.versus-journal-20261202T063712Z-2.jsonl", {"/tmp/x"}),
            "$TMP/sorted/.versus-journal-TIME.jsonl");
}

}  // namespace
}  // namespace versus::testing
