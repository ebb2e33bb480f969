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
/// Swaps the words "first" and "second" (keeping case): a pair's reason told from the
/// other side.
std::string SwapFirstSecond(const std::string& text);

// --- chat_client.cpp ---------------------------------------------------------------

struct ClientSettings {
  std::string endpoint;  ///< full URL of chat/completions
  std::string api_key;   ///< empty = no Authorization header
  double timeout_s = 120;
  int retries = 2;
  double backoff_s = 1.0;
  unsigned concurrency = 2;
};

/// POSTs JSON to the model server: at most `concurrency` requests in flight, retries
/// with exponential backoff on connection errors, timeouts, HTTP 429 and 5xx. Every
/// message it throws (engine::Error) has the API key scrubbed out.
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

/// `text` with every occurrence of `secret` replaced by "***" (nothing if it is empty).
std::string Scrub(std::string text, const std::string& secret);

// --- answer_cache.cpp --------------------------------------------------------------

/// Answers on disk, one JSON file per key (<dir>/<key[0:2]>/<key>.json), written to a
/// temporary file, fsynced and renamed so a crash never leaves half an answer. An
/// unreadable entry is a miss; a failed write only costs the next run a call. Answers
/// are also kept in memory, so within one process a question is never asked twice even
/// when the folder cannot be written (or `dir` is empty: no disk cache).
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
