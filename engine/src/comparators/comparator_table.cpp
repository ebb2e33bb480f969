// The registry: every judge once, with its name, description, options (flags and
// ranges) and availability. Judges whose dependency was absent at build time stay listed
// and say why (VERSUS_WITH_LMM: libcurl), as libvips' `#ifdef HAVE_…` families do.
#include <cstdlib>
#include <string>
#include <type_traits>

#include "learned_module_loader.hpp"
#include "versus/engine/comparators.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/feature_comparator.hpp"
#include "versus/engine/install_layout.hpp"
#include "versus/engine/learned_comparator.hpp"
#include "versus/engine/lmm_comparator.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

fs::path ModelDir(const ComparatorConfig& config) {
  return config.model_dir.empty() ? ModelDirectory() : config.model_dir;
}

std::unique_ptr<Comparator> MakeFeatures(const ComparatorConfig& config) {
  return std::make_unique<FeatureComparator>(FeatureWeights::Load(ModelDir(config) / "feature_judge.json"));
}

std::unique_ptr<Comparator> MakeLearned(const ComparatorConfig& config) {
  return LoadLearnedComparator(ModelDir(config), kLearnedHeadFile, "learned");
}

std::unique_ptr<Comparator> MakeLearnedV1(const ComparatorConfig& config) {
  return LoadLearnedComparator(ModelDir(config), kLearnedV1HeadFile, "learned-v1");
}

std::unique_ptr<Comparator> MakeLmm(const ComparatorConfig& config) {
#ifdef VERSUS_WITH_LMM
  return std::make_unique<LmmComparator>(config.lmm);
#else
  (void)config;
  return nullptr;  // never reached: LmmUnavailable() says why first
#endif
}

std::string Available() { return ""; }

std::string LearnedUnavailable() {
  const fs::path module = LearnedModulePath();
  std::error_code ec;
  if (fs::is_regular_file(module, ec)) return "";
  return "its LibTorch module is not installed (" + module.string() +
         "; reinstall versus, set VERSUS_LEARNED_MODULE, or use --judge features)";
}

std::string LmmUnavailable() {
#ifdef VERSUS_WITH_LMM
  return "";
#else
  return "this versus was built without libcurl (VERSUS_WITH_LMM=OFF)";
#endif
}

// The lmm judge's settings: its flags, written once (LmmOptions documents each field).
const std::vector<JudgeOption> kLmmOptions = {
    {"server", "URL", "API base of an OpenAI-compatible server (llama.cpp, vLLM, Ollama), e.g. http://127.0.0.1:8080/v1",
     OptionSetting<std::string>{[](ComparatorConfig& c) -> std::string& { return c.lmm.server; }, std::nullopt}},
    {"model", "NAME", "model name sent to the server",
     OptionSetting<std::string>{[](ComparatorConfig& c) -> std::string& { return c.lmm.model; }, std::nullopt}},
    {"lmm-prompt", "TEXT", "the overall question; {best} becomes 'best' (3-4 images) or 'better' (2)",
     OptionSetting<std::string>{[](ComparatorConfig& c) -> std::string& { return c.lmm.prompt; }, std::nullopt},
     "a technical-quality question"},
    {"lmm-dimensions", "", "also ask about sharpness, noise, exposure, colour and compression (5 more calls per question)",
     OptionSetting<bool>{[](ComparatorConfig& c) -> bool& { return c.lmm.dimensions; }, std::nullopt}},
    // No timeout would let one stalled server hang a batch forever: a positive limit only.
    {"lmm-timeout", "SECONDS", "most seconds one request may take",
     OptionSetting<double>{[](ComparatorConfig& c) -> double& { return c.lmm.timeout_s; },
                           OptionRange<double>{0.0, 86400.0, "seconds", true}}},
    {"lmm-retries", "N", "extra tries after a timeout, a lost connection or HTTP 429/5xx (backoff 1 s, doubling)",
     OptionSetting<int>{[](ComparatorConfig& c) -> int& { return c.lmm.retries; }, OptionRange<int>{0, 10}}},
    {"lmm-concurrency", "N", "most requests in flight at once",
     OptionSetting<unsigned>{[](ComparatorConfig& c) -> unsigned& { return c.lmm.concurrency; },
                             OptionRange<unsigned>{1u, 64u}}},
    {"lmm-samples", "K", "answers counted for the probability when the server gives no token log-probabilities",
     OptionSetting<int>{[](ComparatorConfig& c) -> int& { return c.lmm.samples; }, OptionRange<int>{1, 100}}},
    {"lmm-long-side", "PX", "long side of the JPEG sent per image (never enlarged; your file is not changed)",
     OptionSetting<int>{[](ComparatorConfig& c) -> int& { return c.lmm.long_side; },
                        OptionRange<int>{64, 4096, "pixels"}}},
};

// backoff_s is no flag (only the API sets it), but it is checked like one.
const OptionRange<double> kBackoffRange{0.0, 3600.0, "seconds"};

struct Entry {
  JudgeInfo info;
  std::unique_ptr<Comparator> (*make)(const ComparatorConfig&);
};

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> kEntries = {
      {{"features",
        "interpretable measures (sharpness, noise, exposure, colour, JPEG blocking, BRISQUE) "
        "combined by a fitted logistic model",
        "", {}, Available},
       MakeFeatures},
      {{"learned",
        "two frozen ImageNet networks (SqueezeNet, MobileNetV2) on a global view and native-resolution tiles, "
        "fused with the measures; linear heads trained on human pairwise judgements (LIVE-Challenge and "
        "BIQ2021) and distortion ladders",
        "", {}, LearnedUnavailable},
       MakeLearned},
      {{"learned-v1",
        "the first learned judge (same networks, heads trained on LIVE-Challenge and ladders only), kept so "
        "earlier rankings can be repeated",
        "", {}, LearnedUnavailable},
       MakeLearnedV1},
      {{"lmm",
        "a multimodal language model (e.g. Co-Instruct) behind an OpenAI-compatible server "
        "(--server URL --model NAME); its answers are cached on disk",
        "multimodal-model judge (--judge lmm; API key, if the server needs one, from env VERSUS_LMM_API_KEY;\n"
        "answers cached in $XDG_CACHE_HOME/versus/lmm or ~/.cache/versus/lmm)",
        kLmmOptions, LmmUnavailable},
       MakeLmm},
  };
  return kEntries;
}

const Entry* FindEntry(std::string_view name) {
  for (const Entry& e : Entries()) {
    if (e.info.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

const std::vector<JudgeInfo>& Judges() {
  static const std::vector<JudgeInfo> kInfos = [] {
    std::vector<JudgeInfo> infos;
    for (const Entry& e : Entries()) infos.push_back(e.info);
    return infos;
  }();
  return kInfos;
}

const JudgeInfo* FindJudge(std::string_view name) {
  for (const JudgeInfo& judge : Judges()) {
    if (judge.name == name) return &judge;
  }
  return nullptr;
}

std::string UnknownJudgeMessage(std::string_view name) {
  std::string known;
  for (const JudgeInfo& judge : Judges()) known += (known.empty() ? "" : ", ") + std::string(judge.name);
  return "unknown judge '" + std::string(name) + "' (available: " + known + ")";
}

// The learned judge agrees better with people (training/README.md: cross-validated
// Spearman 0.70 vs 0.55 on CLIVE) and orders ladders as well; it loads LibTorch, so only
// commands that judge pay for it.
std::string_view DefaultComparatorName() { return "learned"; }

std::string JudgeOptionsProblem(const JudgeInfo& judge, const ComparatorConfig& config) {
  ComparatorConfig values = config;  // the fields are reached through non-const accessors
  for (const JudgeOption& option : judge.options) {
    const std::string problem = std::visit(
        [&](const auto& setting) -> std::string {
          using T = std::decay_t<decltype(setting.field(values))>;
          if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
            const T value = setting.field(values);
            if (setting.range && !InOptionRange(value, *setting.range)) {
              return OutOfRangeMessage("--" + std::string(option.flag), value, *setting.range);
            }
          }
          return "";
        },
        option.setting);
    if (!problem.empty()) return problem;
  }
  return "";
}

std::string LmmOptionsProblem(const LmmOptions& options) {
  ComparatorConfig config;
  config.lmm = options;
  if (std::string problem = JudgeOptionsProblem(*FindJudge("lmm"), config); !problem.empty()) return problem;
  if (!InOptionRange(options.backoff_s, kBackoffRange)) return OutOfRangeMessage("backoff_s", options.backoff_s, kBackoffRange);
  return "";
}

std::unique_ptr<Comparator> MakeComparator(std::string_view name, const ComparatorConfig& config) {
  const Entry* entry = FindEntry(name);
  if (entry == nullptr) throw Error(UnknownJudgeMessage(name));
  if (const std::string why = entry->info.unavailable(); !why.empty()) {
    throw Error("the " + std::string(name) + " judge cannot run here: " + why);
  }
  return entry->make(config);
}

fs::path ModelDirectory() {
  if (const char* env = std::getenv("VERSUS_MODEL_DIR"); env != nullptr && *env != '\0') return env;
  return InstalledFile("share/versus/models");
}

}  // namespace versus::engine
