// A hostile or chatty model server (issue 17): an API key echoed back in every form and
// by every route never reaches stderr, stdout or the cache; the cache is private; a
// huge reply is refused; terminal escape codes are shown, not obeyed; option values are
// range-checked. Runs build/bin/versus against the fake server in this test process.
#include <sys/stat.h>

#include "lmm_test_support.hpp"
#include "versus/engine.hpp"

namespace versus::testing {
namespace {

using nlohmann::json;

// A key with characters JSON may escape ('/') and that percent-encoding changes ('+').
const std::string kKey = "sk-echo-Secret/42+x";
const std::string kPassword = "hunter2-pass";

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

// `text` with `from` replaced by `to` everywhere.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Every byte of `text` as a JSON \u escape: "\u0073\u006b...".
std::string UnicodeEscaped(const std::string& text) {
  std::string out;
  char escape[8];
  for (unsigned char c : text) {
    std::snprintf(escape, sizeof escape, "\\u%04X", c);
    out += escape;
  }
  return out;
}

class LmmHardeningTest : public ::testing::Test {
 protected:
  LmmHardeningTest() : photos(WritePhotos(dir.path(), 2)) {}

  CommandResult Versus(const std::string& server_url, const std::string& args) const {
    return RunCommand("XDG_CACHE_HOME=" + Quote(dir / "cache") + " VERSUS_LMM_API_KEY='" + kKey + "' " +
                      std::string(VERSUS_BINARY_DIR) + "/bin/versus " + args + " " + Quote(photos[0]) + " " +
                      Quote(photos[1]) + " --judge lmm --lmm-retries 0 --server " + server_url);
  }
  // Every cache file's bytes, one after the other.
  std::string CacheBytes() const {
    std::string all;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir / "cache", ec)) {
      if (e.is_regular_file()) all += ReadBytes(e.path());
    }
    return all;
  }
  // Asserts that no sink holds `secret`: stdout, stderr, the cache.
  void ExpectNowhere(const CommandResult& r, const std::string& secret, const std::string& route) const {
    EXPECT_EQ(r.out.find(secret), std::string::npos) << route << " stdout: " << r.out;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << route << " stderr: " << r.err;
    EXPECT_EQ(CacheBytes().find(secret), std::string::npos) << route << " cache: " << CacheBytes();
  }

  TempDir dir;
  std::vector<fs::path> photos;
};

// Each 200 reply a server (or a proxy in front of it) could echo the key in.
struct EchoRoute {
  std::string name;
  std::string body;
};

std::vector<EchoRoute> EchoRoutes() {
  const std::string answer = ChatAnswer("second, first\nThe second is sharper. Your key: " + kKey,
                                        {{"second", 0.8}, {"first", 0.2}});
  return {
      {"non-JSON body", "proxy: bad request from Bearer " + kKey},
      {"error object", json{{"error", {{"message", "invalid key " + kKey}}}}.dump()},
      {"answer naming no image", ChatAnswer("I cannot see images. You sent " + kKey)},
      {"answer text", answer},
      {"answer text, \\/ escaped", ReplaceAll(answer, kKey, ReplaceAll(kKey, "/", "\\/"))},
      {"answer text, \\u escaped", ReplaceAll(answer, kKey, UnicodeEscaped(kKey))},
      {"error text, escaped twice", ReplaceAll(json{{"error", "key: " + kKey}}.dump(), kKey, "\\\\u0073k-echo-Secret\\\\/42+x")},
      {"answer text, percent-encoded", ReplaceAll(answer, kKey, "sk-echo-Secret%2F42%2Bx")},
  };
}

TEST_F(LmmHardeningTest, KeyEchoedInA200ReplyReachesNoSink) {
  for (const EchoRoute& route : EchoRoutes()) {
    FakeModelServer server([&](const FakeRequest&, std::size_t) { return FakeResponse{200, route.body}; });
    for (const char* mode : {"compare --lmm-dump-request", "rank --json"}) {
      const CommandResult r = Versus(server.base_url(), mode);
      EXPECT_GE(server.request_count(), 1u) << route.name;
      ExpectNowhere(r, kKey, route.name + " / " + mode);
      ExpectNowhere(r, "Secret", route.name + " / " + mode);  // no fragment either
    }
    fs::remove_all(dir / "cache");
  }
}

TEST_F(LmmHardeningTest, EchoedKeyIsMaskedNotDropped) {
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("second, first\nYour key " + kKey + " is sharp.", {{"second", 0.9}, {"first", 0.1}})};
  });
  const CommandResult r = Versus(server.base_url(), "compare --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["answer"], "second, first\nYour key *** is sharp.");
}

TEST_F(LmmHardeningTest, PasswordInTheServerUrlReachesNoSink) {
  FakeModelServer echo([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("second, first\nI was called with " + kPassword, {{"second", 0.9}})};
  });
  const std::string url = ReplaceAll(echo.base_url(), "http://", "http://alice:" + kPassword + "@");
  ExpectNowhere(Versus(url, "compare --json --lmm-dump-request"), kPassword, "answer text");
  fs::remove_all(dir / "cache");  // the failures below must reach the server, not the cache

  FakeModelServer not_found([](const FakeRequest&, std::size_t) { return FakeResponse{404, "no such route"}; });
  const CommandResult r = Versus(ReplaceAll(not_found.base_url(), "http://", "http://alice:" + kPassword + "@"), "compare");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("http://***@127.0.0.1:"), std::string::npos) << r.err;
  ExpectNowhere(r, kPassword, "404 message");

  const CommandResult refused = Versus("http://alice:" + kPassword + "@127.0.0.1:9/v1", "compare");
  EXPECT_EQ(refused.status, 3);
  ExpectNowhere(refused, kPassword, "connection refused");
}

TEST_F(LmmHardeningTest, CacheIsPrivateAndAnOldOneIsTightened) {
  // An older versus left the cache world-readable.
  const fs::path old_folder = dir / "cache" / "versus" / "lmm" / "ab";
  fs::create_directories(old_folder);
  WriteBytes(old_folder / "abcd.json", "{}");
  ::chmod((dir / "cache" / "versus" / "lmm").c_str(), 0755);
  ::chmod(old_folder.c_str(), 0755);
  ::chmod((old_folder / "abcd.json").c_str(), 0644);

  FakeModelServer server(PrefersSecond);
  const CommandResult r = Versus(server.base_url(), "compare --json");
  ASSERT_EQ(r.status, 0) << r.err;
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "cache" / "versus" / "lmm")) {
    struct stat info {};
    ASSERT_EQ(::stat(e.path().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, e.is_directory() ? 0700u : 0600u) << e.path();
    files += e.is_regular_file();
  }
  EXPECT_EQ(files, 2u);  // the old entry and the new answer
  struct stat top {};
  ASSERT_EQ(::stat((dir / "cache" / "versus" / "lmm").c_str(), &top), 0);
  EXPECT_EQ(top.st_mode & 0777, 0700u);
}

TEST_F(LmmHardeningTest, ReplyOverTheSizeLimitIsRefused) {
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("second, first\n" + std::string(20u << 20, 'x'), {{"second", 0.9}})};
  });
  const CommandResult r = Versus(server.base_url(), "compare --json");
  EXPECT_EQ(r.status, 3);
  EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
  EXPECT_NE(r.err.find("reply is larger than 16 MiB"), std::string::npos) << r.err.substr(0, 500);
  EXPECT_EQ(server.request_count(), 1u);  // not retried
}

TEST_F(LmmHardeningTest, CacheEntryOverTheSizeLimitIsAMiss) {
  FakeModelServer server(PrefersSecond);
  ASSERT_EQ(Versus(server.base_url(), "compare --json").status, 0);
  fs::path entry;
  for (const auto& e : fs::recursive_directory_iterator(dir / "cache")) {
    if (e.is_regular_file()) entry = e.path();
  }
  ASSERT_FALSE(entry.empty());
  // What an older versus, with no reply limit, could have cached.
  json huge = json::parse(ReadBytes(entry));
  const json original = huge;
  huge["text"] = huge["text"].get<std::string>() + std::string(17u << 20, 'x');
  WriteBytes(entry, huge.dump());
  const CommandResult r = Versus(server.base_url(), "compare --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(server.request_count(), 2u);  // asked again instead of parsing the entry

  // An entry naming an image that is not there (edited by hand) is a miss too.
  json edited = original;
  edited["order"] = json::array({1, 7});
  WriteBytes(entry, edited.dump());
  ASSERT_EQ(Versus(server.base_url(), "compare --json").status, 0);
  EXPECT_EQ(server.request_count(), 3u);
}

TEST_F(LmmHardeningTest, TerminalEscapesInTheAnswerAreShownNotObeyed) {
  FakeModelServer server([](const FakeRequest&, std::size_t) {
    return FakeResponse{200, ChatAnswer("second, first\nThe second is \x1b[2J\x1b]0;pwned\x07sharper\r\xc2\x9b"
                                        "31m \xe2\x80\xae gnp.",
                                        {{"second", 0.9}, {"first", 0.1}})};
  });
  for (const char* mode : {"compare", "compare --json"}) {
    const CommandResult r = Versus(server.base_url(), mode);
    ASSERT_EQ(r.status, 0) << r.err;
    for (const std::string hidden : {"\x1b", "\x07", "\r", "\xc2\x9b", "\xe2\x80\xae"}) {
      EXPECT_EQ(r.out.find(hidden), std::string::npos) << mode << ": " << r.out;
    }
    EXPECT_NE(r.out.find("\\x1b[2J"), std::string::npos) << mode << ": " << r.out;
  }
  EXPECT_EQ(CacheBytes().find("\x1b"), std::string::npos);
}

TEST_F(LmmHardeningTest, NonPositiveTimeoutIsAUsageErrorWithTheRange) {
  for (const char* value : {"0", "-5", "nan"}) {
    const CommandResult r = Versus("http://127.0.0.1:9/v1", std::string("compare --lmm-timeout=") + value);
    EXPECT_EQ(r.status, 1) << value << ": " << r.err;
    EXPECT_NE(r.err.find("--lmm-timeout must be more than 0 and at most 86400 (seconds); got "), std::string::npos)
        << r.err;
  }
  const CommandResult retries = Versus("http://127.0.0.1:9/v1", "compare --lmm-concurrency 0");
  EXPECT_EQ(retries.status, 1);
  EXPECT_NE(retries.err.find("--lmm-concurrency must be from 1 to 64; got 0"), std::string::npos) << retries.err;

  engine::LmmOptions options;
  options.server = "http://127.0.0.1:9/v1";
  options.timeout_s = 0;
  EXPECT_THROW(engine::LmmComparator judge(options), engine::Error);
}

}  // namespace
}  // namespace versus::testing
