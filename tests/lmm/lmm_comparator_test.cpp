// LmmComparator against a fake model server: the request it sends, how it reads the
// answer, the cache, and every failure mode ending in a clear error or a documented
// fallback, never a made-up verdict.
#include <cmath>

#include <opencv2/imgcodecs.hpp>

#include "lmm_test_support.hpp"
#include "versus/engine.hpp"

namespace versus::testing {
namespace {

using engine::ImageProfile;
using engine::LmmComparator;
using nlohmann::json;

constexpr double kTolerance = 1e-9;

// A profile with only its path: all the lmm judge reads of an image.
ImageProfile ProfileOf(std::string path) {
  ImageProfile profile;
  profile.path = std::move(path);
  return profile;
}

class LmmComparatorTest : public ::testing::Test {
 protected:
  LmmComparatorTest() {
    for (const auto& path : WritePhotos(dir.path(), 4)) images.push_back(ProfileOf(path.string()));
  }
  engine::LmmOptions Options(const FakeModelServer& server) const {
    engine::LmmOptions options;
    options.server = server.base_url();
    options.model = "co-instruct-test";
    options.cache_dir = dir / "cache";
    options.retries = 1;
    options.backoff_s = 0.01;
    options.timeout_s = 10;
    return options;
  }
  std::vector<const ImageProfile*> First(std::size_t n) const {
    std::vector<const ImageProfile*> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(&images[i]);
    return out;
  }
  std::string ErrorOf(const LmmComparator& judge) const {
    try {
      judge.Compare(images[0], images[1]);
    } catch (const engine::Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected engine::Error";
    return "";
  }

  TempDir dir;
  std::vector<ImageProfile> images;
};

const char* kPairQuestion =
    " Which image has the better technical quality (sharpness, noise, exposure, colour, compression artefacts)?\n"
    "On the first line, list the images from best to worst as ordinal words separated by commas "
    "(for example: second, first). Then explain why in one sentence.";

TEST_F(LmmComparatorTest, TwoImageRequestIsInterleavedCoInstructForm) {
  FakeModelServer server(PrefersSecond);
  LmmComparator judge(Options(server));
  judge.Compare(images[0], images[1]);
  ASSERT_EQ(server.request_count(), 1u);
  const FakeRequest request = server.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/v1/chat/completions");
  const json expected = {
      {"model", "co-instruct-test"},
      {"messages",
       {{{"role", "user"},
         {"content",
          {{{"type", "text"}, {"text", "The first image: "}},
           {{"type", "image_url"}, {"image_url", {{"url", "<image>"}}}},
           {{"type", "text"}, {"text", " The second image: "}},
           {{"type", "image_url"}, {"image_url", {{"url", "<image>"}}}},
           {{"type", "text"}, {"text", kPairQuestion}}}}}}},
      {"temperature", 0.0},
      {"max_tokens", 300},
      {"logprobs", true},
      {"top_logprobs", 5}};
  EXPECT_EQ(BodyWithoutImages(request.body), expected) << BodyWithoutImages(request.body).dump(2);
}

TEST_F(LmmComparatorTest, ImagesAreDownscaledJpegsAndFilesUntouched) {
  FakeModelServer server(PrefersSecond);
  const std::string before = ReadBytes(images[0].path);
  LmmComparator(Options(server)).Compare(images[0], images[1]);
  const json body = json::parse(server.requests()[0].body);
  const std::string url = body["messages"][0]["content"][1]["image_url"]["url"];
  ASSERT_EQ(url.rfind("data:image/jpeg;base64,", 0), 0u);
  const std::string jpeg = Base64Decode(url.substr(url.find(',') + 1));
  const cv::Mat sent = cv::imdecode(std::vector<uchar>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.cols, 768);  // 1024x768 -> long side 768
  EXPECT_EQ(sent.rows, 576);
  EXPECT_EQ(ReadBytes(images[0].path), before);
}

// A camera raw goes to the model as what the other judges see of it: its embedded
// preview (ARW, 1616x1080) or its developed raw data (DNG without preview, 1734x1156).
TEST_F(LmmComparatorTest, RawsAreSentAsTheirPreviewOrDevelopedData) {
  const fs::path raws = SharedData() / "raw";
  if (!fs::exists(raws / "sony_slt-a55v_head.arw") || !fs::exists(raws / "canon_550d_magiclantern.dng")) {
    GTEST_SKIP() << raws << " is absent";
  }
  FakeModelServer server(PrefersSecond);
  const ImageProfile arw = ProfileOf((raws / "sony_slt-a55v_head.arw").string()),
                     dng = ProfileOf((raws / "canon_550d_magiclantern.dng").string());
  LmmComparator(Options(server)).Compare(arw, dng);
  const json content = json::parse(server.requests()[0].body)["messages"][0]["content"];
  for (const auto& [index, rows] : {std::pair{1, 513}, std::pair{3, 512}}) {
    const std::string url = content[index]["image_url"]["url"];
    const std::string jpeg = Base64Decode(url.substr(url.find(',') + 1));
    const cv::Mat sent = cv::imdecode(std::vector<uchar>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
    ASSERT_FALSE(sent.empty());
    EXPECT_EQ(sent.cols, 768);
    EXPECT_EQ(sent.rows, rows);
    cv::Scalar mean, spread;
    cv::meanStdDev(sent, mean, spread);
    EXPECT_GT(spread[0] + spread[1] + spread[2], 10.0) << "a picture, not a flat or black frame";
  }
}

TEST_F(LmmComparatorTest, FourImagesAreOneQuestionWithAllFourInOrder) {
  FakeModelServer server(PrefersSecond);
  LmmComparator judge(Options(server));
  const engine::LmmAnswer answer = judge.Ask(First(4), judge.OverallQuestion(4));
  ASSERT_EQ(server.request_count(), 1u);
  const json content = BodyWithoutImages(server.requests()[0].body)["messages"][0]["content"];
  ASSERT_EQ(content.size(), 9u);
  EXPECT_EQ(content[6]["text"], " The fourth image: ");
  EXPECT_NE(content[8]["text"].get<std::string>().find("the best technical quality"), std::string::npos);
  EXPECT_NE(content[8]["text"].get<std::string>().find("(for example: second, fourth, first, third)"), std::string::npos);
  EXPECT_EQ(answer.order, (std::vector<std::size_t>{3, 1, 0, 2}));
  // third is not among the top log-probabilities: it gets the smallest listed one (0.05).
  ASSERT_EQ(answer.p_best.size(), 4u);
  EXPECT_NEAR(answer.p_best[3], 0.6, kTolerance);
  EXPECT_NEAR(answer.p_best[2], 0.05, kTolerance);
  EXPECT_EQ(answer.method, "logprobs");
}

TEST_F(LmmComparatorTest, ProbabilityIsSoftmaxOfAnswerTokenOverOrdinals) {
  FakeModelServer server(PrefersSecond);
  LmmComparator judge(Options(server));
  const engine::Verdict v = judge.Compare(images[0], images[1]);
  EXPECT_NEAR(v.p_a_better, 0.15 / 0.95, kTolerance);
  ASSERT_EQ(v.dimensions.size(), 1u);
  EXPECT_EQ(v.dimensions[0].dimension, engine::Dimension::kOverall);
  EXPECT_NEAR(v.dimensions[0].margin, std::log(0.15 / 0.8), kTolerance);
  EXPECT_EQ(v.reason.winner, engine::Side::kSecond);
  EXPECT_EQ(engine::ReasonText(v.reason), "The second image is sharper than the first image.");
  EXPECT_EQ(engine::ReasonText(v.reason, {"'a.png'", "'b.png'"}), "'b.png' is sharper than 'a.png'.");
}

TEST_F(LmmComparatorTest, RerunIsAnsweredFromTheCacheInEitherOrder) {
  FakeModelServer server(PrefersSecond);
  const double p = LmmComparator(Options(server)).Compare(images[0], images[1]).p_a_better;
  ASSERT_EQ(server.request_count(), 1u);
  LmmComparator rerun(Options(server));  // a new process would read the same folder
  EXPECT_NEAR(rerun.Compare(images[0], images[1]).p_a_better, p, kTolerance);
  const engine::Verdict flipped = rerun.Compare(images[1], images[0]);
  EXPECT_NEAR(flipped.p_a_better, 1 - p, kTolerance);
  EXPECT_EQ(flipped.reason.winner, engine::Side::kFirst);
  EXPECT_EQ(engine::ReasonText(flipped.reason), "The first image is sharper than the second image.");
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_EQ(rerun.stats().server_calls, 0u);
  EXPECT_EQ(rerun.stats().cache_hits, 2u);
}

TEST_F(LmmComparatorTest, UnwritableCacheStillAsksEachPairOncePerProcess) {
  FakeModelServer server(PrefersSecond);
  WriteBytes(dir / "not-a-folder", "x");
  engine::LmmOptions options = Options(server);
  options.cache_dir = dir / "not-a-folder" / "cache";
  LmmComparator judge(options);
  const double p = judge.Compare(images[0], images[1]).p_a_better;
  EXPECT_NEAR(judge.Compare(images[1], images[0]).p_a_better, 1 - p, kTolerance);
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_FALSE(fs::exists(options.cache_dir));
}

TEST_F(LmmComparatorTest, CacheKeyIsContentNotPathAndIncludesModel) {
  FakeModelServer server(PrefersSecond);
  LmmComparator(Options(server)).Compare(images[0], images[1]);
  fs::copy_file(images[0].path, dir / "renamed.png");
  LmmComparator(Options(server)).Compare(ProfileOf((dir / "renamed.png").string()), images[1]);
  EXPECT_EQ(server.request_count(), 1u);
  engine::LmmOptions other = Options(server);
  other.model = "another-model";
  LmmComparator(other).Compare(images[0], images[1]);
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_TRUE(fs::exists(dir / "cache"));
}

TEST_F(LmmComparatorTest, WithoutLogprobsCountsSampledAnswers) {
  // Greedy answer "second"; the four samples (temperature 1) say second, first, second, second.
  FakeModelServer server([](const FakeRequest& r, std::size_t call) {
    const bool greedy = json::parse(r.body)["temperature"] == 0.0;
    const bool first = !greedy && call == 3;
    return FakeResponse{200, ChatAnswer(first ? "first\nIt is crisper." : "second\nIt is crisper.")};
  });
  engine::LmmOptions options = Options(server);
  options.concurrency = 1;  // keeps the call numbers in the order the samples are sent
  LmmComparator judge(options);
  const engine::LmmAnswer answer = judge.Ask(First(2), judge.OverallQuestion(2));
  EXPECT_EQ(server.request_count(), 5u);
  EXPECT_EQ(answer.method, "counted 5 answers");
  EXPECT_EQ(answer.order, (std::vector<std::size_t>{1, 0}));
  EXPECT_NEAR(answer.p_best[0], 1.5 / 6.0, kTolerance);  // (1 vote + 0.5) / (5 + 2 * 0.5)
  for (const auto& r : server.requests()) EXPECT_EQ(r.body.find("logprobs") == std::string::npos, json::parse(r.body)["temperature"] == 1.0);
}

TEST_F(LmmComparatorTest, AnswerWordSplitIntoTokensFallsBackToCounting) {
  // "second" arrives as "sec" + "ond": the "first" in the explanation must not be read
  // as the answer token.
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    json tokens = json::array();
    for (const char* t : {"sec", "ond", "\n", "Better", " than", " the", " first"}) {
      tokens.push_back({{"token", t}, {"logprob", -0.1}, {"top_logprobs", {{{"token", t}, {"logprob", -0.1}}}}});
    }
    json reply = json::parse(ChatAnswer("second\nBetter than the first"));
    reply["choices"][0]["logprobs"] = {{"content", tokens}};
    return FakeResponse{200, reply.dump()};
  });
  engine::LmmOptions options = Options(server);
  options.samples = 3;
  LmmComparator judge(options);
  const engine::LmmAnswer answer = judge.Ask(First(2), judge.OverallQuestion(2));
  EXPECT_EQ(answer.method, "counted 3 answers");
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_NEAR(answer.p_best[1], 3.5 / 4.0, kTolerance);
}

// Prepare keeps the image's state (content hash, then the encoded JPEG): after the first
// question the files could be gone and the next questions still send the same bytes.
TEST_F(LmmComparatorTest, PreparedImagesAreReadOnceNotPerQuestion) {
  FakeModelServer server(PrefersSecond);
  engine::LmmOptions options = Options(server);
  options.dimensions = true;
  LmmComparator judge(options);
  const fs::path a = dir / "a.png", b = dir / "b.png";
  fs::copy_file(images[0].path, a);
  fs::copy_file(images[1].path, b);
  const ImageProfile pa = engine::Profile(a, {}, &judge), pb = engine::Profile(b, {}, &judge);
  ASSERT_NE(pa.prepared, nullptr);
  judge.Ask({&pa, &pb}, judge.OverallQuestion(2));
  fs::remove(a);
  fs::remove(b);
  const engine::Verdict v = judge.Compare(pa, pb);  // 5 dimension questions, overall cached
  EXPECT_EQ(v.dimensions.size(), 6u);
  ASSERT_EQ(server.request_count(), 6u);
  const auto urls = [&](std::size_t request) {
    const json content = json::parse(server.requests()[request].body)["messages"][0]["content"];
    return std::pair{content[1]["image_url"]["url"].get<std::string>(), content[3]["image_url"]["url"].get<std::string>()};
  };
  for (std::size_t r = 1; r < 6; ++r) EXPECT_EQ(urls(r), urls(0)) << "request " << r;
}

TEST_F(LmmComparatorTest, PerDimensionQuestionsWhenAsked) {
  FakeModelServer server(PrefersSecond);
  engine::LmmOptions options = Options(server);
  options.dimensions = true;
  const engine::Verdict v = LmmComparator(options).Compare(images[0], images[1]);
  EXPECT_EQ(server.request_count(), 6u);
  ASSERT_EQ(v.dimensions.size(), 6u);
  EXPECT_EQ(v.dimensions[0].dimension, engine::Dimension::kSharpness);
  EXPECT_LT(v.dimensions[0].margin, 0);
  EXPECT_NE(server.requests()[0].body.find("Which image is the sharpest"), std::string::npos);
}

TEST_F(LmmComparatorTest, SentenceAnswerNamesTheWinnerOnly) {
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("The second image is clearer than the first.", {{"second", 0.7}, {"first", 0.3}})};
  });
  LmmComparator judge(Options(server));
  const engine::LmmAnswer answer = judge.Ask(First(3), judge.OverallQuestion(3));
  // Only "second" counts as named; the rest follow the model's own P(best), not words
  // that happen to appear later in the sentence.
  EXPECT_EQ(answer.order, (std::vector<std::size_t>{1, 0, 2}));
}

TEST_F(LmmComparatorTest, FreeQuestionThatNamesNoImageKeepsTheAnswerWithoutVerdict) {
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("Both look equally sharp; neither is noisy.")};
  });
  LmmComparator judge(Options(server));
  const engine::LmmAnswer answer = judge.Ask(First(2), "Is either image noisy?", /*require_order=*/false);
  EXPECT_EQ(answer.text, "Both look equally sharp; neither is noisy.");
  EXPECT_TRUE(answer.order.empty());
  EXPECT_TRUE(answer.p_best.empty());
}

// --- failure modes: each a clear engine::Error ---------------------------------------

TEST_F(LmmComparatorTest, AnswerNamingNeitherImageIsAnError) {
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("Both images look fine to me.", {{"Both", 0.9}, {"first", 0.1}})};
  });
  EXPECT_NE(ErrorOf(LmmComparator(Options(server))).find("names none of the images"), std::string::npos);
}

TEST_F(LmmComparatorTest, Http500IsRetriedThenAnError) {
  FakeModelServer server([](const FakeRequest&, std::size_t) { return FakeResponse{500, "{\"error\":\"out of memory\"}"}; });
  const std::string error = ErrorOf(LmmComparator(Options(server)));
  EXPECT_NE(error.find("HTTP 500"), std::string::npos) << error;
  EXPECT_NE(error.find("out of memory"), std::string::npos) << error;
  EXPECT_EQ(server.request_count(), 2u);  // 1 + retries
}

TEST_F(LmmComparatorTest, SlowServerTimesOut) {
  FakeModelServer server([](const FakeRequest&, std::size_t) { return FakeResponse{200, ChatAnswer("second"), 3000}; });
  engine::LmmOptions options = Options(server);
  options.timeout_s = 0.3;
  options.retries = 0;
  const std::string error = ErrorOf(LmmComparator(options));
  EXPECT_NE(error.find("did not answer within 0.3 s (timed out)"), std::string::npos) << error;
}

TEST_F(LmmComparatorTest, MalformedJsonIsAnError) {
  FakeModelServer server([](const FakeRequest&, std::size_t) { return FakeResponse{200, "{\"choices\": [ {\"mess"}; });
  const std::string error = ErrorOf(LmmComparator(Options(server)));
  EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
}

TEST_F(LmmComparatorTest, ReplyWithoutAnswerTextIsAnError) {
  FakeModelServer server([](const FakeRequest&, std::size_t) { return FakeResponse{200, "{\"choices\": []}"}; });
  EXPECT_NE(ErrorOf(LmmComparator(Options(server))).find("no answer text"), std::string::npos);
}

TEST_F(LmmComparatorTest, ServerClosingMidResponseIsAnError) {
  FakeModelServer server([](const FakeRequest&, std::size_t) { return FakeResponse{200, ChatAnswer("second, first"), 0, true}; });
  const std::string error = ErrorOf(LmmComparator(Options(server)));
  EXPECT_NE(error.find("could not talk to the model server"), std::string::npos) << error;
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(LmmComparatorTest, NoServerListeningIsAnError) {
  std::string url;
  {
    FakeModelServer gone(PrefersSecond);
    url = gone.base_url();
  }
  engine::LmmOptions options;
  options.server = url;
  options.cache_dir = dir / "cache";
  options.retries = 0;
  EXPECT_NE(ErrorOf(LmmComparator(options)).find("could not talk to the model server"), std::string::npos);
}

TEST_F(LmmComparatorTest, ApiKeyIsSentAsBearerAndNeverInMessages) {
  const std::string key = "sk-test-4f9a-secret";
  // A hostile or careless server echoes the request headers in its error page.
  FakeModelServer server([](const FakeRequest& r, std::size_t) { return FakeResponse{401, r.headers}; });
  engine::LmmOptions options = Options(server);
  options.api_key = key;
  const std::string error = ErrorOf(LmmComparator(options));
  EXPECT_NE(server.requests()[0].headers.find("Authorization: Bearer " + key), std::string::npos);
  EXPECT_NE(error.find("HTTP 401"), std::string::npos) << error;
  EXPECT_NE(error.find("VERSUS_LMM_API_KEY"), std::string::npos) << error;
  EXPECT_NE(error.find("Bearer ***"), std::string::npos) << error;
  EXPECT_EQ(error.find(key), std::string::npos) << error;
}

TEST_F(LmmComparatorTest, ServerUrlMustBeHttp) {
  engine::LmmOptions options;
  options.server = "127.0.0.1:8080";
  EXPECT_THROW(LmmComparator{options}, engine::Error);
}

TEST_F(LmmComparatorTest, RegisteredAsLmmButNotTheDefault) {
  EXPECT_NE(engine::DefaultComparatorName(), "lmm");
  FakeModelServer server(PrefersSecond);
  engine::ComparatorConfig config;
  config.lmm = Options(server);
  EXPECT_EQ(engine::MakeComparator("lmm", config)->name(), "lmm");
  EXPECT_THROW(engine::MakeComparator("lmm"), engine::Error);  // no --server
}

}  // namespace
}  // namespace versus::testing
