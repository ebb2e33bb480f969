// The multimodal-model judge: builds the question, asks (or finds the answer in the
// cache), and turns the model's words and token probabilities into a verdict.
#include "versus/engine/lmm_comparator.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <map>
#include <mutex>

#include "lmm_pvt.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/reason_words.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::engine {
namespace {

using nlohmann::json;

// How the model is told to shape its answer: the order first, so the first answer token
// is an ordinal word whose probabilities we can read, then the explanation.
constexpr const char* kRankedFormat =
    "\nOn the first line, list the images from best to worst as ordinal words separated by commas "
    "(for example: {example}). Then explain why in one sentence.";
constexpr const char* kFreeFormat =
    "\nOn the first line, list the images as ordinal words separated by commas, the one your answer "
    "favours first (for example: {example}). Then answer the question.";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  if (const auto at = text.find(from); at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string ExampleOrder(std::size_t n) {
  static const std::vector<std::size_t> kExample = {1, 3, 0, 2};  // never the input order
  std::string out;
  for (std::size_t i : kExample) {
    if (i < n) out += (out.empty() ? "" : ", ") + std::string(lmm::Ordinal(i));
  }
  return out;
}

// P(best) from counted answers, with half a vote of prior per image so no image gets
// 0 or 1 from a handful of samples (a Bradley-Terry fit cannot use a certainty).
std::vector<double> CountedProbabilities(const std::vector<int>& votes) {
  double total = 0;
  for (int v : votes) total += v + 0.5;
  std::vector<double> p;
  for (int v : votes) p.push_back((v + 0.5) / total);
  return p;
}

// The model's order, completed (for 3-4 images it may list only its pick) by the
// model's own P(best): never by a local measure.
std::vector<std::size_t> CompleteOrder(std::vector<std::size_t> named, const std::vector<double>& p_best) {
  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < p_best.size(); ++i) {
    if (std::find(named.begin(), named.end(), i) == named.end()) rest.push_back(i);
  }
  std::stable_sort(rest.begin(), rest.end(), [&](auto a, auto b) { return p_best[a] > p_best[b]; });
  named.insert(named.end(), rest.begin(), rest.end());
  return named;
}

json AnswerJson(const LmmAnswer& a) {
  return {{"text", a.text}, {"p_best", a.p_best}, {"order", a.order}, {"method", a.method}};
}

// The explanation of an answer about n images, as text and as words with its mentions.
void Explain(LmmAnswer& a, std::size_t image_count) {
  a.explanation = lmm::Explanation(a.text);
  a.words = ReasonWords(a.explanation, image_count);
}

LmmAnswer AnswerFromJson(const json& j) {
  LmmAnswer a;
  a.text = j.value("text", "");
  a.p_best = j.value("p_best", std::vector<double>{});
  a.order = j.value("order", std::vector<std::size_t>{});
  a.method = j.value("method", "");
  a.from_cache = true;
  return a;
}

// Finite margins even for a certain answer: p within [1e-4, 1 - 1e-4].
double LogOdds(double p) { return sorting::LogOdds(std::clamp(p, 1e-4, 1 - 1e-4)); }

// What the judge keeps of one image: the content hash (its identity in the cache) from
// Prepare, and the JPEG payload, made on the first question that needs it and kept for
// the next ones (a rerun answered from the cache never encodes it).
class LmmPrepared final : public PreparedImage {
 public:
  LmmPrepared(std::string path, int long_side)
      : path_(std::move(path)), long_side_(long_side), content_hash_(lmm::ContentHash(path_)) {}
  const std::string& content_hash() const { return content_hash_; }
  int long_side() const { return long_side_; }
  /// The data URL sent for this image; throws engine::Error naming the file (and tries
  /// again next time: std::call_once does not mark a call that threw).
  const std::string& Payload() const {
    std::call_once(encoded_, [this] { payload_ = lmm::JpegDataUrl(path_, long_side_); });
    return payload_;
  }

 private:
  std::string path_;
  int long_side_;
  std::string content_hash_;
  mutable std::once_flag encoded_;
  mutable std::string payload_;
};

}  // namespace

struct LmmComparator::State {
  lmm::SecretScrubber scrub;
  lmm::ChatClient client;
  lmm::AnswerCache cache;
  int long_side;
  std::mutex mutex;
  // Images this judge did not prepare (profiles made elsewhere), prepared on first use.
  std::map<std::string, std::shared_ptr<const LmmPrepared>> unprepared;
  std::atomic<std::size_t> cache_hits{0};

  State(const LmmOptions& options, lmm::ClientSettings settings, std::filesystem::path cache_dir)
      : scrub(options.api_key, options.server),
        client(std::move(settings)),
        cache(std::move(cache_dir)),
        long_side(options.long_side) {}

  // The model's words as they may be shown, stored and printed: secrets masked,
  // terminal controls made visible.
  std::string Shown(const std::string& text) const { return lmm::Printable(scrub(text), true); }

  // The image's prepared state: the one Prepare left in the profile, else one made now
  // and kept by path.
  std::shared_ptr<const LmmPrepared> Prepared(const ImageProfile& image) {
    auto mine = std::dynamic_pointer_cast<const LmmPrepared>(image.prepared);
    if (mine != nullptr && mine->long_side() == long_side) return mine;
    {
      std::lock_guard lock(mutex);
      if (auto it = unprepared.find(image.path); it != unprepared.end()) return it->second;
    }
    auto made = std::make_shared<const LmmPrepared>(image.path, long_side);
    std::lock_guard lock(mutex);
    return unprepared.emplace(image.path, std::move(made)).first->second;
  }
};

LmmComparator::LmmComparator(LmmOptions options) : options_(std::move(options)) {
  std::string base = options_.server;
  if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0) {
    const lmm::SecretScrubber scrub(options_.api_key, base);
    throw Error("the lmm judge needs --server URL, the API base of an OpenAI-compatible server "
                "(e.g. http://127.0.0.1:8080/v1); got '" + lmm::Printable(scrub(lmm::WithoutUserinfo(base)), false) + "'");
  }
  if (const std::string problem = LmmOptionsProblem(options_); !problem.empty()) throw Error(problem);
  while (!base.empty() && base.back() == '/') base.pop_back();
  options_.top_logprobs = std::clamp(options_.top_logprobs, 1, 20);
  lmm::ClientSettings settings{base + "/chat/completions", options_.api_key, lmm::kMaxReplyBytes, options_.timeout_s,
                               options_.retries, options_.backoff_s, options_.concurrency};
  state_ = std::make_unique<State>(options_, std::move(settings),
                                   options_.cache_dir.empty() ? DefaultLmmCacheDir() : options_.cache_dir);
}

LmmComparator::~LmmComparator() = default;

void LmmComparator::Prepare(const DecodedImage& /*image*/, ImageProfile& profile) const {
  profile.prepared = std::make_shared<const LmmPrepared>(profile.path, options_.long_side);
}

std::vector<Dimension> LmmComparator::AskedDimensions() const {
  return options_.dimensions ? TechnicalDimensions() : std::vector<Dimension>{};
}

JudgeTraits LmmComparator::traits() const {
  JudgeTraits traits;
  traits.costly = true;
  traits.parallel_compares = options_.concurrency;
  traits.keeps_answers = true;
  traits.position_bias = true;
  return traits;
}

std::string LmmComparator::OverallQuestion(std::size_t image_count) const {
  return Replace(options_.prompt, "{best}", image_count > 2 ? "best" : "better");
}

std::string LmmComparator::DimensionQuestion(Dimension dimension) {
  switch (dimension) {
    case Dimension::kSharpness: return "Which image is the sharpest (finest detail, least blur)?";
    case Dimension::kNoise: return "Which image has the least noise?";
    case Dimension::kExposure: return "Which image is the best exposed (no clipped highlights or crushed shadows)?";
    case Dimension::kColour: return "Which image has the most natural, accurate colour?";
    case Dimension::kCompression: return "Which image has the fewest compression artefacts (blocking, ringing, banding)?";
    case Dimension::kOverall:
    case Dimension::kEyes:
    case Dimension::kFaceFocus: break;
  }
  return "Which image has the best technical quality?";
}

LmmCallStats LmmComparator::stats() const { return {state_->client.calls(), state_->cache_hits.load()}; }

std::string LmmComparator::FullQuestion(std::size_t image_count, const std::string& question,
                                        bool require_order) const {
  if (image_count < 2 || image_count > 4) {
    throw Error("the lmm judge compares 2 to 4 images at once (got " + std::to_string(image_count) + ")");
  }
  return question + Replace(require_order ? kRankedFormat : kFreeFormat, "{example}", ExampleOrder(image_count));
}

// The cache key: the images' content, the model and the exact question text.
std::string LmmComparator::CacheKey(const std::vector<const ImageProfile*>& images, const std::string& full) const {
  json key = {{"model", options_.model}, {"question", full}, {"long_side", options_.long_side}, {"images", json::array()}};
  for (const ImageProfile* image : images) key["images"].push_back(state_->Prepared(*image)->content_hash());
  return lmm::Sha256Hex(key.dump());
}

std::optional<LmmAnswer> LmmComparator::Cached(const std::vector<const ImageProfile*>& images,
                                               const std::string& question, bool require_order) const {
  auto cached = state_->cache.Load(CacheKey(images, FullQuestion(images.size(), question, require_order)));
  if (!cached) return std::nullopt;
  LmmAnswer answer = AnswerFromJson(*cached);
  // Entries written before answers were scrubbed may still hold an echoed key.
  answer.text = state_->Shown(answer.text);
  Explain(answer, images.size());
  // An entry that does not fit these images (edited by hand, truncated) is a miss.
  const bool complete = answer.p_best.size() == images.size() && answer.order.size() == images.size();
  if ((require_order || !answer.order.empty()) && !complete) return std::nullopt;
  const auto in_range = [&](std::size_t i) { return i < images.size(); };
  const auto probability = [](double p) { return p >= 0.0 && p <= 1.0; };
  if (!std::all_of(answer.order.begin(), answer.order.end(), in_range) ||
      !std::all_of(answer.p_best.begin(), answer.p_best.end(), probability)) {
    return std::nullopt;
  }
  ++state_->cache_hits;
  return answer;
}

LmmAnswer LmmComparator::Ask(const std::vector<const ImageProfile*>& images, const std::string& question,
                             bool require_order) const {
  if (auto cached = Cached(images, question, require_order)) return *cached;
  const std::size_t n = images.size();
  const std::string full = FullQuestion(n, question, require_order);
  const std::string cache_key = CacheKey(images, full);
  lmm::ChatRequest request{options_.model, {}, full, 0.0, true, options_.top_logprobs, 300};
  for (const ImageProfile* image : images) request.image_urls.push_back(state_->Prepared(*image)->Payload());
  auto post = [this, n](const lmm::ChatRequest& r) {
    const std::string body = lmm::RequestBody(r);
    if (options_.dump_request) options_.dump_request(state_->scrub(lmm::ElideImages(body)));
    try {
      lmm::ChatReply reply = lmm::ParseReply(state_->client.Post(body), n);
      reply.text = state_->Shown(reply.text);
      return reply;
    } catch (const Error& e) {
      throw Error(state_->scrub(e.what()));
    }
  };
  const lmm::ChatReply reply = post(request);

  LmmAnswer answer;
  answer.text = reply.text;
  Explain(answer, n);
  const std::vector<std::size_t> named = lmm::NamedOrder(reply.text, n);
  if (named.empty() && require_order) {
    throw Error("the model's answer names none of the images, so there is no verdict (answer: '" +
                lmm::Truncated(lmm::Printable(reply.text, false), 200) + "')");
  }
  if (!named.empty() && reply.p_first_named) {
    answer.p_best = *reply.p_first_named;
    answer.method = "logprobs";
  } else if (!named.empty()) {
    // No log-probabilities: sample more answers (temperature 1) and count the picks.
    std::vector<int> votes(n, 0);
    ++votes[named[0]];
    request.temperature = 1.0;
    request.logprobs = false;
    std::vector<std::future<lmm::ChatReply>> samples;
    for (int k = 1; k < options_.samples; ++k) samples.push_back(std::async(std::launch::async, post, request));
    int counted = 1;
    for (auto& sample : samples) {
      const std::vector<std::size_t> pick = lmm::NamedOrder(sample.get().text, n);
      if (!pick.empty()) ++votes[pick[0]], ++counted;
    }
    answer.p_best = CountedProbabilities(votes);
    answer.method = "counted " + std::to_string(counted) + " answers";
  }
  if (!named.empty()) answer.order = CompleteOrder(named, answer.p_best);
  state_->cache.Store(cache_key, AnswerJson(answer));
  return answer;
}

namespace {

// One pair question as a verdict on (a, b): P(a better) and the model's words.
Verdict PairVerdict(const LmmAnswer& answer) {
  Verdict v;
  v.p_a_better = answer.p_best[0];
  v.log_odds = LogOdds(v.p_a_better);
  v.reason.winner = v.p_a_better >= 0.5 ? Side::kFirst : Side::kSecond;
  v.reason.words = answer.words;
  return v;
}

}  // namespace

// One pair question, reusing a cached answer in either order so Compare(b, a) after
// Compare(a, b) costs nothing and is exactly 1 - p (the same answer told from b's side).
static Verdict AskPair(const LmmComparator& judge, const ImageProfile& a, const ImageProfile& b,
                       const std::string& question) {
  if (auto flipped = judge.Cached({&b, &a}, question); flipped && flipped->p_best.size() == 2) {
    return Swapped(PairVerdict(*flipped));
  }
  return PairVerdict(judge.Ask({&a, &b}, question));
}

Verdict LmmComparator::Compare(const ImageProfile& a, const ImageProfile& b) const {
  std::vector<DimensionVerdict> dimensions;
  for (Dimension d : AskedDimensions()) dimensions.push_back({d, AskPair(*this, a, b, DimensionQuestion(d)).log_odds});
  Verdict verdict = AskPair(*this, a, b, OverallQuestion(2));
  dimensions.push_back({Dimension::kOverall, verdict.log_odds});
  verdict.dimensions = std::move(dimensions);
  return verdict;
}

}  // namespace versus::engine
