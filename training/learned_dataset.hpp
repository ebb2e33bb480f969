#pragma once
// The learned judge's data: real photos with human scores (CLIVE and BIQ2021 MOS, each on
// its own scale) and distortion ladders (known order, same scene) from Kodak and CLIVE
// photos, each image reduced once to its measures and backbone embedding, cached on disk
// so training runs in minutes.
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "versus/engine/backbone_embedder.hpp"
#include "versus/engine/decoder.hpp"
#include "versus/engine/measures.hpp"

namespace versus::training {

/// A kind of damage a ladder applies, the dimension it belongs to, and whether training
/// may see it (held-out kinds only ever test generalisation).
struct LadderKind {
  std::string name;
  engine::Dimension dimension;
  bool held_out = false;
  bool on_real_photos = true;  ///< false: exposure/colour ladders only on pristine Kodak photos
};
const std::vector<LadderKind>& LadderKinds();

/// Which human-scored set a photo comes from: scores compare only within one set (their
/// scales and observers differ).
enum class HumanSet { kNone, kClive, kBiq };
constexpr std::size_t kHumanSets = 3;

struct LearnedSample {
  std::size_t photo = 0;   ///< index into LearnedData::photos (folds are per photo)
  HumanSet set = HumanSet::kNone;  ///< of the photo (kNone: Kodak ladder sources)
  int kind = -1;           ///< index into LadderKinds(); -1 = the photo as it is
  int level = 0;           ///< 0 = the photo as it is, higher = worse
  double mos = std::numeric_limits<double>::quiet_NaN();  ///< human score (photos as they are)
  double mos_std = 0.0;  ///< the observers' spread (CLIVE's mos_std; a fixed value for BIQ2021)
  std::vector<float> embedding;
  std::vector<double> measures;
};

struct LearnedData {
  std::vector<std::string> photos;  ///< "kodak/kodim01.png", "clive/t1.png"
  std::vector<std::filesystem::path> files;  ///< per photo, where it was read from
  std::vector<LearnedSample> samples;
};

/// The image a sample is: its photo decoded as the judge decodes it, or the photo with
/// the sample's ladder damage applied (the same pixels every call).
engine::DecodedImage SampleImage(const LearnedData& data, const LearnedSample& sample);

struct DatasetOptions {
  std::filesystem::path kodak, clive, cache;
  std::filesystem::path biq;  ///< empty: no BIQ2021 photos (the first judge's data)
  /// BIQ2021 has no per-photo spread: CLIVE's median mos_std relative to its MOS's
  /// spread (19.4 / 20.3), carried to BIQ2021's spread (0.187): 0.18 on its 0..1 scale.
  double biq_sigma = 0.18;
  std::size_t clive_ladder_sources = 24;  ///< CLIVE photos that also get ladders
  unsigned jobs = 1;
};

/// Builds (or reads from `options.cache`) every sample's measures and embedding.
LearnedData LoadLearnedData(const DatasetOptions& options, const engine::BackboneEmbedder& embedder,
                            const std::string& backbone_signature);

}  // namespace versus::training
