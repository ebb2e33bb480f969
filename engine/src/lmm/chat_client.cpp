// HTTP to the model server with libcurl: one easy handle per request (handles are not
// shared between threads), a counting gate for the concurrency limit, and retries with
// exponential backoff for the failures that a second try can fix.
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "lmm_pvt.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::lmm {

namespace {

void EnsureCurlStarted() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct ReplyBuffer {
  std::string body;
  std::size_t limit = kMaxReplyBytes;
  bool over_limit = false;
};

// Returning less than given makes libcurl stop the transfer (CURLE_WRITE_ERROR).
size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  auto* reply = static_cast<ReplyBuffer*>(out);
  if (reply->body.size() + size * count > reply->limit) {
    reply->over_limit = true;
    return 0;
  }
  reply->body.append(data, size * count);
  return size * count;
}

std::string Mebibytes(std::size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%g MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

struct Attempt {
  bool ok = false;
  bool retryable = false;
  std::string body;    ///< response body when ok
  std::string reason;  ///< why not, a sentence fragment
};

// HTTP status -> the reason a person can act on. The server's words are quoted with the
// key scrubbed before they are cut short, so no fragment of it survives either.
Attempt FromStatus(long status, std::string body, const ClientSettings& settings, const SecretScrubber& scrub) {
  if (status >= 200 && status < 300) return {true, false, std::move(body), ""};
  std::string reason = "the model server answered HTTP " + std::to_string(status);
  if (status == 404) {
    reason += " (no chat/completions at " + WithoutUserinfo(settings.endpoint) +
              "; --server is the API base, e.g. http://127.0.0.1:8080/v1)";
  }
  if (status == 401 || status == 403) reason += " (check the key in VERSUS_LMM_API_KEY)";
  if (!body.empty()) reason += ": " + Truncated(Printable(scrub(body), false), 300);
  return {false, status == 429 || status >= 500, "", reason};
}

// Limits the requests in flight (std::counting_semaphore needs its bound at compile time).
class Gate {
 public:
  explicit Gate(unsigned slots) : free_(std::max(1u, slots)) {}
  void Enter() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
  void Leave() {
    {
      std::lock_guard lock(mutex_);
      ++free_;
    }
    changed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  unsigned free_;
};

}  // namespace

struct ChatClient::Impl {
  ClientSettings settings;
  SecretScrubber scrub;
  mutable Gate gate;
  mutable std::atomic<std::size_t> calls{0};

  explicit Impl(ClientSettings s)
      : settings(std::move(s)), scrub(settings.api_key, settings.endpoint), gate(settings.concurrency) {}

  Attempt Once(const std::string& request) const {
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return {false, false, "", "could not start an HTTP request (libcurl)"};
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    const std::string auth = "Authorization: Bearer " + settings.api_key;
    if (!settings.api_key.empty()) headers = curl_slist_append(headers, auth.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, curl_slist_free_all);
    ReplyBuffer reply;
    reply.limit = settings.max_reply_bytes;
    char curl_error[CURL_ERROR_SIZE] = {};
    const long timeout_ms = static_cast<long>(settings.timeout_s * 1000);
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, settings.endpoint.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.size()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, AppendBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_error);
    ++calls;
    const CURLcode code = curl_easy_perform(h);
    if (code == CURLE_OPERATION_TIMEDOUT) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", settings.timeout_s);
      return {false, true, "", "the model server did not answer within " + std::string(seconds) + " s (timed out)"};
    }
    if (reply.over_limit) {
      return {false, false, "", "the model server's reply is larger than " + Mebibytes(reply.limit) +
                                    ", the most versus reads of one answer (is --server a model server?)"};
    }
    if (code != CURLE_OK) {
      const std::string detail = curl_error[0] != '\0' ? curl_error : curl_easy_strerror(code);
      return {false, true, "", "could not talk to the model server at " + WithoutUserinfo(settings.endpoint) + " (" +
                                   Printable(detail, false) + ")"};
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return FromStatus(status, std::move(reply.body), settings, scrub);
  }
};

ChatClient::ChatClient(ClientSettings settings) : impl_(std::make_unique<Impl>(std::move(settings))) {
  EnsureCurlStarted();
}
ChatClient::~ChatClient() = default;

std::size_t ChatClient::calls() const { return impl_->calls.load(); }

std::string ChatClient::Post(const std::string& body) const {
  const ClientSettings& s = impl_->settings;
  Attempt attempt;
  int tries = 0;
  for (double wait_s = s.backoff_s;; wait_s *= 2) {
    impl_->gate.Enter();
    attempt = impl_->Once(body);
    impl_->gate.Leave();
    ++tries;
    if (attempt.ok) return impl_->scrub(attempt.body);  // a key echoed in any form never gets further
    if (!attempt.retryable || tries > s.retries) break;
    std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
  }
  const std::string tried = tries > 1 ? " (tried " + std::to_string(tries) + " times)" : "";
  throw Error(impl_->scrub(attempt.reason + tried));
}

}  // namespace versus::engine::lmm
