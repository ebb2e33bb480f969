// Camera raws (../shared/data/raw, see its README): each file's outcome -- judged from
// its largest embedded preview that decodes, from the raw data (LibRaw) where there is
// no preview, or refused with a reason when only metadata is left -- plus orientation,
// the pixel limit, truncation, and raw+JPEG pair detection.
#include <gtest/gtest.h>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

fs::path RawData(const std::string& name) { return testing::SharedData() / "raw" / name; }

#define REQUIRE_RAW(name)                                                     \
  if (!fs::exists(RawData(name))) GTEST_SKIP() << RawData(name) << " is absent"

struct Judged {
  const char* file;
  const char* decoded_from;
};

class RawJudged : public ::testing::TestWithParam<Judged> {};

TEST_P(RawJudged, FromItsLargestPreviewOrRawData) {
  REQUIRE_RAW(GetParam().file);
  const DecodedImage d = Decode(RawData(GetParam().file));
  EXPECT_EQ(d.decoded_from, GetParam().decoded_from);
  EXPECT_EQ(d.working.type(), CV_8UC3);
  EXPECT_EQ(std::max(d.working.cols, d.working.rows), std::min(512, std::max(d.width, d.height)));
  ASSERT_FALSE(d.tiles.empty());
  // A real picture, not the black frame LibRaw hands back for missing data.
  cv::Scalar mean, spread;
  cv::meanStdDev(d.working, mean, spread);
  EXPECT_GT(mean[0] + mean[1] + mean[2], 30.0);
  EXPECT_GT(spread[0] + spread[1] + spread[2], 10.0);
}

INSTANTIATE_TEST_SUITE_P(
    SharedRaws, RawJudged,
    ::testing::Values(Judged{"canon_eos_d30.crw", "preview 1440x960"},
                      Judged{"canon_550d_magiclantern.dng", "raw data 1734x1156"},
                      Judged{"nikon_d7100_head.nef", "preview 6000x4000"},
                      Judged{"sony_slt-a55v_head.arw", "preview 1616x1080"},
                      Judged{"canon_1ds_mk3_head.cr2", "preview 2784x1856"},
                      Judged{"canon_eos_r6_pruned.cr3", "preview 1620x1080"},
                      Judged{"pentax_k3ii_head.pef", "preview 720x480"}),
    [](const auto& info) {
      std::string name = fs::path(info.param.file).stem().string();
      for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

struct Refused {
  const char* file;
  std::vector<const char*> reason_parts;
};

class RawRefused : public ::testing::TestWithParam<Refused> {};

TEST_P(RawRefused, MetadataOnlyStubsAreBadInputWithAReason) {
  REQUIRE_RAW(GetParam().file);
  try {
    Decode(RawData(GetParam().file));
    FAIL() << "decoded a file that holds no picture";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), RawData(GetParam().file).string());
    for (const char* part : GetParam().reason_parts) EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    SharedRaws, RawRefused,
    ::testing::Values(Refused{"fujifilm_s5pro_stub.raf", {"160x120 thumbnail", "raw data unreadable"}},
                      Refused{"panasonic_lx3_stub.rw2", {"8x8 thumbnail", "raw data cut off"}},
                      Refused{"canon_350d_stub.cr2", {"do not decode", "LibRaw cannot read"}},
                      Refused{"canon_350d_stub_converted.dng", {"8x8 thumbnail", "raw data missing ("}},
                      Refused{"apple_iphone12pro_stub.dng", {"do not decode", "raw data missing"}}),
    [](const auto& info) {
      std::string name = fs::path(info.param.file).filename().string();
      for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(RawDecode, PreviewIsTurnedAsTheRawsExifSays) {
  REQUIRE_RAW("canon_eos_d30.crw");
  TempDir dir;
  const fs::path copy = dir / "turned.crw";
  fs::copy_file(RawData("canon_eos_d30.crw"), copy);
  fs::permissions(copy, fs::perms::owner_write, fs::perm_options::add);
  // The camera's own rotation field, which Exiv2 reads as Exif orientation 6.
  const auto r = testing::RunCommand("exiftool -q -overwrite_original -n -CanonRaw:Rotation=90 '" + copy.string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  const DecodedImage upright = Decode(RawData("canon_eos_d30.crw")), turned = Decode(copy);
  EXPECT_GT(upright.working.cols, upright.working.rows);
  EXPECT_EQ(turned.working.cols, upright.working.rows);
  EXPECT_EQ(turned.working.rows, upright.working.cols);
  EXPECT_EQ(turned.decoded_from, "preview 1440x960");
  // Turned clockwise: the upright view's bottom-left corner is now the top-left one.
  cv::Mat expected;
  cv::rotate(upright.working, expected, cv::ROTATE_90_CLOCKWISE);
  EXPECT_LT(cv::norm(expected, turned.working, cv::NORM_L1) / double(expected.total() * 3), 2.0);
}

TEST(RawDecode, PixelLimitFallsBackToASmallerPreview) {
  REQUIRE_RAW("nikon_d7100_head.nef");
  DecodeOptions options;
  options.max_pixels = 2'000'000;  // the 6000x4000 preview is over it, 1620x1080 is not
  EXPECT_EQ(Decode(RawData("nikon_d7100_head.nef"), options).decoded_from, "preview 1620x1080");
  options.max_pixels = 1'000'000;
  EXPECT_EQ(Decode(RawData("nikon_d7100_head.nef"), options).decoded_from, "preview 570x375");
  options.max_pixels = 100'000;  // only the 160x120 thumbnail fits, and the raw data is cut off
  EXPECT_THROW(Decode(RawData("nikon_d7100_head.nef"), options), Error);
}

TEST(RawDecode, TruncatedRawDataIsRefusedNotJudgedBlack) {
  REQUIRE_RAW("canon_550d_magiclantern.dng");
  TempDir dir;
  const std::string bytes = testing::ReadBytes(RawData("canon_550d_magiclantern.dng"));
  testing::WriteBytes(dir / "cut.dng", bytes.substr(0, bytes.size() / 2));
  try {
    Decode(dir / "cut.dng");
    FAIL() << "a half raw was judged";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("raw data cut off"), std::string::npos) << e.what();
  }
}

TEST(RawDecode, RawWithoutPreviewFollowsPixelLimit) {
  REQUIRE_RAW("canon_550d_magiclantern.dng");
  DecodeOptions options;
  options.max_pixels = 1'000'000;  // 1734x1156 is 2 MP
  try {
    Decode(RawData("canon_550d_magiclantern.dng"), options);
    FAIL() << "the pixel limit was ignored";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--max-pixels"), std::string::npos) << e.what();
  }
}

TEST(RawPairs, JpegAndRawOfOneBaseNameAreCompanions) {
  TempDir dir;
  for (const char* name : {"IMG_1.JPG", "IMG_1.CR2", "IMG_2.jpeg", "IMG_3.NEF", "IMG_4.jpg", "IMG_4.png", ".IMG_2.CR2",
                           "img_2.cr2", "IMG_5.jpg", "IMG_5.JPG.xmp"}) {
    testing::WriteBytes(dir / name, "x");
  }
  EXPECT_EQ(CompanionsOf(dir / "IMG_1.JPG"), std::vector<fs::path>{dir / "IMG_1.CR2"});
  EXPECT_EQ(CompanionsOf(dir / "IMG_1.CR2"), std::vector<fs::path>{dir / "IMG_1.JPG"});
  EXPECT_TRUE(CompanionsOf(dir / "IMG_2.jpeg").empty()) << "hidden files and other spellings are not companions";
  EXPECT_TRUE(CompanionsOf(dir / "IMG_3.NEF").empty());
  EXPECT_TRUE(CompanionsOf(dir / "IMG_4.jpg").empty()) << "a PNG is no camera raw";
  EXPECT_TRUE(CompanionsOf(dir / "IMG_5.jpg").empty());

  const MergedPairs merged = MergePairs({dir / "IMG_1.CR2", dir / "IMG_1.JPG", dir / "IMG_3.NEF", dir / "IMG_4.jpg"});
  EXPECT_EQ(merged.files, (std::vector<fs::path>{dir / "IMG_1.JPG", dir / "IMG_3.NEF", dir / "IMG_4.jpg"}));
  EXPECT_EQ(merged.merged, std::vector<fs::path>{dir / "IMG_1.CR2"});
  EXPECT_EQ(MergePairs({dir / "IMG_1.CR2"}).files, std::vector<fs::path>{dir / "IMG_1.CR2"})
      << "a raw named without its JPEG is judged itself";
}

}  // namespace
}  // namespace versus::engine
