// engine::RatingWriter and its parts against exiftool as the independent writer and
// reader: sidecars of both naming styles, precedence, the user's rating, the lock.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "versus/engine/error.hpp"
#include "versus/engine/safe_file.hpp"
#include "versus/engine/xmp_rating.hpp"
#include "xmp_test_files.hpp"

namespace versus::testing {
namespace {

using engine::RatingAction;
using engine::RatingTarget;
using engine::SidecarStyle;

TEST(XmpRating, SidecarNamesFollowDarktableAndLightroom) {
  EXPECT_EQ(engine::SidecarPath("/a/IMG_1.CR2", SidecarStyle::kDarktable), fs::path("/a/IMG_1.CR2.xmp"));
  EXPECT_EQ(engine::SidecarPath("/a/IMG_1.CR2", SidecarStyle::kLightroom), fs::path("/a/IMG_1.xmp"));
  EXPECT_TRUE(engine::IsRawFile("x/IMG_1.NEF"));
  EXPECT_FALSE(engine::IsRawFile("x/IMG_1.jpg"));
  EXPECT_EQ(engine::ParseRatingTarget("sidecar"), RatingTarget::kSidecar);
  EXPECT_THROW(engine::ParseSidecarStyle("picasa"), engine::Error);
}

// Sidecars written by exiftool in both styles are read, darktable's first, and a
// rating versus did not write counts as the user's.
TEST(XmpRating, ReadsSidecarsExiftoolWroteInBothStyles) {
  TempDir dir;
  const fs::path image = dir / "IMG_1.jpg";
  WriteSceneJpeg(image, 1, 0);
  ASSERT_EQ(RunCommand("exiftool -q -o " + QuotePath(dir / "IMG_1.xmp") + " -XMP-xmp:Rating=2 " + QuotePath(image)).status, 0);
  engine::ImageRatings ratings = engine::ReadRatings(image);
  ASSERT_EQ(ratings.sources.size(), 2u);  // Lightroom sidecar + embedded
  EXPECT_EQ(ratings.Rating(), 2);
  ASSERT_NE(ratings.UserRating(), nullptr);
  EXPECT_EQ(ratings.UserRating()->file, dir / "IMG_1.xmp");

  ASSERT_EQ(RunCommand("exiftool -q -o " + QuotePath(dir / "IMG_1.jpg.xmp") + " -XMP-xmp:Rating=5 " + QuotePath(image)).status, 0);
  ratings = engine::ReadRatings(image);
  ASSERT_EQ(ratings.sources.size(), 3u);
  EXPECT_EQ(ratings.sources[0].file, dir / "IMG_1.jpg.xmp");
  EXPECT_EQ(ratings.Rating(), 5);  // darktable's sidecar wins, as in darktable
}

TEST(XmpRating, NewSidecarReadsBackInExiftoolAndKeepsImageBytes) {
  TempDir dir;
  const fs::path image = dir / "IMG_2.jpg";
  WriteSceneJpeg(image, 2, 0);
  const std::string before = ReadBytes(image);
  ASSERT_EQ(::chmod(image.c_str(), 0640), 0);
  engine::RatingWriter writer({RatingTarget::kSidecar, SidecarStyle::kLightroom, false, false, false});
  const auto result = writer.Write(image, {4, 1.25, 0.8, "features", ""});
  EXPECT_EQ(result.action, RatingAction::kWritten);
  EXPECT_EQ(result.target_file, dir / "IMG_2.xmp");
  EXPECT_EQ(ExifToolRating(dir / "IMG_2.xmp"), 4);
  const auto tags = ExifToolTags({dir / "IMG_2.xmp"})[0];
  EXPECT_EQ(tags["XMP-versus:Score"], 1.25);
  EXPECT_EQ(tags["XMP-versus:Judge"], "features");
  EXPECT_EQ(ReadBytes(image), before);
  struct stat st{};
  ASSERT_EQ(::stat((dir / "IMG_2.xmp").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);  // the image's mode, not mkstemp's 0600
  EXPECT_TRUE(fs::exists(dir / ".versus.lock")) << "the folder stays locked while the writer lives";

  // Read back by versus: same values again change nothing.
  EXPECT_EQ(writer.Write(image, {4, 1.25, 0.8, "features", ""}).action, RatingAction::kSkipped);
}

TEST(XmpRating, UserRatingIsKeptUnlessOverwrite) {
  TempDir dir;
  const fs::path image = dir / "IMG_3.jpg";
  WriteSceneJpeg(image, 3, 0);
  ASSERT_EQ(RunCommand("exiftool -q -overwrite_original -XMP-xmp:Rating=1 " + QuotePath(image)).status, 0);
  const std::string before = ReadBytes(image);
  engine::RatingWriter keep({RatingTarget::kEmbedded, SidecarStyle::kDarktable, false, false, false});
  const auto kept = keep.Write(image, {5, 2.0, 0.9, "features", ""});
  EXPECT_EQ(kept.action, RatingAction::kSkipped);
  EXPECT_TRUE(kept.user_rating_kept);
  EXPECT_EQ(kept.previous, 1);
  EXPECT_EQ(ReadBytes(image), before);

  {
    engine::RatingWriter overwrite({RatingTarget::kEmbedded, SidecarStyle::kDarktable, true, false, false});
    EXPECT_EQ(overwrite.Write(image, {5, 2.0, 0.9, "features", ""}).action, RatingAction::kWritten);
  }  // releases the folder lock
  EXPECT_EQ(ExifToolRating(image), 5);
  // versus's own rating is not the user's: a later run may replace it without --overwrite.
  EXPECT_EQ(keep.Write(image, {3, 0.5, 0.9, "features", ""}).action, RatingAction::kWritten);
  EXPECT_EQ(ExifToolRating(image), 3);
}

// IMG_1.png and IMG_1.tif are two photos: Lightroom's IMG_1.xmp would hold whichever
// was rated last (all three of a.jpg/a.png/a.tif once ended with one photo's stars).
TEST(XmpRating, TwoPhotosOfOneBaseNameDoNotShareALightroomSidecar) {
  TempDir dir;
  cv::imwrite((dir / "IMG_1.png").string(), SyntheticScene(64, 48, 1));
  cv::imwrite((dir / "IMG_1.tif").string(), SyntheticScene(64, 48, 2));
  engine::RatingWriter writer({RatingTarget::kAuto, SidecarStyle::kLightroom, false, false, false});
  EXPECT_EQ(writer.Write(dir / "IMG_1.png", {5, 1.0, 0.9, "features", ""}).target_file, dir / "IMG_1.png.xmp");
  EXPECT_EQ(writer.Write(dir / "IMG_1.tif", {1, -1.0, 0.9, "features", ""}).target_file, dir / "IMG_1.tif.xmp");
  EXPECT_FALSE(fs::exists(dir / "IMG_1.xmp"));
  EXPECT_EQ(ExifToolRating(dir / "IMG_1.png.xmp"), 5);
  EXPECT_EQ(ExifToolRating(dir / "IMG_1.tif.xmp"), 1);

  cv::imwrite((dir / "IMG_2.png").string(), SyntheticScene(64, 48, 3));  // alone: Lightroom's name
  EXPECT_EQ(writer.Write(dir / "IMG_2.png", {3, 0.0, 0.9, "features", ""}).target_file, dir / "IMG_2.xmp");
}

TEST(XmpRating, VanishedFileIsAnErrorNamingIt) {
  TempDir dir;
  engine::RatingWriter writer({});
  try {
    writer.Write(dir / "gone.jpg", {3, {}, {}, "", ""});
    FAIL() << "no error";
  } catch (const engine::Error& e) {
    EXPECT_EQ(e.path(), (dir / "gone.jpg").string());
    EXPECT_NE(std::string(e.what()).find("vanished"), std::string::npos) << e.what();
  }
}

TEST(FolderLock, SecondHolderIsRefusedAndStaleTempsAreTidied) {
  TempDir dir;
  WriteBytes(dir / ".versus-tmp-AbC123", "left by a killed run");
  {
    engine::FolderLock first(dir.path());
    EXPECT_EQ(first.stale_temps_removed(), 1u);
    EXPECT_FALSE(fs::exists(dir / ".versus-tmp-AbC123"));
    EXPECT_TRUE(fs::exists(dir / ".versus.lock"));
    try {
      engine::FolderLock second(dir.path());
      FAIL() << "second lock taken";
    } catch (const engine::Error& e) {
      EXPECT_NE(std::string(e.what()).find("in use by versus process"), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(fs::exists(dir / ".versus.lock"));
  engine::FolderLock again(dir.path());  // free once released
}

TEST(SafeFile, FailedEditLeavesTheFileAndNoTemp) {
  TempDir dir;
  const fs::path file = dir / "a.txt";
  WriteBytes(file, "original");
  EXPECT_THROW(engine::ReplaceFileAtomically(file, [](const fs::path& temp) {
                 WriteBytes(temp, "half-written");
                 throw engine::Error("edit failed");
               }),
               engine::Error);
  EXPECT_EQ(ReadBytes(file), "original");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace versus::testing
