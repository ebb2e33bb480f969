#pragma once
// The learned judge's data: real photos with human scores (CLIVE MOS) and distortion
// ladders (known order, same scene) from Kodak and CLIVE photos, each image reduced once
// to its measures and backbone embedding, cached on disk so training runs in minutes.
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "versus/engine/backbone_embedder.hpp"
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

struct LearnedSample {
  std::size_t photo = 0;   ///< index into LearnedData::photos (folds are per photo)
  int kind = -1;           ///< index into LadderKinds(); -1 = the photo as it is
  int level = 0;           ///< 0 = the photo as it is, higher = worse
  double mos = std::numeric_limits<double>::quiet_NaN();  ///< human score (CLIVE only)
  double mos_std = 0.0;
  std::vector<float> embedding;
  std::vector<double> measures;
};

struct LearnedData {
  std::vector<std::string> photos;  ///< "kodak/kodim01.png", "clive/t1.png"
  std::vector<LearnedSample> samples;
};

struct DatasetOptions {
  std::filesystem::path kodak, clive, cache;
  std::size_t clive_ladder_sources = 24;  ///< CLIVE photos that also get ladders
  unsigned jobs = 1;
};

/// Builds (or reads from `options.cache`) every sample's measures and embedding.
LearnedData LoadLearnedData(const DatasetOptions& options, const engine::BackboneEmbedder& embedder,
                            const std::string& backbone_signature);

}  // namespace versus::training
