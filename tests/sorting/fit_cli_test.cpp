// `versus fit` end to end: the binary, its exit codes, text and JSON output.
#include <gtest/gtest.h>

#include <algorithm>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
const std::string kVersus = std::string(VERSUS_BINARY_DIR) + "/bin/versus";

struct CliRun {
  int code;
  std::string out;  // stdout + stderr
};

CliRun Versus(const std::string& args) {
  const std::string cmd = kVersus + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  CliRun r{-1, ""};
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class FitCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kVersus)) GTEST_SKIP() << "versus binary not built: " << kVersus;
    dir_ = fs::temp_directory_path() /
           ("versus-fit-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(FitCli, JsonRanksEveryItem) {
  // c beats b beats a, repeatedly (weights), with one tie.
  const std::string csv = Write("votes.csv",
                                "a,b,outcome,weight\nb,a,1,5\nc,b,1,5\nc,a,1,5\na,b,0.5,1\n");
  const CliRun r = Versus("fit " + csv + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["items"].size(), 3u);
  EXPECT_EQ(j["items"][0]["id"], "c");
  EXPECT_EQ(j["items"][0]["rank"], 1);
  EXPECT_EQ(j["items"][2]["id"], "a");
  for (const auto& it : j["items"]) {
    EXPECT_LE(it["ci_low"].get<double>(), it["score"].get<double>());
    EXPECT_GE(it["ci_high"].get<double>(), it["score"].get<double>());
  }
}

// Ids are often file names, which are bytes: two names that differ only in a byte that is
// not UTF-8 were both printed as "caf\ufffd" (one id in the JSON for two items); they
// are written as every other command writes such names (\xHH, path_text.hpp).
TEST_F(FitCli, JsonKeepsIdsThatAreNotUtf8Apart) {
  const std::string csv = Write("votes.csv", "caf\xe9,b,1\ncaf\xe8,b,0\ncaf\xe9,caf\xe8,1\n");
  const CliRun r = Versus("fit " + csv + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  std::vector<std::string> ids;
  for (const auto& it : j["items"]) ids.push_back(it["id"]);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "caf\\xe8", "caf\\xe9"}));
}

TEST_F(FitCli, ThurstoneWithAnchorsKeepsAnchorScores) {
  const std::string csv = Write("votes.csv", "new,low,1\nnew,low,1\nnew,high,0\nnew,high,0\n");
  const std::string anchors = Write("anchors.csv", "id,score\nlow,-1\nhigh,1\n");
  const CliRun r = Versus("fit " + csv + " --model thurstone --anchors " + anchors + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  for (const auto& it : j["items"]) {
    if (it["id"] == "low") {
      EXPECT_EQ(it["score"].get<double>(), -1.0);
    }
    if (it["id"] == "high") {
      EXPECT_EQ(it["score"].get<double>(), 1.0);
    }
    if (it["id"] == "new") {
      EXPECT_NEAR(it["score"].get<double>(), 0.0, 1e-6);
    }
  }
}

TEST_F(FitCli, TextOutputAndExitCodes) {
  const std::string csv = Write("votes.csv", "x,y,1\ny,z,1\n");
  CliRun r = Versus("fit " + csv);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("rank"), std::string::npos);
  EXPECT_LT(r.out.find(" x "), r.out.find(" z ")) << r.out;  // x ranks above z

  r = Versus("fit --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("example"), std::string::npos);

  r = Versus("fit");
  EXPECT_EQ(r.code, 1) << r.out;
  r = Versus("fit " + csv + " --model elo");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("versus: "), std::string::npos);

  r = Versus("fit " + (dir_ / "missing.csv").string());
  EXPECT_EQ(r.code, 3) << r.out;

  // One bad row among good ones: fitted, reported, exit 2.
  const std::string bad = Write("bad.csv", "x,y,1\ny,z,2\nx,z,1\n");
  r = Versus("fit " + bad);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("bad.csv:2:"), std::string::npos) << r.out;

  // Nothing usable: exit 3.
  const std::string none = Write("none.csv", "x,y,nan\n");
  EXPECT_EQ(Versus("fit " + none).code, 3);

  // Duplicate anchor ids: a usage problem with the anchors file, exit 3 with the reason.
  const std::string dup = Write("dup.csv", "x,1\nx,2\n");
  r = Versus("fit " + csv + " --model thurstone --anchors " + dup);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("duplicate anchor id"), std::string::npos) << r.out;
  // Anchors only make sense for Thurstone.
  EXPECT_EQ(Versus("fit " + csv + " --anchors " + dup).code, 1);
}

}  // namespace
