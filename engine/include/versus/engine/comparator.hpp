#pragma once
/// A comparator judges two profiled images: a typed Verdict (verdict.hpp) with log-odds,
/// P(A better), a margin per dimension and a structured reason. Prepare once per image
/// (profile), compare many times. What a judge can do beyond Compare is asked through
/// queries on this interface (traits, call_stats, questions), never by downcasting.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versus/engine/measures.hpp"
#include "versus/engine/profile.hpp"
#include "versus/engine/verdict.hpp"

namespace versus::engine {

class ImageQuestions;

/// How a caller should plan around a judge.
struct JudgeTraits {
  /// Each Compare may take seconds (a model server): callers use the active design's
  /// budget even for small sets, never every pair.
  bool costly = false;
  /// Compares worth running at once (a model server's concurrency); 1 = one at a time.
  unsigned parallel_compares = 1;
  /// Answers are kept on disk: after a failure, a rerun asks only for the rest.
  bool keeps_answers = false;
  /// Its answers may lean towards the image shown first (a model reading "the first
  /// image"): callers show each image first in about half its pairs.
  bool position_bias = false;
};

/// Counters of a judge that calls an outside service; they never go down.
struct JudgeCallStats {
  std::size_t server_calls = 0;  ///< HTTP requests sent, retries included
  std::size_t cache_hits = 0;
};

class Comparator {
 public:
  virtual ~Comparator() = default;
  /// The registry name (`--judge`).
  virtual std::string_view name() const = 0;
  /// Adds what this comparator needs beyond the measures to a profile (the learned
  /// judge's embedding, the lmm judge's image payload in `prepared`). Called once per
  /// image, possibly from several threads at once; throws engine::Error naming the file.
  virtual void Prepare(const DecodedImage& /*image*/, ImageProfile& /*profile*/) const {}
  /// Judges A against B. Must be antisymmetric: Compare(b, a).p == 1 - Compare(a, b).p,
  /// and its reason names the same winner as its probability.
  virtual Verdict Compare(const ImageProfile& a, const ImageProfile& b) const = 0;

  virtual JudgeTraits traits() const { return {}; }
  /// Calls made to an outside service so far; nullopt for a judge that makes none.
  virtual std::optional<JudgeCallStats> call_stats() const { return std::nullopt; }
  /// Free questions about 2-4 images at once, for a judge that answers them (lmm);
  /// nullptr otherwise.
  virtual const ImageQuestions* questions() const { return nullptr; }
};

/// A judge's answer about n images, indices in the order they were sent.
struct LmmAnswer {
  std::string text;                 ///< the model's whole answer (first line: the order)
  std::string explanation;          ///< the answer after its first line (the reason)
  std::vector<ReasonWord> words;    ///< `explanation` with the images it mentions, by index
  std::vector<double> p_best;       ///< P(image i is the best), sums to 1; empty if none named
  std::vector<std::size_t> order;   ///< best first, as the model listed it; empty if none named
  std::string method;               ///< "logprobs" or "counted N answers"
  bool from_cache = false;
};

/// A judge that answers questions about 2-4 images in one go (the lmm judge).
class ImageQuestions {
 public:
  virtual ~ImageQuestions() = default;
  /// Asks `question` about 2-4 images in one request. With `require_order`, an answer
  /// that names no image is an engine::Error; without it (a free question) the answer
  /// comes back with empty `order` and `p_best`.
  virtual LmmAnswer Ask(const std::vector<const ImageProfile*>& images, const std::string& question,
                        bool require_order = true) const = 0;
  /// The overall question for n images.
  virtual std::string OverallQuestion(std::size_t image_count) const = 0;
  /// The question about one dimension, e.g. "Which image is sharper?".
  virtual std::string QuestionAbout(Dimension dimension) const = 0;
  /// The dimensions asked about besides the overall question (empty unless asked for).
  virtual std::vector<Dimension> AskedDimensions() const = 0;
};

}  // namespace versus::engine
