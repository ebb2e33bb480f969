// The smaller promises of issue 17: no `.versus-partial` left by a full disk or by the
// undo of a killed cross-filesystem move, identical photos get identical stars, and
// extended attributes survive an embedded rating write.
#include <sys/xattr.h>

#include <gtest/gtest.h>

#include "shoot_fixture.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

std::size_t CountPartials(const fs::path& root) {
  std::size_t partials = 0;
  if (!fs::exists(root)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    partials += e.path().filename().string().ends_with(".versus-partial");
  }
  return partials;
}

fs::path MakeBigPhotos(const TempDir& dir) {
  const fs::path shoot = dir / "shoot";
  fs::create_directories(shoot);
  for (int i = 0; i < 3; ++i) {
    cv::imwrite((shoot / ("img" + std::to_string(i) + ".jpg")).string(), SyntheticScene(900, 600, 60 + i));
  }
  return shoot;
}

// The copies hit a file-size limit (EFBIG, as a full disk gives ENOSPC) half way.
TEST(Hardening, AFullDiskLeavesNoPartialFile) {
  TempDir dir;
  const fs::path shoot = MakeBigPhotos(dir), into = dir / "sorted";
  ASSERT_GT(fs::file_size(shoot / "img0.jpg"), 24u * 1024);
  const CommandResult r = RunCommand("bash -c \"trap '' XFSZ; ulimit -f 16; exec " + Versus() + " sort " +
                                     Quote(shoot) + " --into " + Quote(into) + " --copy --judge features\"");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("cannot copy"), std::string::npos) << r.err;
  EXPECT_EQ(CountPartials(dir.path()), 0u) << r.err;
}

std::string Fnv1a(const std::string& bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// A cross-filesystem move killed during its copy: the journal names the move, the
// source is intact, a partial copy lies beside the target. Undo tidies all of it.
TEST(Hardening, UndoOfAKilledCrossFilesystemMoveRemovesThePartial) {
  TempDir dir;
  const fs::path shoot = MakeBigPhotos(dir), into = dir / "sorted", photo = shoot / "img0.jpg";
  fs::create_directories(into / "5-stars");
  const std::string bytes = ReadBytes(photo);
  WriteBytes(into / "5-stars" / ".img0.jpg.versus-partial", bytes.substr(0, bytes.size() / 2));
  const fs::path journal = into / ".versus-journal-20260101T000000Z.jsonl";
  const nlohmann::json lines[] = {
      {{"op", "mkdir"}, {"path", into.string()}},
      {{"op", "mkdir"}, {"path", (into / "5-stars").string()}},
      {{"op", "move"}, {"from", photo.string()}, {"to", (into / "5-stars" / "img0.jpg").string()},
       {"size", bytes.size()}, {"mtime_ns", MtimeNs(photo)}, {"fingerprint", Fnv1a(bytes)}}};
  std::string text;
  for (const auto& line : lines) text += line.dump() + "\n";
  WriteBytes(journal, text);
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_EQ(CountPartials(dir.path()), 0u);
  EXPECT_FALSE(fs::exists(into)) << "the folders the run made are gone with the partial";
  EXPECT_EQ(ReadBytes(photo), bytes);
}

TEST(Hardening, IdenticalPhotosGetIdenticalScoresAndStars) {
  TempDir dir;
  const fs::path shoot = MakeBigPhotos(dir);
  fs::copy_file(shoot / "img1.jpg", shoot / "copy-of-img1.jpg");
  cv::imwrite((shoot / "img3.jpg").string(), SyntheticScene(900, 600, 70));
  // The learned judge (the default) left copies a hair apart, enough for two stars.
  const CommandResult r = RunCommand(Versus() + " rank --json " + Quote(shoot));
  ASSERT_EQ(r.status, 0) << r.err;
  std::map<std::string, nlohmann::json> by_name;
  const nlohmann::json doc = ParseJson(r);
  for (const auto& image : doc["images"]) by_name[fs::path(image["path"].get<std::string>()).filename()] = image;
  ASSERT_EQ(by_name.size(), 5u);
  EXPECT_EQ(by_name["img1.jpg"]["stars"], by_name["copy-of-img1.jpg"]["stars"]) << r.out;
  EXPECT_EQ(by_name["img1.jpg"]["score"], by_name["copy-of-img1.jpg"]["score"]) << r.out;
}

TEST(Hardening, EmbeddedWritesKeepExtendedAttributes) {
  TempDir dir;
  const fs::path shoot = MakeBigPhotos(dir), photo = shoot / "img0.jpg";
  const std::string value = "keep me";
  if (::setxattr(photo.c_str(), "user.versus_test", value.data(), value.size(), 0) != 0) {
    GTEST_SKIP() << "this file system has no user extended attributes";
  }
  const CommandResult r = RunCommand(Versus() + " rate --judge features --target embedded " + Quote(shoot));
  ASSERT_EQ(r.status, 0) << r.err;
  char got[32] = {};
  const ssize_t n = ::getxattr(photo.c_str(), "user.versus_test", got, sizeof got);
  EXPECT_EQ(std::string(got, std::size_t(std::max<ssize_t>(0, n))), value);
}

}  // namespace
}  // namespace versus::testing

namespace versus::testing {
namespace {

std::int64_t AtimeNs(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return std::int64_t(st.st_atim.tv_sec) * 1'000'000'000 + st.st_atim.tv_nsec;
}

// An access time an hour ahead, after the mtime and the ctime this very call sets:
// reading the photo to rank it does not move it (relatime updates only an atime older
// than mtime or ctime, or a day old), so whatever changes it is versus's own doing.
void SetRecentAtime(const fs::path& folder) {
  const std::time_t hour_ahead = std::time(nullptr) + 3600;
  for (const auto& e : fs::directory_iterator(folder)) {
    const timespec t[2] = {{hour_ahead, 5}, {1'500'000'000, 123'456'789}};
    ::utimensat(AT_FDCWD, e.path().c_str(), t, 0);
  }
}

TEST(Hardening, CopiesAndUndoKeepTheAccessTime) {
  TempDir dir;
  const fs::path shoot = MakeBigPhotos(dir), into = dir / "sorted";
  SetRecentAtime(shoot);
  const std::int64_t atime = AtimeNs(shoot / "img0.jpg");
  const CommandResult copy = RunCommand(Versus() + " sort --by rank --judge features " + Quote(shoot) + " --into " +
                                        Quote(dir / "copies"));
  ASSERT_EQ(copy.status, 0) << copy.err;
  for (const auto& e : fs::directory_iterator(dir / "copies")) {
    if (e.path().filename().string().ends_with("img0.jpg")) {
      EXPECT_EQ(AtimeNs(e.path()), atime) << e.path();
    }
  }
  const CommandResult move = RunCommand(Versus() + " sort --move --judge features " + Quote(shoot) + " --into " +
                                        Quote(into));
  ASSERT_EQ(move.status, 0) << move.err;
  const CommandResult undo = RunCommand(Versus() + " undo " + Quote(JournalOf(move)));
  ASSERT_EQ(undo.status, 0) << undo.err;
  EXPECT_EQ(AtimeNs(shoot / "img0.jpg"), atime) << "moved there and back, access time as it was";
}

}  // namespace
}  // namespace versus::testing
