// `versus cull` end to end: the JSON contract, a synthetic burst whose keeper must be
// its one sharp frame, the near-duplicate sets of ../shared/data/neardup (bad files
// reported, the batch goes on), and --action move with its undo journal.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "cli_test_support.hpp"
#include "face_crops.hpp"
#include "xmp_test_files.hpp"
#include "versus/engine/distortions.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;
using engine::Distortion;

// Pairwise recall of the labelled groups that cull must reach (bench/cull_eval.cpp
// measures it at the default threshold; see cli/README.md).
constexpr double kMinRecall = 0.85;

std::string Name(const nlohmann::json& path) { return fs::path(path.get<std::string>()).filename().string(); }

// A burst from one Kodak photo: each frame cropped a few pixels apart (camera shake);
// one sharp, the rest blurred, noisy or motion-blurred. Plus an unrelated photo.
void WriteBurst(const fs::path& dir) {
  const cv::Mat photo = cv::imread(KodakPhoto(3).string());
  ASSERT_FALSE(photo.empty()) << KodakPhoto(3);
  auto crop = [&](int dx, int dy) { return photo(cv::Rect(4 + dx, 4 + dy, photo.cols - 12, photo.rows - 12)).clone(); };
  cv::imwrite((dir / "burst_1.png").string(), engine::Distort(crop(0, 0), Distortion::kBlur, 2));
  cv::imwrite((dir / "burst_2.png").string(), engine::Distort(crop(3, 1), Distortion::kNoise, 2, 5));
  cv::imwrite((dir / "burst_3.png").string(), crop(5, 2));  // the sharp one, mid-burst
  cv::imwrite((dir / "burst_4.png").string(), engine::Distort(crop(7, 6), Distortion::kMotionBlur, 1));
  cv::imwrite((dir / "other.png").string(), cv::imread(KodakPhoto(20).string()));
}

TEST(CullCli, SyntheticBurstKeepsTheSharpFrame) {
  TempDir dir;
  WriteBurst(dir.path());
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(dir.path()) + " --json --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["groups"].size(), 2u) << doc.dump(1);
  for (const auto& group : doc["groups"]) {
    // Exact field names of the contract.
    ASSERT_TRUE(group.contains("members") && group.contains("keep") && group.contains("reason")) << group.dump();
    ASSERT_TRUE(group.contains("how") && group.contains("span_seconds")) << group.dump();
    ASSERT_EQ(group["keep"].size(), 1u);
    EXPECT_EQ(group["keep"][0], group["members"][0]) << "members are best first";
  }
  const auto& burst = doc["groups"][0]["members"].size() == 4 ? doc["groups"][0] : doc["groups"][1];
  ASSERT_EQ(burst["members"].size(), 4u);
  EXPECT_EQ(Name(burst["keep"][0]), "burst_3.png") << burst.dump(1);
  EXPECT_EQ(burst["reason"].get<std::string>().rfind("over the next best, '", 0), 0u) << burst["reason"];
  EXPECT_NE(burst["reason"].get<std::string>().find(Name(burst["members"][1])), std::string::npos)
      << "the reason names the runner-up: " << burst["reason"];
  const auto& single = &burst == &doc["groups"][0] ? doc["groups"][1] : doc["groups"][0];
  EXPECT_EQ(Name(single["members"][0]), "other.png");
  EXPECT_EQ(single["reason"], "no near-duplicate");
  EXPECT_EQ(burst["how"], "near-duplicate") << "PNGs have no capture time: similarity alone";
  EXPECT_EQ(burst["span_seconds"], 0.0);
}

TEST(CullCli, KeepNAndTableOutput) {
  TempDir dir;
  WriteBurst(dir.path());
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(dir.path()) + " --keep 2 --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  std::size_t kept = 0;
  for (std::size_t at = r.out.find("  keep "); at != std::string::npos; at = r.out.find("  keep ", at + 1)) ++kept;
  EXPECT_EQ(kept, 3u) << r.out;  // 2 of the burst + the single photo
  EXPECT_NE(r.out.find("burst_3.png"), std::string::npos);
}

// Pairwise precision and recall of cull's groups against groups.csv on the labelled sets,
// and the edge-case tree: every readable image in exactly one group, bad files reported.
TEST(CullCli, NearDuplicateSetsAndBadFiles) {
  const fs::path root = SharedData() / "neardup";
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(root) + " -r --json --jobs 2");
  EXPECT_EQ(r.status, 2) << "corrupt files make it 'finished, some failed': " << r.err;
  const nlohmann::json doc = ParseJson(r);
  std::set<std::string> failed;
  for (const auto& e : doc["errors"]) failed.insert(Name(e["path"]));
  EXPECT_TRUE(failed.contains("ukbench09268_corrupt.jpg")) << doc["errors"].dump(1);

  std::map<std::string, std::size_t> group_of;  // relative path -> group index
  for (std::size_t g = 0; g < doc["groups"].size(); ++g) {
    for (const auto& m : doc["groups"][g]["members"]) {
      const std::string rel = fs::path(m.get<std::string>()).lexically_relative(root).string();
      EXPECT_TRUE(group_of.emplace(rel, g).second) << rel << " is in two groups";
    }
  }
  EXPECT_GE(group_of.size(), 40u);

  std::map<std::string, std::string> truth;  // groups.csv: path,group,how
  std::ifstream csv(root / "groups.csv");
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) truth[line.substr(0, line.find(','))] = line.substr(line.find(',') + 1, line.find(',', line.find(',') + 1) - line.find(',') - 1);
  std::size_t true_pairs = 0, found = 0;
  for (auto a = truth.begin(); a != truth.end(); ++a) {
    for (auto b = std::next(a); b != truth.end(); ++b) {
      if (a->second != b->second || !group_of.contains(a->first) || !group_of.contains(b->first)) continue;
      ++true_pairs;
      found += group_of[a->first] == group_of[b->first];
    }
  }
  ASSERT_GT(true_pairs, 0u);
  const double recall = double(found) / true_pairs;
  EXPECT_GE(recall, kMinRecall) << found << " of " << true_pairs << " labelled pairs grouped";
  // Precision: labelled photos from different groups must not be grouped together.
  std::size_t wrong = 0;
  for (auto a = truth.begin(); a != truth.end(); ++a) {
    for (auto b = std::next(a); b != truth.end(); ++b) {
      if (a->second != b->second && group_of.contains(a->first) && group_of.contains(b->first))
        wrong += group_of[a->first] == group_of[b->first];
    }
  }
  EXPECT_EQ(wrong, 0u);
}

// Three real bursts of one body (bursts.csv: 8 frames over 1.55 s, 2 frames, then 8
// frames starting 1.07 s after: just over the gap), read from their own EXIF.
TEST(CullCli, RealBurstsFollowTheirCaptureTimes) {
  const fs::path root = SharedData() / "bursts" / "horses-dev";
  std::map<std::string, std::string> burst_of;  // bursts.csv: image,burst_id,...
  std::ifstream csv(root / "bursts.csv");
  std::string line, paths;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    const std::string image = line.substr(0, line.find(',')), burst = line.substr(line.find(',') + 1, 5);
    if (burst != "D0000" && burst != "D0001" && burst != "D0002") continue;
    burst_of[image] = burst;
    paths += " " + Quote(root / "images" / image);
  }
  ASSERT_EQ(burst_of.size(), 18u) << "bursts.csv changed";
  const CommandResult r = RunCommand(Versus() + " cull" + paths + " --json --judge features --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["groups"].size(), 3u) << doc.dump(1);
  std::map<std::string, double> span_of_burst{{"D0000", 1.55}, {"D0001", 0.07}, {"D0002", 1.27}};
  for (const auto& group : doc["groups"]) {
    const std::string burst = burst_of[Name(group["members"][0])];
    for (const auto& member : group["members"]) EXPECT_EQ(burst_of[Name(member)], burst) << group.dump(1);
    EXPECT_EQ(group["how"], "burst");
    EXPECT_NEAR(group["span_seconds"].get<double>(), span_of_burst[burst], 0.005) << burst;
  }
  const CommandResult text = RunCommand(Versus() + " cull" + paths + " --judge features --jobs 2");
  EXPECT_EQ(text.out.rfind("3 groups: 1 of 2, 2 of 8; largest 8\n", 0), 0u) << "sizes first:\n" << text.out;
}

// --action reject / label write XMP through rate's writer: PNGs get darktable-style
// sidecars (the images are not touched), read back by exiftool.
TEST(CullCli, RejectAndLabelActionsWriteXmpSidecars) {
  TempDir dir;
  WriteBurst(dir.path());
  const std::string cull = Versus() + " cull " + Quote(dir.path()) + " --jobs 2 --action ";
  const CommandResult dry = RunCommand(cull + "reject --dry-run");
  ASSERT_EQ(dry.status, 0) << dry.err;
  EXPECT_FALSE(fs::exists(dir / "burst_1.png.xmp")) << "a dry run writes nothing";
  const CommandResult reject = RunCommand(cull + "reject");
  ASSERT_EQ(reject.status, 0) << reject.err;
  for (const char* frame : {"burst_1.png", "burst_2.png", "burst_4.png"}) {
    EXPECT_EQ(ExifToolRating(dir / (std::string(frame) + ".xmp")), -1) << frame;
  }
  EXPECT_FALSE(fs::exists(dir / "burst_3.png.xmp")) << "the keeper is not rejected";
  EXPECT_FALSE(fs::exists(dir / "other.png.xmp")) << "a group of one keeps its photo";
  const CommandResult label = RunCommand(cull + "label");
  ASSERT_EQ(label.status, 0) << label.err;
  const auto tags = ExifToolTags({dir / "burst_3.png.xmp", dir / "burst_1.png.xmp"});
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].value("XMP-xmp:Label", ""), "Green") << tags[0].dump();
  EXPECT_FALSE(tags[0].contains("XMP-xmp:Rating")) << "labelling sets no rating";
  EXPECT_EQ(tags[1].value("XMP-xmp:Rating", 0), -1) << "the reject stays rejected";
}

// Under --json stdout is one JSON document: the per-file lines of reject/label go to
// stderr (they once followed the JSON on stdout).
TEST(CullCli, RejectWithJsonPrintsOnlyJson) {
  TempDir dir;
  WriteBurst(dir.path());
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(dir.path()) + " --jobs 2 --action reject --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out;
  EXPECT_NE(r.err.find("burst_1.png.xmp"), std::string::npos) << r.err;
  EXPECT_EQ(ExifToolRating(dir / "burst_1.png.xmp"), -1);
}

// Two frames of one moment: the same Kodak scene with a face pasted at one place, eyes
// open in one and closed in the other (two real faces, so the frames are near-duplicates).
void WriteBlinkPair(const fs::path& dir) {
  const cv::Mat scene = cv::imread(KodakPhoto(1).string());
  for (const auto& [name, crop] : {std::pair{"open.png", kOpenEyeCrops[0]}, std::pair{"closed.png", kClosedEyeCrops[0]}}) {
    cv::Mat frame = scene.clone(), face;
    const cv::Mat source = EyesCrop(crop);
    cv::resize(source, face, cv::Size(180, 180 * source.rows / source.cols), 0, 0, cv::INTER_AREA);
    face.copyTo(frame(cv::Rect(300, 120, face.cols, std::min(face.rows, 260))));
    cv::imwrite((dir / name).string(), frame);
  }
}

TEST(CullCliFaces, KeepsTheOpenEyesAndSaysSo) {
  TempDir dir;
  WriteBlinkPair(dir.path());
  const CommandResult r = RunCommand(Versus() + " cull " + Quote(dir.path()) + " --json --judge features");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["groups"].size(), 1u) << doc.dump(1);
  const auto& group = doc["groups"][0];
  EXPECT_EQ(Name(group["keep"][0]), "open.png") << group.dump(1);
  EXPECT_NE(group["reason"].get<std::string>().find("eyes closed in 'closed.png'"), std::string::npos) << group["reason"];
}

TEST(CullCliFaces, RejectClosedEyesKeepsNoBlink) {
  TempDir dir;
  WriteBlinkPair(dir.path());
  fs::remove(dir / "open.png");  // a blink alone in its group
  const CommandResult r =
      RunCommand(Versus() + " cull " + Quote(dir.path()) + " --json --judge features --reject-closed-eyes");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["groups"].size(), 1u);
  EXPECT_TRUE(doc["groups"][0]["keep"].empty()) << doc.dump(1);
  EXPECT_NE(doc["groups"][0]["reason"].get<std::string>().find("eyes closed in 'closed.png' (1 of 1 faces)"),
            std::string::npos) << doc["groups"][0]["reason"];
  // Without the flag the photo is kept, as before.
  const nlohmann::json plain = ParseJson(RunCommand(Versus() + " cull " + Quote(dir.path()) + " --json --judge features"));
  EXPECT_EQ(plain["groups"][0]["keep"].size(), 1u);
}

}  // namespace
}  // namespace versus::testing
