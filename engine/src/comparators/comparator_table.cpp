// The registry: every comparator once, by the name `--judge` uses.
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "learned_module_loader.hpp"
#include "versus/engine/comparators.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/feature_comparator.hpp"
#include "versus/engine/install_layout.hpp"
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

std::unique_ptr<Comparator> MakeLmm(const ComparatorConfig& config) {
  return std::make_unique<LmmComparator>(config.lmm);
}

std::unique_ptr<Comparator> MakeLearned(const ComparatorConfig& config) { return LoadLearnedComparator(ModelDir(config)); }

struct Entry {
  ComparatorInfo info;
  std::unique_ptr<Comparator> (*make)(const ComparatorConfig&);
};

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> kEntries = {
      {{"features", "interpretable measures (sharpness, noise, exposure, colour, JPEG blocking, BRISQUE) "
                    "combined by a fitted logistic model"},
       MakeFeatures},
      {{"learned", "a frozen ImageNet network (SqueezeNet) on a global view and native-resolution tiles, fused with the "
                   "measures; linear heads trained on human pairwise judgements and distortion ladders"},
       MakeLearned},
      {{"lmm", "a multimodal language model (e.g. Co-Instruct) behind an OpenAI-compatible server "
               "(--server URL --model NAME); its answers are cached on disk"},
       MakeLmm},
  };
  return kEntries;
}

}  // namespace

const std::vector<ComparatorInfo>& Comparators() {
  static const std::vector<ComparatorInfo> kInfos = [] {
    std::vector<ComparatorInfo> infos;
    for (const Entry& e : Entries()) infos.push_back(e.info);
    return infos;
  }();
  return kInfos;
}

// The learned judge agrees better with people (training/README.md: cross-validated
// Spearman 0.70 vs 0.55 on CLIVE) and orders ladders as well; it loads LibTorch, so only
// commands that judge pay for it.
std::string_view DefaultComparatorName() { return "learned"; }

std::unique_ptr<Comparator> MakeComparator(std::string_view name, const ComparatorConfig& config) {
  for (const Entry& e : Entries()) {
    if (e.info.name == name) return e.make(config);
  }
  std::string known;
  for (const Entry& e : Entries()) known += (known.empty() ? "" : ", ") + std::string(e.info.name);
  throw Error("unknown judge '" + std::string(name) + "' (available: " + known + ")");
}

fs::path ModelDirectory() {
  if (const char* env = std::getenv("VERSUS_MODEL_DIR"); env != nullptr && *env != '\0') return env;
  return InstalledFile("share/versus/models");
}

}  // namespace versus::engine
