#pragma once
// A stand-in for an OpenAI-compatible model server: real HTTP/1.1 on 127.0.0.1 (an
// ephemeral port), POSIX sockets, one thread per connection, started and stopped by the
// test. A handler decides each answer, including the failure modes (slow, cut short).
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace versus::testing {

struct FakeRequest {
  std::string method;
  std::string path;
  std::string headers;  ///< the raw header block
  std::string body;
};

struct FakeResponse {
  int status = 200;
  std::string body;
  int delay_ms = 0;           ///< wait this long before answering (timeouts)
  bool cut_mid_body = false;  ///< announce the full length, send half, close
};

class FakeModelServer {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&, std::size_t call)>;
  explicit FakeModelServer(Handler handler);
  ~FakeModelServer();
  FakeModelServer(const FakeModelServer&) = delete;
  FakeModelServer& operator=(const FakeModelServer&) = delete;

  /// "http://127.0.0.1:<port>/v1", what --server takes.
  std::string base_url() const;
  std::size_t request_count() const;
  std::vector<FakeRequest> requests() const;

 private:
  void Serve();
  void Answer(int client);
  bool Sleep(int ms) const;  // false if stopping

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<FakeRequest> requests_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

/// A chat-completions answer with `text`; with `logprobs` (token -> probability at the
/// first answer token, the first entry being the chosen token) or without any.
std::string ChatAnswer(const std::string& text, const std::vector<std::pair<std::string, double>>& logprobs = {});

}  // namespace versus::testing
