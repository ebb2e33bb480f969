#pragma once
/// The multimodal-model judge: asks a model behind an OpenAI-compatible
/// `/chat/completions` endpoint (llama.cpp server, vLLM, Ollama) about 2-4 images in
/// Co-Instruct's interleaved form ("The first image: <img> The second image: <img> ...
/// <question>"). The model's answer is the verdict; nothing is guessed locally.
///
/// Probability (docs/lmm-protocol.md): with token log-probabilities, the softmax of the
/// answer token over the ordinal words "first", "second", ... (Compare2Score's soft
/// comparison); without them, `samples` answers are asked for and counted.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "versus/engine/comparator.hpp"

namespace versus::engine {

struct LmmOptions {
  /// API base, e.g. "http://127.0.0.1:8080/v1"; requests go to <server>/chat/completions.
  std::string server;
  /// Sent as "model" (llama.cpp ignores it; vLLM and Ollama need the served name).
  std::string model = "co-instruct";
  /// The overall question; "{best}" becomes "best" (3-4 images) or "better" (2).
  std::string prompt = "Which image has the {best} technical quality (sharpness, noise, exposure, colour, "
                       "compression artefacts)?";
  /// Seconds a single request may take (connection included); more than 0.
  double timeout_s = 120;
  /// Extra tries after a failed request (connection error, timeout, HTTP 429/5xx).
  int retries = 2;
  /// Wait before the first retry, doubled for each further one.
  double backoff_s = 1.0;
  /// Most requests in flight at once from this comparator (any number of threads).
  unsigned concurrency = 2;
  /// Long side, in pixels, of the JPEG sent per image (never upscaled; file untouched).
  int long_side = 768;
  /// Answers counted when the server gives no log-probabilities.
  int samples = 5;
  /// Alternatives per token asked for (`top_logprobs`).
  int top_logprobs = 5;
  /// Also ask one question per technical dimension (5 more calls per pair).
  bool dimensions = false;
  /// Answer cache folder; empty = $XDG_CACHE_HOME/versus/lmm or ~/.cache/versus/lmm.
  std::filesystem::path cache_dir;
  /// Bearer token; empty = none. Sent as a header only. It (and a password in `server`,
  /// http://user:pass@host) is scrubbed, verbatim or JSON- or URL-escaped, from
  /// everything the judge hands out: messages, answers, the cache, request dumps.
  std::string api_key;
  /// If set, receives each request body with image bytes elided (debugging, docs).
  std::function<void(const std::string&)> dump_request;
};

/// Counters a caller (or test) can read (Comparator::call_stats): they never go down.
using LmmCallStats = JudgeCallStats;

class LmmComparator final : public Comparator, public ImageQuestions {
 public:
  /// Throws engine::Error if `options.server` is empty or not http(s)://, or a value is
  /// out of range (LmmOptionsProblem).
  explicit LmmComparator(LmmOptions options);
  ~LmmComparator() override;

  std::string_view name() const override { return "lmm"; }
  /// Keeps what every question about the image sends and looks up (LmmPrepared in
  /// `profile.prepared`): the content hash (the cache key) and the JPEG payload, so the
  /// file is read and encoded once, while it is profiled, not once per question. A file
  /// that cannot be encoded is an engine::Error then (the batch goes on without it).
  void Prepare(const DecodedImage& image, ImageProfile& profile) const override;
  /// One question about (a, b), or (b, a) reused from the cache, flipped: antisymmetric
  /// whenever the cache holds either order. dimensions: the five technical ones (only
  /// with `options.dimensions`), then overall, each margin = log(p / (1 - p)).
  /// Throws engine::Error when the model cannot be asked or names neither image.
  Verdict Compare(const ImageProfile& a, const ImageProfile& b) const override;

  /// Asks `question` about 2-4 images in one request. With `require_order`, an answer
  /// that names no image is an engine::Error; without it (a free question) the answer
  /// comes back with empty `order` and `p_best`.
  LmmAnswer Ask(const std::vector<const ImageProfile*>& images, const std::string& question,
                bool require_order = true) const override;
  /// The answer already in the cache for exactly these images in this order, without
  /// asking the server; nullopt if there is none.
  std::optional<LmmAnswer> Cached(const std::vector<const ImageProfile*>& images, const std::string& question,
                                  bool require_order = true) const;
  /// The overall question for n images (the prompt with "{best}" filled in).
  std::string OverallQuestion(std::size_t image_count) const override;
  /// The question for one technical dimension, e.g. "Which image is sharper?".
  static std::string DimensionQuestion(Dimension dimension);
  std::string QuestionAbout(Dimension dimension) const override { return DimensionQuestion(dimension); }
  /// The five technical dimensions with `options.dimensions`, else none.
  std::vector<Dimension> AskedDimensions() const override;

  /// Costly (a server call per question), `concurrency` at once, answers kept on disk.
  JudgeTraits traits() const override;
  std::optional<JudgeCallStats> call_stats() const override { return stats(); }
  const ImageQuestions* questions() const override { return this; }

  LmmCallStats stats() const;
  const LmmOptions& options() const { return options_; }

 private:
  struct State;
  std::string FullQuestion(std::size_t image_count, const std::string& question, bool require_order) const;
  std::string CacheKey(const std::vector<const ImageProfile*>& images, const std::string& full) const;
  LmmOptions options_;
  std::unique_ptr<State> state_;
};

/// Why `options` cannot be used, naming the command-line flag and the accepted range
/// ("--lmm-timeout must be more than 0 and at most 86400 (seconds); got 0"); empty when
/// every value is in range. The ranges are the registry's (JudgeOption of "lmm", the
/// same table the CLI's flags are made from); LmmComparator's constructor throws
/// engine::Error with it.
std::string LmmOptionsProblem(const LmmOptions& options);

/// The default answer-cache folder: $XDG_CACHE_HOME/versus/lmm, else ~/.cache/versus/lmm.
std::filesystem::path DefaultLmmCacheDir();

}  // namespace versus::engine
