// Finding images: folders, recursion, non-images skipped, symlink loops ended.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>

#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

TEST(FindImages, WalksFoldersAndSkipsNonImages) {
  testing::TempDir dir;
  fs::create_directories(dir / "sub");
  cv::imwrite((dir / "a.png").string(), testing::SyntheticScene(64, 64));
  cv::imwrite((dir / "sub" / "b.jpg").string(), testing::SyntheticScene(64, 64));
  std::vector<uchar> png;
  cv::imencode(".png", testing::SyntheticScene(64, 64), png);
  testing::WriteBytes(dir / "photo.dat", std::string(png.begin(), png.end()));  // sniffed by content
  testing::WriteBytes(dir / "README.txt", "notes");
  testing::WriteBytes(dir / "a.png.xmp", "<x:xmpmeta/>");
  testing::WriteBytes(dir / ".hidden.png", "");

  const ImageFileList flat = FindImages({dir.path()}, false);
  EXPECT_EQ(flat.files.size(), 2u);  // a.png and the sniffed .dat
  EXPECT_EQ(flat.skipped, 1u);       // README.txt
  const ImageFileList deep = FindImages({dir.path()}, true);
  EXPECT_EQ(deep.files.size(), 3u);
  EXPECT_TRUE(deep.errors.empty());
}

TEST(FindImages, EndsSymlinkLoopsAndReportsThem) {
  testing::TempDir dir;
  fs::create_directories(dir / "a");
  cv::imwrite((dir / "a" / "x.png").string(), testing::SyntheticScene(64, 64));
  fs::create_directory_symlink("..", dir / "a" / "loop");
  fs::create_symlink(dir / "nowhere.png", dir / "dangling.png");
  const ImageFileList found = FindImages({dir.path()}, true);
  EXPECT_EQ(found.files.size(), 1u);
  const bool loop_reported = std::any_of(found.errors.begin(), found.errors.end(),
                                         [](auto& e) { return e.reason.find("loop") != std::string::npos; });
  const bool dangling_reported = std::any_of(found.errors.begin(), found.errors.end(),
                                             [](auto& e) { return e.reason.find("broken symbolic link") != std::string::npos; });
  EXPECT_TRUE(loop_reported);
  EXPECT_TRUE(dangling_reported);
}

bool HasError(const ImageFileList& found, const std::string& text) {
  return std::any_of(found.errors.begin(), found.errors.end(),
                     [&](auto& e) { return e.reason.find(text) != std::string::npos; });
}

TEST(FindImages, ANamedFolderOfFoldersNeedsRecursive) {
  testing::TempDir dir;
  fs::create_directories(dir / "shoot1");
  cv::imwrite((dir / "shoot1" / "a.png").string(), testing::SyntheticScene(64, 64));
  testing::WriteBytes(dir / "index.txt", "");
  const ImageFileList found = FindImages({dir.path()}, false);
  EXPECT_TRUE(found.files.empty()) << "sub-folders are searched only with -r";
  ASSERT_EQ(found.errors.size(), 1u);
  EXPECT_EQ(found.errors[0].path, dir.path().string());
  EXPECT_NE(found.errors[0].reason.find("add -r"), std::string::npos) << found.errors[0].reason;
  EXPECT_EQ(FindImages({dir.path()}, true).files.size(), 1u);
  // A folder with images of its own is not descended into without -r, and says nothing.
  cv::imwrite((dir / "top.png").string(), testing::SyntheticScene(64, 64));
  const ImageFileList flat = FindImages({dir.path()}, false);
  EXPECT_EQ(flat.files.size(), 1u);
  EXPECT_TRUE(flat.errors.empty());
}

// A PDF and an SVG saved under photo names are refused by content, with a reason; the
// formats versus judges are found by content whatever their name.
TEST(FindImages, OnlyRasterFormatsByContent) {
  testing::TempDir dir;
  cv::imwrite((dir / "real.png").string(), testing::SyntheticScene(64, 64));
  testing::WriteBytes(dir / "invoice.jpg",
                      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
                      "endobj\n3 0 obj<</Type/Page/MediaBox[0 0 64 64]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
  testing::WriteBytes(dir / "logo.jpg",
                      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\">"
                      "<rect width=\"64\" height=\"64\" fill=\"red\"/></svg>");
  testing::WriteBytes(dir / "drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>");
  const ImageFileList found = FindImages({dir.path()}, false);
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0].filename(), "real.png");
  EXPECT_EQ(found.errors.size(), 2u) << "the two renamed documents are reported";
  EXPECT_TRUE(HasError(found, "not a raster image"));
  EXPECT_EQ(found.skipped, 1u) << "drawing.svg: a drawing, not a photo";
  // Named directly, a document is refused too.
  const ImageFileList named = FindImages({dir / "invoice.jpg"}, false);
  EXPECT_TRUE(named.files.empty());
  EXPECT_TRUE(HasError(named, "not a raster image"));
  EXPECT_EQ(RasterFormatOf(dir / "real.png"), "PNG");
  EXPECT_EQ(RasterFormatOf(dir / "invoice.jpg"), "");
}

TEST(FindImages, SymlinksOutsideTheFolderAreListedNotFollowed) {
  testing::TempDir dir;
  fs::create_directories(dir / "shoot");
  fs::create_directories(dir / "elsewhere" / "deep");
  cv::imwrite((dir / "shoot" / "a.png").string(), testing::SyntheticScene(64, 64));
  cv::imwrite((dir / "elsewhere" / "b.png").string(), testing::SyntheticScene(64, 64));
  cv::imwrite((dir / "elsewhere" / "deep" / "c.png").string(), testing::SyntheticScene(64, 64));
  fs::create_directory_symlink(dir / "elsewhere", dir / "shoot" / "linked");
  fs::create_symlink(dir / "elsewhere" / "b.png", dir / "shoot" / "b-link.png");
  fs::create_directory_symlink("/proc", dir / "shoot" / "proc");
  fs::create_directories(dir / "shoot" / "sub");
  fs::create_symlink("../a.png", dir / "shoot" / "sub" / "inside.png");  // stays inside: followed

  const ImageFileList kept = FindImages({dir / "shoot"}, true);
  EXPECT_EQ(kept.files.size(), 1u) << "a.png once (sub/inside.png is the same file)";
  EXPECT_EQ(kept.errors.size(), 3u);
  EXPECT_TRUE(HasError(kept, "leads outside"));
  EXPECT_TRUE(HasError(kept, "--follow-links"));

  // A command that only reads takes the link to one photo, never the links to folders.
  const ImageFileList read = FindImages({dir / "shoot"}, true, /*follow_links=*/false, /*read_file_links=*/true);
  EXPECT_EQ(read.files.size(), 2u) << "a.png and b-link.png";
  EXPECT_EQ(read.errors.size(), 2u) << "the linked folder and /proc";

  fs::remove(dir / "shoot" / "proc");
  const ImageFileList followed = FindImages({dir / "shoot"}, true, /*follow_links=*/true);
  EXPECT_EQ(followed.files.size(), 3u) << "a, b (once: link and folder), c";
}

TEST(FindImages, ReportsSpecialFilesAndTwoFileLoops) {
  testing::TempDir dir;
  cv::imwrite((dir / "a.png").string(), testing::SyntheticScene(64, 64));
  ASSERT_EQ(::mkfifo((dir / "pipe.jpg").c_str(), 0600), 0);
  fs::create_symlink(dir / "y.png", dir / "x.png");
  fs::create_symlink(dir / "x.png", dir / "y.png");
  const ImageFileList found = FindImages({dir.path()}, false);
  EXPECT_EQ(found.files.size(), 1u);
  EXPECT_TRUE(HasError(found, "FIFO")) << "a named pipe is reported, not dropped";
  EXPECT_TRUE(HasError(found, "symbolic link loop"));
  EXPECT_FALSE(HasError(found, "broken symbolic link"));
  const ImageFileList named = FindImages({dir / "pipe.jpg", dir / "x.png"}, false);
  EXPECT_TRUE(named.files.empty());
  EXPECT_TRUE(HasError(named, "FIFO"));
  EXPECT_TRUE(HasError(named, "symbolic link loop"));
}

TEST(FindImages, OneFileUnderTwoNamesIsFoundOnce) {
  testing::TempDir dir;
  cv::imwrite((dir / "a.png").string(), testing::SyntheticScene(64, 64));
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  const ImageFileList found = FindImages({"a.png", dir / "a.png", "./a.png", dir.path()}, false);
  fs::current_path(cwd);
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0], "a.png") << "the name first given is kept";
}

TEST(FindImages, APhotoAndALinkToItAreFoundByThePhotosOwnName) {
  testing::TempDir dir;
  fs::create_directories(dir / "sub");
  cv::imwrite((dir / "a.png").string(), testing::SyntheticScene(64, 64));
  fs::create_symlink("../a.png", dir / "sub" / "link.png");
  // The link named (or walked) first: sort --move must still move a.png, not the link.
  const ImageFileList found = FindImages({dir / "sub" / "link.png", dir.path()}, true);
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0], dir / "a.png");
  const ImageFileList walked = FindImages({dir.path()}, true);
  ASSERT_EQ(walked.files.size(), 1u);
  EXPECT_EQ(walked.files[0], dir / "a.png");
}

TEST(FindImages, ReportsMissingInputs) {
  const ImageFileList found = FindImages({"/no/such/place"}, false);
  ASSERT_EQ(found.errors.size(), 1u);
  EXPECT_EQ(found.errors[0].path, "/no/such/place");
}

}  // namespace
}  // namespace versus::engine
