// `versus rate` end to end, with exiftool as the independent reader: ratings land
// where photo managers look (embedded, darktable and Lightroom sidecars), nothing else
// changes, and bad input is reported while the rest is rated.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "../../engine/src/metadata/jpeg_xmp_splice.hpp"
#include "cli_test_support.hpp"
#include "versus/engine/safe_file.hpp"
#include "xmp_test_files.hpp"

namespace versus::testing {
namespace {

// A shoot of five JPEGs, sharp to blurred, tagged like camera files.
struct Shoot {
  TempDir dir;
  std::vector<fs::path> photos;
  Shoot() {
    for (int i = 0; i < 5; ++i) {
      photos.push_back(dir / ("IMG_" + std::to_string(100 + i) + ".jpg"));
      WriteSceneJpeg(photos.back(), 11, 1.2 * i);
    }
    AddCameraMetadata(photos);
  }
};

// Stars by quantile (--stars relative), so the shoot's best frame is known to get 5 and
// its worst 1; absolute stars are tested in anchors_cli_test.cpp.
CommandResult Rate(const fs::path& folder, const std::string& flags) {
  return RunCommand(Versus() + " rate " + Quote(folder) + " --json --jobs 2 --stars relative " + flags);
}

std::map<std::string, nlohmann::json> FilesByName(const nlohmann::json& doc) {
  std::map<std::string, nlohmann::json> files;
  for (const auto& f : doc["files"]) files[fs::path(f["path"].get<std::string>()).filename().string()] = f;
  return files;
}

TEST(RateCli, EmbeddedRatingsReadBackAndNothingElseChanges) {
  Shoot shoot;
  ASSERT_EQ(::chmod(shoot.photos[0].c_str(), 0640), 0);
  const auto tags_before = ExifToolTags(shoot.photos);
  TempDir originals;
  std::vector<struct stat> stat_before(shoot.photos.size());
  for (std::size_t i = 0; i < shoot.photos.size(); ++i) {
    fs::copy_file(shoot.photos[i], originals / shoot.photos[i].filename().string());
    ASSERT_EQ(::stat(shoot.photos[i].c_str(), &stat_before[i]), 0);
  }

  const CommandResult r = Rate(shoot.dir.path(), "--target embedded");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["files"].size(), 5u);
  EXPECT_EQ(doc["summary"]["written"], 5);
  EXPECT_EQ(doc["stars_mapping"], "quantile");
  // The sharp frame ranks first and gets 5 stars; the most blurred gets 1.
  EXPECT_EQ(fs::path(doc["files"][0]["path"].get<std::string>()).filename(), "IMG_100.jpg");
  EXPECT_EQ(doc["files"][0]["stars"], 5);
  EXPECT_EQ(doc["files"][4]["stars"], 1);

  const auto tags_after = ExifToolTags(shoot.photos);
  for (std::size_t i = 0; i < shoot.photos.size(); ++i) {
    const auto entry = FilesByName(doc)[shoot.photos[i].filename().string()];
    EXPECT_EQ(entry["action"], "written");
    EXPECT_EQ(entry["target"], shoot.photos[i].string());
    EXPECT_EQ(tags_after[i]["XMP-xmp:Rating"], entry["stars"]) << "exiftool reads the rating versus wrote";
    EXPECT_NEAR(tags_after[i]["XMP-versus:Score"].get<double>(), entry["score"].get<double>(), 1e-4);
    EXPECT_EQ(tags_after[i]["XMP-versus:Judge"], doc["judge"]);
    EXPECT_TRUE(tags_after[i].contains("XMP-versus:Confidence"));
    EXPECT_EQ(OtherTags(tags_after[i]), OtherTags(tags_before[i])) << shoot.photos[i];
    EXPECT_TRUE(SamePixels(shoot.photos[i], originals / shoot.photos[i].filename().string()));
    struct stat now{};
    ASSERT_EQ(::stat(shoot.photos[i].c_str(), &now), 0);
    EXPECT_EQ(now.st_mtim.tv_sec, stat_before[i].st_mtim.tv_sec);
    EXPECT_EQ(now.st_mtim.tv_nsec, stat_before[i].st_mtim.tv_nsec);
    EXPECT_EQ(now.st_mode, stat_before[i].st_mode);
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(shoot.dir.path()), fs::directory_iterator()), 5)
      << "nothing but the photos is left in the folder";
}

// The Lightroom-exported Canon JPEGs photographers have: Exiv2 alone would rewrite their
// IPTC; the splice changes nothing but the XMP segments, Lightroom's XMP included.
TEST(RateCli, RealCanonJpegsGetEmbeddedRatingsAndKeepEveryOtherByte) {
  TempDir dir;
  const std::vector<fs::path> frames = CopyCanonFrames(dir.path(), 8);
  if (frames.empty()) GTEST_SKIP() << CanonFramesDir() << " is absent (../shared/data not here)";
  const auto tags_before = ExifToolTags(frames);
  std::vector<std::string> outside_before;
  for (const auto& f : frames) outside_before.push_back(engine::metadata::BytesOutsideXmp(ReadBytes(f)));

  const CommandResult r = Rate(dir.path(), "--target embedded --judge features");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["summary"]["written"], frames.size());
  EXPECT_EQ(doc["summary"]["failed"], 0);
  const auto tags_after = ExifToolTags(frames);
  const auto entries = FilesByName(doc);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto& entry = entries.at(frames[i].filename().string());
    EXPECT_EQ(tags_after[i]["XMP-xmp:Rating"], entry["stars"]) << frames[i];
    EXPECT_EQ(OtherTags(tags_after[i]), OtherTags(tags_before[i])) << frames[i];
    EXPECT_TRUE(tags_after[i].contains("XMP-crs:ProcessVersion")) << "Lightroom's develop settings kept";
    EXPECT_EQ(engine::metadata::BytesOutsideXmp(ReadBytes(frames[i])), outside_before[i]) << frames[i];
  }
}

// Lightroom reads a JPEG's rating only from the file: the default target embeds there.
TEST(RateCli, AutoEmbedsInRealCanonJpegs) {
  TempDir dir;
  const std::vector<fs::path> frames = CopyCanonFrames(dir.path(), 4);
  if (frames.empty()) GTEST_SKIP() << CanonFramesDir() << " is absent (../shared/data not here)";
  const CommandResult r = Rate(dir.path(), "--judge features");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json doc = ParseJson(r);  // held: ParseJson(r)["files"] in the for would dangle
  ASSERT_EQ(doc["files"].size(), frames.size()) << r.out;
  for (const auto& f : doc["files"]) {
    EXPECT_EQ(f["action"], "written");
    EXPECT_EQ(f["target"], f["path"]) << "embedded, not a sidecar";
    EXPECT_EQ(ExifToolRating(f["path"].get<std::string>()), f["stars"].get<int>());
  }
  for (const auto& e : fs::directory_iterator(dir.path())) EXPECT_NE(e.path().extension(), ".xmp") << e.path();
}

// PNG is embedded only on request (auto writes a sidecar): pixels and every tag value
// survive; Exiv2 writes the Exif block little-endian, so only its byte order may differ.
TEST(RateCli, PngEmbeddedOnRequestKeepsPixelsAndTagValues) {
  TempDir dir;
  const std::vector<fs::path> pngs = {dir / "a.png", dir / "b.png"};
  cv::imwrite(pngs[0].string(), SyntheticScene(320, 240, 41));
  cv::Mat blurred;
  cv::GaussianBlur(SyntheticScene(320, 240, 41), blurred, {0, 0}, 2.0);
  cv::imwrite(pngs[1].string(), blurred);
  AddCameraMetadata(pngs);
  TempDir originals;
  for (const auto& p : pngs) fs::copy_file(p, originals / p.filename().string());
  const auto before = ExifToolTags(pngs);

  const nlohmann::json automatic = ParseJson(Rate(dir.path(), "--dry-run"));
  EXPECT_EQ(automatic["files"][0]["target"], automatic["files"][0]["path"].get<std::string>() + ".xmp");

  const CommandResult r = Rate(dir.path(), "--target embedded");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto after = ExifToolTags(pngs);
  for (std::size_t i = 0; i < pngs.size(); ++i) {
    EXPECT_GE(after[i]["XMP-xmp:Rating"].get<int>(), 1);
    EXPECT_TRUE(SamePixels(pngs[i], originals / pngs[i].filename().string()));
    nlohmann::json a = OtherTags(after[i]), b = OtherTags(before[i]);
    a.erase("File:ExifByteOrder");
    b.erase("File:ExifByteOrder");
    EXPECT_EQ(a, b);
  }
}

// darktable reads `name.ext.xmp`, Lightroom/digiKam `name.xmp`; the image stays byte-identical.
TEST(RateCli, SidecarsInBothStylesReadBackInExiftool) {
  for (const std::string style : {"darktable", "lightroom"}) {
    Shoot shoot;
    const std::string before = ReadBytes(shoot.photos[2]);
    const CommandResult r = Rate(shoot.dir.path(), "--target sidecar --sidecar-style " + style);
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json doc = ParseJson(r);
    for (const auto& f : doc["files"]) {
      const fs::path image = f["path"].get<std::string>();
      const fs::path sidecar = style == "darktable" ? fs::path(image.string() + ".xmp") : fs::path(image).replace_extension(".xmp");
      EXPECT_EQ(f["target"], sidecar.string());
      EXPECT_EQ(ExifToolRating(sidecar), f["stars"].get<int>()) << sidecar;
      EXPECT_EQ(ExifToolRating(image), -99) << "the image itself carries no rating";
    }
    EXPECT_EQ(ReadBytes(shoot.photos[2]), before);
    // A second run reads its own sidecars back and has nothing to change.
    const nlohmann::json again = ParseJson(Rate(shoot.dir.path(), "--target sidecar --sidecar-style " + style));
    EXPECT_EQ(again["summary"]["skipped"], 5) << style;
    EXPECT_EQ(again["summary"]["user_ratings_kept"], 0) << style;
  }
}

TEST(RateCli, UserRatingsAreKeptAndCountedUnlessOverwrite) {
  Shoot shoot;
  ASSERT_EQ(RunCommand("exiftool -q -overwrite_original -XMP-xmp:Rating=2 " + Quote(shoot.photos[0])).status, 0);
  const std::string before = ReadBytes(shoot.photos[0]);
  const nlohmann::json doc = ParseJson(Rate(shoot.dir.path(), ""));
  EXPECT_EQ(doc["summary"]["user_ratings_kept"], 1);
  EXPECT_EQ(doc["summary"]["written"], 4);
  const auto entry = FilesByName(doc)["IMG_100.jpg"];
  EXPECT_EQ(entry["action"], "skipped");
  EXPECT_EQ(entry["previous_rating"], 2);
  EXPECT_EQ(ReadBytes(shoot.photos[0]), before);

  const nlohmann::json forced = ParseJson(Rate(shoot.dir.path(), "--overwrite"));
  EXPECT_EQ(FilesByName(forced)["IMG_100.jpg"]["action"], "written");
  EXPECT_EQ(ExifToolRating(shoot.photos[0]), 5);
}

TEST(RateCli, DryRunChangesNothingAndTouchUpdatesTimes) {
  Shoot shoot;
  std::vector<std::string> before;
  for (const auto& p : shoot.photos) before.push_back(ReadBytes(p));
  const CommandResult dry = Rate(shoot.dir.path(), "--dry-run");
  ASSERT_EQ(dry.status, 0) << dry.err;
  EXPECT_EQ(ParseJson(dry)["summary"]["would_write"], 5);
  for (std::size_t i = 0; i < shoot.photos.size(); ++i) EXPECT_EQ(ReadBytes(shoot.photos[i]), before[i]);
  EXPECT_EQ(std::distance(fs::directory_iterator(shoot.dir.path()), fs::directory_iterator()), 5);

  const struct timespec old_times[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, shoot.photos[1].c_str(), old_times, 0), 0);
  ASSERT_EQ(Rate(shoot.dir.path(), "--touch").status, 0);
  struct stat now{};
  ASSERT_EQ(::stat(shoot.photos[1].c_str(), &now), 0);
  EXPECT_GT(now.st_mtim.tv_sec, 1'000'000'000) << "--touch lets the time change";
}

TEST(RateCli, SecondProcessOnTheFolderIsRefusedClearly) {
  Shoot shoot;
  engine::FolderLock held(shoot.dir.path());
  const CommandResult r = Rate(shoot.dir.path(), "");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("in use by versus process " + std::to_string(::getpid())), std::string::npos) << r.err;
  EXPECT_EQ(ExifToolRating(shoot.photos[0]), -99);
}

TEST(RateCli, InterruptedRunsLeftoversAreTidied) {
  Shoot shoot;
  WriteBytes(shoot.dir / ".versus-tmp-Zz9x8Q", "half a photo");
  WriteBytes(shoot.dir / ".versus.lock", "12345");  // its process is gone: flock is free
  // Named as "." : the folder locked up front and the one written in are the same lock.
  const CommandResult r = RunCommand("cd " + Quote(shoot.dir.path()) + " && " + Versus() + " rate . --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ParseJson(r)["summary"]["stale_temps_removed"], 1);
  EXPECT_EQ(std::distance(fs::directory_iterator(shoot.dir.path()), fs::directory_iterator()), 5);
}

// Root ignores permission bits, so read-only is the owner's intent (no write bits),
// which versus honours; --target auto rates such a file in a sidecar instead.
TEST(RateCli, ReadOnlyFileIsReportedAndTheRestRated) {
  Shoot shoot;
  ASSERT_EQ(::chmod(shoot.photos[3].c_str(), 0444), 0);
  const std::string before = ReadBytes(shoot.photos[3]);
  const CommandResult r = Rate(shoot.dir.path(), "--target embedded");
  EXPECT_EQ(r.status, 2) << r.err;
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["summary"]["written"], 4);
  const auto entry = FilesByName(doc)["IMG_103.jpg"];
  EXPECT_EQ(entry["action"], "failed");
  EXPECT_NE(entry["reason"].get<std::string>().find("read-only"), std::string::npos) << entry;
  EXPECT_EQ(ReadBytes(shoot.photos[3]), before);

  const nlohmann::json autodoc = ParseJson(Rate(shoot.dir.path(), ""));
  EXPECT_EQ(FilesByName(autodoc)["IMG_103.jpg"]["target"], shoot.photos[3].string() + ".xmp");
  EXPECT_EQ(ReadBytes(shoot.photos[3]), before);
}

TEST(RateCli, ImmutableFileIsReportedIfTheFileSystemSupportsIt) {
  Shoot shoot;
  if (RunCommand("chattr +i " + Quote(shoot.photos[0])).status != 0) {
    GTEST_SKIP() << "chattr +i not supported on " << shoot.dir.path() << "; read-only mode is tested instead";
  }
  const CommandResult r = Rate(shoot.dir.path(), "--target embedded");
  RunCommand("chattr -i " + Quote(shoot.photos[0]));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(FilesByName(ParseJson(r))["IMG_100.jpg"]["action"], "failed");
  EXPECT_EQ(ExifToolRating(shoot.photos[0]), -99);
}

TEST(RateCli, UndecodableRawAndCorruptMetadataAreReportedNotLost) {
  Shoot shoot;
  WriteBytes(shoot.dir / "IMG_900.CR2", std::string("II*\0 not really a raw file", 27));
  // A JPEG whose Exif segment is garbage: libvips decodes it, Exiv2 cannot parse it.
  std::string jpeg = ReadBytes(shoot.photos[4]);
  const std::string bad_exif = std::string("\xFF\xE1\x00\x20", 4) + "Exif" + std::string(2, '\0') + "MM\x00\x2A\xFF\xFF\xFF\xF0" +
                               std::string(16, '\xEE');
  jpeg.insert(2, bad_exif);
  WriteBytes(shoot.dir / "IMG_901.jpg", jpeg);
  const std::string corrupt_before = ReadBytes(shoot.dir / "IMG_901.jpg");

  const CommandResult r = Rate(shoot.dir.path(), "");
  EXPECT_EQ(r.status, 2) << r.err;
  const nlohmann::json doc = ParseJson(r);
  ASSERT_EQ(doc["errors"].size(), 1u) << doc.dump(1);
  EXPECT_NE(doc["errors"][0]["path"].get<std::string>().find("IMG_900.CR2"), std::string::npos);
  EXPECT_EQ(doc["summary"]["not_ranked"], 1);
  EXPECT_FALSE(fs::exists(shoot.dir / "IMG_900.CR2.xmp"));
  EXPECT_EQ(ReadBytes(shoot.dir / "IMG_901.jpg"), corrupt_before) << "unreadable metadata is never rewritten";
  const auto corrupt = FilesByName(doc)["IMG_901.jpg"];
  if (corrupt["action"] == "written") {
    EXPECT_EQ(corrupt["target"], (shoot.dir / "IMG_901.jpg.xmp").string()) << "auto falls back to a sidecar";
  }
}

TEST(RateCli, FullDiskFailsCleanlyOnASmallTmpfs) {
  TempDir mount_point;
  if (RunCommand("mount -t tmpfs -o size=600k tmpfs " + Quote(mount_point.path())).status != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (not root or no CAP_SYS_ADMIN)";
  }
  std::vector<fs::path> photos;
  for (int i = 0; i < 3; ++i) {
    photos.push_back(mount_point / ("full_" + std::to_string(i) + ".jpg"));
    WriteSceneJpeg(photos.back(), 21, 1.5 * i);
  }
  std::vector<std::string> before;
  for (const auto& p : photos) before.push_back(ReadBytes(p));
  // Fill what is left, so no copy fits.
  RunCommand("dd if=/dev/zero of=" + Quote(mount_point / "filler") + " bs=4k 2>/dev/null");
  const CommandResult r = Rate(mount_point.path(), "--target embedded");
  std::size_t leftovers = 0, unchanged = 0;
  for (const auto& e : fs::directory_iterator(mount_point.path())) leftovers += e.path().filename().string()[0] == '.';
  for (std::size_t i = 0; i < photos.size(); ++i) unchanged += ReadBytes(photos[i]) == before[i];
  RunCommand("umount " + Quote(mount_point.path()));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("the disk is full"), std::string::npos) << r.err;
  EXPECT_EQ(unchanged, photos.size());
  EXPECT_EQ(leftovers, 0u) << "temp or lock files left on the full disk";
}

}  // namespace
}  // namespace versus::testing
