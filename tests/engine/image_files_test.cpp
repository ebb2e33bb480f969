// Finding images: folders, recursion, non-images skipped, symlink loops ended.
#include <gtest/gtest.h>

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

TEST(FindImages, SearchesANamedFolderOfFoldersRecursively) {
  testing::TempDir dir;
  fs::create_directories(dir / "shoot1");
  cv::imwrite((dir / "shoot1" / "a.png").string(), testing::SyntheticScene(64, 64));
  testing::WriteBytes(dir / "index.txt", "");
  const ImageFileList found = FindImages({dir.path()}, false);
  EXPECT_EQ(found.files.size(), 1u);
  ASSERT_EQ(found.searched_recursively.size(), 1u);
  EXPECT_EQ(found.skipped, 1u);
  // A folder with images of its own is not descended into without -r.
  cv::imwrite((dir / "top.png").string(), testing::SyntheticScene(64, 64));
  const ImageFileList flat = FindImages({dir.path()}, false);
  EXPECT_EQ(flat.files.size(), 1u);
  EXPECT_TRUE(flat.searched_recursively.empty());
}

TEST(FindImages, ReportsMissingInputs) {
  const ImageFileList found = FindImages({"/no/such/place"}, false);
  ASSERT_EQ(found.errors.size(), 1u);
  EXPECT_EQ(found.errors[0].path, "/no/such/place");
}

}  // namespace
}  // namespace versus::engine
