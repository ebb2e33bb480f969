// build/bin/versus with --judge lmm against the fake model server running in this test
// process: compare (2 and 4 images, a free question), rank, the cache on a rerun, errors.
#include <set>

#include "lmm_test_support.hpp"

namespace versus::testing {
namespace {

using nlohmann::json;

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

class LmmCliTest : public ::testing::Test {
 protected:
  LmmCliTest() : photos(WritePhotos(dir.path(), 4)) { fs::create_directories(dir / "cache"); }

  // `versus <args> --judge lmm --server URL` with the cache in our temp folder.
  CommandResult Versus(const FakeModelServer& server, const std::string& args, const std::string& env = "") const {
    return RunCommand("XDG_CACHE_HOME=" + Quote(dir / "cache") + " " + env + " " + std::string(VERSUS_BINARY_DIR) +
                      "/bin/versus " + args + " --judge lmm --model co-instruct-test --lmm-retries 0 --server " +
                      server.base_url());
  }
  std::string Photos(std::size_t n) const {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += Quote(photos[i]) + " ";
    return out;
  }
  static json Json(const CommandResult& r) {
    const json doc = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << r.out << "\nstderr: " << r.err;
    return doc;
  }

  TempDir dir;
  std::vector<fs::path> photos;
};

TEST_F(LmmCliTest, CompareRoundTripThenRerunFromCache) {
  FakeModelServer server(PrefersSecond);
  const CommandResult first = Versus(server, "compare " + Photos(2) + "--json");
  ASSERT_EQ(first.status, 0) << first.err;
  const json doc = Json(first);
  EXPECT_EQ(doc["winner"], photos[1].string());
  EXPECT_NEAR(doc["probability"].get<double>(), 0.8 / 0.95, 1e-9);
  EXPECT_EQ(doc["order"], json::array({photos[1].string(), photos[0].string()}));
  EXPECT_EQ(doc["reason"], "'photo2.png' is sharper than 'photo1.png'.");
  EXPECT_EQ(doc["answer"], "second, first\nThe second image is sharper than the first image.");
  EXPECT_EQ(doc["judge"], "lmm");
  EXPECT_EQ(doc["probability_method"], "logprobs");
  EXPECT_EQ(doc["server_calls"], 1);
  EXPECT_EQ(server.request_count(), 1u);

  const CommandResult rerun = Versus(server, "compare " + Photos(2) + "--json");
  ASSERT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_EQ(server.request_count(), 1u);  // nothing asked again
  EXPECT_EQ(Json(rerun)["server_calls"], 0);
  EXPECT_EQ(Json(rerun)["cache_hits"], 1);
  EXPECT_EQ(Json(rerun)["probability"], doc["probability"]);

  // The cache lives under XDG_CACHE_HOME, never beside the photos.
  std::size_t entries = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "cache" / "versus" / "lmm")) entries += e.is_regular_file();
  EXPECT_EQ(entries, 1u);
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_TRUE(e.path().extension() == ".png" || e.path().filename() == "cache") << e.path();
  }
}

TEST_F(LmmCliTest, FourImagesAndAFreeQuestionAreOneRequest) {
  FakeModelServer server(PrefersSecond);
  const CommandResult r = Versus(server, "compare " + Photos(4) + "--json --question 'Which is sharper? Why?'");
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(server.request_count(), 1u);
  const json content = BodyWithoutImages(server.requests()[0].body)["messages"][0]["content"];
  EXPECT_EQ(content[8]["text"].get<std::string>().rfind(" Which is sharper? Why?\n", 0), 0u) << content[8];
  const json doc = Json(r);
  EXPECT_EQ(doc["order"], json::array({photos[3].string(), photos[1].string(), photos[0].string(), photos[2].string()}));
  EXPECT_EQ(doc["winner"], photos[3].string());
  EXPECT_NEAR(doc["probability"].get<double>(), 0.6, 1e-9);
  EXPECT_EQ(doc["reason"], "'photo4.png' is the sharpest; the third is noisy.");
  EXPECT_NE(doc["answer"].get<std::string>().find("fourth, second, first, third"), std::string::npos);
}

TEST_F(LmmCliTest, DumpRequestShowsTheBodyWithoutImageBytes) {
  FakeModelServer server(PrefersSecond);
  const CommandResult r = Versus(server, "compare " + Photos(2) + "--json --lmm-dump-request");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("versus: request to the model server: {"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("data:image/jpeg;base64,<"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" base64 bytes>"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("/9j/"), std::string::npos);  // a JPEG's first bytes in base64
}

TEST_F(LmmCliTest, ServerFailureIsExit3WithReasonAndNoKey) {
  FakeModelServer server([](const FakeRequest& r, std::size_t) { return FakeResponse{500, r.headers}; });
  const CommandResult r = Versus(server, "compare " + Photos(2) + "--json", "VERSUS_LMM_API_KEY=sk-cli-secret-77");
  EXPECT_EQ(r.status, 3);
  EXPECT_TRUE(r.out.empty()) << r.out;  // no made-up verdict
  EXPECT_NE(r.err.find("versus compare: the model server answered HTTP 500"), std::string::npos) << r.err;
  EXPECT_NE(server.requests()[0].headers.find("Bearer sk-cli-secret-77"), std::string::npos);
  EXPECT_EQ(r.err.find("sk-cli-secret-77"), std::string::npos) << r.err;
}

TEST_F(LmmCliTest, RankAsksEachPairOnceAndRerunAsksNothing) {
  FakeModelServer server(PrefersSecond);
  const CommandResult first = Versus(server, "rank " + Photos(3) + "--json");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(Json(first)["comparisons"], 3);
  EXPECT_EQ(Json(first)["server_calls"], 3);
  EXPECT_EQ(server.request_count(), 3u);
  // Sides balanced: pairs (1,0), (0,2), (2,1) are asked, so each photo is shown first once
  // (in index order it would be photo1 twice, photo2 once).
  std::set<std::string> shown_first;
  for (const auto& r : server.requests()) shown_first.insert(json::parse(r.body)["messages"][0]["content"][1].dump());
  EXPECT_EQ(shown_first.size(), 3u);
  const CommandResult rerun = Versus(server, "rank " + Photos(3) + "--json");
  ASSERT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_EQ(Json(rerun)["server_calls"], 0);
  EXPECT_EQ(Json(rerun)["cache_hits"], 3);
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(Json(rerun)["images"][0]["path"], Json(first)["images"][0]["path"]);
}

TEST_F(LmmCliTest, QuestionNeedsTheModelJudge) {
  const CommandResult r = RunCommand(std::string(VERSUS_BINARY_DIR) + "/bin/versus compare " + Photos(2) +
                                     "--question 'Which is sharper?'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--question needs --judge lmm"), std::string::npos) << r.err;
}

TEST_F(LmmCliTest, ServerWithoutTheModelJudgeIsRefused) {
  const CommandResult r = RunCommand(std::string(VERSUS_BINARY_DIR) + "/bin/versus compare " + Photos(2) +
                                     "--server http://127.0.0.1:9/v1");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("add --judge lmm"), std::string::npos) << r.err;
}

TEST_F(LmmCliTest, HelpListsTheModelFlags) {
  const CommandResult r = RunCommand(std::string(VERSUS_BINARY_DIR) + "/bin/versus compare --help");
  EXPECT_EQ(r.status, 0);
  for (const char* flag : {"--server URL", "--model NAME", "--question", "--lmm-dimensions", "VERSUS_LMM_API_KEY", "lmm: "}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace versus::testing
