#pragma once
// The pieces of the multimodal-model judge, one file each: the image payload, the
// chat-completions wire format, the HTTP client and the answer cache.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace versus::engine::lmm {

// --- image_payload.cpp -------------------------------------------------------------

/// SHA-256 of the file's bytes, hex: the image's identity in the cache (renaming or
/// moving a photo keeps its cached answers; editing it does not).
std::string ContentHash(const std::filesystem::path& path);
/// SHA-256 of `bytes`, hex.
std::string Sha256Hex(std::string_view bytes);
/// The image, upright, long side <= long_side, metadata stripped, as a JPEG
/// "data:image/jpeg;base64,..." URL. Throws engine::Error naming the path.
std::string JpegDataUrl(const std::filesystem::path& path, int long_side);

// --- chat_protocol.cpp -------------------------------------------------------------

/// "first", "second", "third", "fourth" (index 0-3).
std::string_view Ordinal(std::size_t index);

struct ChatRequest {
  std::string model;
  std::vector<std::string> image_urls;  ///< 2-4 data URLs, in the order they are named
  std::string question;                 ///< asked after the images
  double temperature = 0.0;
  bool logprobs = true;
  int top_logprobs = 5;
  int max_tokens = 200;
};

/// The `/chat/completions` body: one user message whose content interleaves
/// "The first image: " <image> " The second image: " <image> ... " <question>".
std::string RequestBody(const ChatRequest& request);
/// `body` with every data URL's payload replaced by "<N base64 bytes>".
std::string ElideImages(const std::string& body);

struct ChatReply {
  std::string text;
  /// P(image i is named first), from the answer token's log-probabilities; nullopt when
  /// the server sent none (or none covering an ordinal word).
  std::optional<std::vector<double>> p_first_named;
};

/// Reads a chat-completions response about `image_count` images. Throws engine::Error
/// for a body that is not JSON or has no answer text.
ChatReply ParseReply(const std::string& body, std::size_t image_count);
/// The images named on the answer's first line, in order, each once ("second, first").
/// Empty when the line names none.
std::vector<std::size_t> NamedOrder(const std::string& text, std::size_t image_count);
/// Everything after the answer's first line, trimmed (the model's explanation); the
/// whole text when it has one line.
std::string Explanation(const std::string& text);

// --- chat_client.cpp ---------------------------------------------------------------

/// The most bytes one reply may have: a chat answer is a few kB (with log-probabilities
/// tens of kB); a larger one is a misconfigured or hostile server, refused before it
/// costs memory.
constexpr std::size_t kMaxReplyBytes = 16u << 20;

struct ClientSettings {
  std::string endpoint;  ///< full URL of chat/completions
  std::string api_key;   ///< empty = no Authorization header
  std::size_t max_reply_bytes = kMaxReplyBytes;
  double timeout_s = 120;
  int retries = 2;
  double backoff_s = 1.0;
  unsigned concurrency = 2;
};

/// POSTs JSON to the model server: at most `concurrency` requests in flight, retries
/// with exponential backoff on connection errors, timeouts, HTTP 429 and 5xx. Every
/// message it throws (engine::Error) has the API key and the URL's password scrubbed
/// out and the server's words made printable. A reply over max_reply_bytes is an error
/// (not retried).
class ChatClient {
 public:
  explicit ChatClient(ClientSettings settings);
  ~ChatClient();
  /// The response body of a 2xx answer; throws engine::Error otherwise.
  std::string Post(const std::string& body) const;
  /// Requests sent so far, retries included.
  std::size_t calls() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// --- server_text.cpp ---------------------------------------------------------------

/// Masks secrets in text on its way out of the process (messages, JSON, the cache,
/// request dumps): each secret verbatim, percent-encoded, or JSON-escaped in any mix of
/// \uXXXX, \/, \" and \\ escapes, with the backslashes doubled any number of times
/// (JSON inside JSON). Every match becomes "***".
class SecretScrubber {
 public:
  SecretScrubber() = default;
  /// The API key and the password of the server URL's userinfo (http://user:pass@host).
  SecretScrubber(const std::string& api_key, const std::string& server_url);
  void Add(std::string secret);
  std::string operator()(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;
};

struct Userinfo {
  std::size_t start = 0;   ///< offset of "user:pass@" in the URL
  std::size_t length = 0;  ///< its length, '@' included; 0 = none
  std::string user;
  std::string password;
};
Userinfo UrlUserinfo(std::string_view url);
/// `url` with "user:pass@" shown as "***@": the form a URL takes in any message.
std::string WithoutUserinfo(std::string url);

/// `text` from the server made safe for a terminal and for JSON: control characters
/// (but newline and tab when `keep_line_breaks`), DEL, C1 controls and bidi overrides
/// become visible escapes (\x1b, \u009b, \u202e); bytes that are not UTF-8 become \xNN.
std::string Printable(std::string_view text, bool keep_line_breaks);
/// At most `max_bytes` (never cutting a UTF-8 character), "..." marking a cut.
std::string Truncated(std::string text, std::size_t max_bytes);

// --- answer_cache.cpp --------------------------------------------------------------

/// Answers on disk, one JSON file per key (<dir>/<key[0:2]>/<key>.json), written to a
/// temporary file, fsynced and renamed so a crash never leaves half an answer. An
/// unreadable entry is a miss; a failed write only costs the next run a call. Answers
/// are also kept in memory, so within one process a question is never asked twice even
/// when the folder cannot be written (or `dir` is empty: no disk cache). Folders are
/// created 0700 and entries 0600 (answers can quote what a server echoed); an existing
/// cache is tightened to that when opened.
class AnswerCache {
 public:
  explicit AnswerCache(std::filesystem::path dir);
  std::optional<nlohmann::json> Load(const std::string& key) const;
  void Store(const std::string& key, const nlohmann::json& value) const;

 private:
  std::filesystem::path dir_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, nlohmann::json> memory_;
};

}  // namespace versus::engine::lmm
