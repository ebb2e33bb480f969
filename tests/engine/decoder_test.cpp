// Decoding: every format and pixel layout we promise, EXIF orientation, and each kind
// of bad input giving a reason that names the problem.
#include <gtest/gtest.h>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

void ExpectWorkingView(const DecodedImage& d, int width, int height) {
  EXPECT_EQ(d.width, width);
  EXPECT_EQ(d.height, height);
  EXPECT_EQ(d.working.type(), CV_8UC3);
  EXPECT_LE(std::max(d.working.cols, d.working.rows), DecodeOptions{}.working_size);
  ASSERT_FALSE(d.tiles.empty());
  EXPECT_EQ(d.tiles[0].type(), CV_8UC3);
}

TEST(Decoder, ReadsCommonFormatsAndLayouts) {
  TempDir dir;
  const cv::Mat scene = testing::SyntheticScene(800, 600);
  cv::Mat grey, rgba, sixteen;
  cv::cvtColor(scene, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(scene, rgba, cv::COLOR_BGR2BGRA);
  scene.convertTo(sixteen, CV_16UC3, 257.0);
  const std::vector<std::pair<std::string, cv::Mat>> files = {
      {"a.jpg", scene}, {"b.png", scene}, {"c.tif", scene}, {"d.webp", scene},
      {"grey.png", grey}, {"alpha.png", rgba}, {"deep.png", sixteen}, {"deep.tif", sixteen}};
  for (const auto& [name, pixels] : files) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(cv::imwrite((dir / name).string(), pixels));
    ExpectWorkingView(Decode(dir / name), 800, 600);
  }
}

TEST(Decoder, SixteenBitMatchesEightBit) {
  TempDir dir;
  const cv::Mat scene = testing::SyntheticScene();
  cv::Mat sixteen;
  scene.convertTo(sixteen, CV_16UC3, 257.0);
  cv::imwrite((dir / "8.png").string(), scene);
  cv::imwrite((dir / "16.png").string(), sixteen);
  const cv::Mat a = Decode(dir / "8.png").working, b = Decode(dir / "16.png").working;
  EXPECT_LT(cv::norm(a, b, cv::NORM_INF), 3.0);
}

TEST(Decoder, AlphaIsFlattenedAgainstWhite) {
  TempDir dir;
  cv::Mat transparent(100, 100, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  cv::imwrite((dir / "clear.png").string(), transparent);
  EXPECT_GT(cv::mean(Decode(dir / "clear.png").working)[0], 250.0);
}

TEST(Decoder, HonoursExifOrientation) {
  TempDir dir;
  cv::imwrite((dir / "turned.jpg").string(), testing::SyntheticScene(640, 480));
  const auto r = testing::RunCommand("exiftool -q -overwrite_original -n -Orientation=6 '" + (dir / "turned.jpg").string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  const DecodedImage d = Decode(dir / "turned.jpg");
  EXPECT_GT(d.working.rows, d.working.cols) << "a 90-degree orientation tag must make it portrait";
}

TEST(Decoder, ReadsCmykJpeg) {
  TempDir dir;
  cv::imwrite((dir / "rgb.png").string(), testing::SyntheticScene());
  const auto r = testing::RunCommand("convert '" + (dir / "rgb.png").string() + "' -colorspace CMYK '" +
                              (dir / "cmyk.jpg").string() + "'");
  if (r.status != 0) GTEST_SKIP() << "ImageMagick convert unavailable: " << r.err;
  const DecodedImage d = Decode(dir / "cmyk.jpg");
  ExpectWorkingView(d, 640, 480);
  // Colours survive the CMYK round trip roughly (not inverted, not black).
  const cv::Mat original = Decode(dir / "rgb.png").working;
  EXPECT_LT(cv::norm(cv::mean(original) - cv::mean(d.working)), 40.0);
}

// An interlaced PNG (or a GIF) is decoded whole by libvips: its memory is bounded by
// max_whole_decode_bytes, counted from the header before a pixel is read.
TEST(Decoder, InterlacedPngIsDecodedWholeOnlyUnderTheMemoryLimit) {
  TempDir dir;
  const fs::path plain = dir / "plain.png", interlaced = dir / "interlaced.png";
  cv::imwrite(plain.string(), testing::SyntheticScene(1200, 4000, 5));
  const auto r = testing::RunCommand("convert '" + plain.string() + "' -interlace PNG '" + interlaced.string() + "'");
  if (r.status != 0) GTEST_SKIP() << "ImageMagick convert unavailable: " << r.err;

  const std::int64_t whole = 1200 * 4000 * 3;
  EXPECT_EQ(DecodeMemoryEstimate(interlaced), whole);
  EXPECT_LT(DecodeMemoryEstimate(plain), whole / 4);  // read in strips
  EXPECT_EQ(DecodeMemoryEstimate(dir / "missing.png"), 0);

  DecodeOptions small;
  small.max_whole_decode_bytes = whole - 1;
  try {
    Decode(interlaced, small);
    ADD_FAILURE() << "expected the interlaced PNG to be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), interlaced.string());
    EXPECT_NE(std::string(e.what()).find("an interlaced PNG of 1200x4000 pixels is decoded whole"), std::string::npos)
        << e.what();
  }
  ExpectWorkingView(Decode(plain, small), 1200, 4000);  // the same pixels in strips are fine

  // Under the limit it decodes once, to the same view and tiles as the plain file.
  const DecodedImage a = Decode(interlaced);
  const DecodedImage b = Decode(plain);
  EXPECT_EQ(cv::norm(a.working, b.working, cv::NORM_INF), 0.0);
  ASSERT_EQ(a.tiles.size(), b.tiles.size());
  EXPECT_EQ(cv::norm(a.tiles[0], b.tiles[0], cv::NORM_INF), 0.0);
}

// The decode-memory budget limits how many decodes run at once, never whether they run.
TEST(Decoder, DecodeBudgetSmallerThanAnImageStillProfilesEveryImage) {
  TempDir dir;
  std::vector<fs::path> paths;
  for (int i = 0; i < 6; ++i) {
    paths.push_back(dir / ("p" + std::to_string(i) + ".png"));
    cv::imwrite(paths.back().string(), testing::SyntheticScene(320, 240, i));
  }
  ProfileOptions options;
  options.jobs = 3;
  options.decode_memory_budget = 1;  // one decode at a time
  const ProfileSet set = ProfileAll(paths, options);
  EXPECT_EQ(set.images.size(), paths.size());
  EXPECT_TRUE(set.errors.empty());
}

TEST(Decoder, ReadsUnicodeAndSpaceNames) {
  TempDir dir;
  const auto path = dir / "Ünïcödé photo ☀ 1.png";
  cv::imwrite("/tmp/versus-unicode-src.png", testing::SyntheticScene());
  std::filesystem::rename("/tmp/versus-unicode-src.png", path);
  ExpectWorkingView(Decode(path), 640, 480);
}

// Each bad input must throw an Error whose path is the file and whose reason contains
// the expected words.
void ExpectRejected(const std::filesystem::path& path, const std::string& words) {
  try {
    Decode(path);
    ADD_FAILURE() << path << " decoded, but should have been rejected";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), path.string());
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << "reason was: " << e.what();
  }
}

TEST(Decoder, RejectsBadInputWithAReason) {
  TempDir dir;
  testing::WriteBytes(dir / "empty.jpg", "");
  testing::WriteBytes(dir / "notes.jpg", "this is a text file, not a photo\n");
  cv::imwrite((dir / "whole.jpg").string(), testing::SyntheticScene());
  const std::string jpeg = testing::ReadBytes(dir / "whole.jpg");
  testing::WriteBytes(dir / "cut.jpg", jpeg.substr(0, jpeg.size() / 2));
  testing::WritePngBomb(dir / "bomb.png", 50000, 50000);

  ExpectRejected(dir / "empty.jpg", "empty file");
  ExpectRejected(dir / "notes.jpg", "not an image");
  ExpectRejected(dir / "cut.jpg", "truncated");
  ExpectRejected(dir / "bomb.png", "too large");
  ExpectRejected(dir / "missing.jpg", "no such file");
  ExpectRejected(dir.path(), "folder");
}

TEST(Decoder, ReportsUnreadableFiles) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file: permissions cannot be tested as root";
  TempDir dir;
  cv::imwrite((dir / "locked.png").string(), testing::SyntheticScene());
  std::filesystem::permissions(dir / "locked.png", std::filesystem::perms::none);
  ExpectRejected(dir / "locked.png", "permission denied");
}

TEST(Decoder, FromPixelsMatchesDecodeOfTheSameImage) {
  TempDir dir;
  const cv::Mat scene = testing::SyntheticScene();
  cv::imwrite((dir / "s.png").string(), scene);
  const DecodedImage from_file = Decode(dir / "s.png"), from_pixels = FromPixels(scene);
  EXPECT_LT(cv::norm(from_file.working, from_pixels.working, cv::NORM_INF), 2.0);
  ASSERT_EQ(from_file.tiles.size(), from_pixels.tiles.size());
  EXPECT_EQ(cv::norm(from_file.tiles[0], from_pixels.tiles[0], cv::NORM_INF), 0.0);
}

}  // namespace
}  // namespace versus::engine
