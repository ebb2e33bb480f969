#pragma once
/// The learned judge: frozen backbone embeddings of a global view and native tiles, fused
/// with the interpretable measures, scored by linear heads trained on human pairwise
/// judgements (CLIVE MOS) and distortion ladders (training/train_learned_judge.cpp).
/// Lives in target versus::engine_torch; the `versus` binary reaches it through the
/// libversus_learned.so module (see comparators.hpp), so LibTorch loads only when used.
#include <filesystem>

#include "versus/engine/backbone_embedder.hpp"
#include "versus/engine/comparator.hpp"
#include "versus/engine/learned_head.hpp"

namespace versus::engine {

/// File names of the heads in the model folder: today's judge, and the first judge
/// (CLIVE only), kept selectable as `learned-v1` so a shoot ranked with it can be
/// re-ranked the same way. Both read the same backbones.
inline constexpr const char* kLearnedHeadFile = "learned_judge.json";
inline constexpr const char* kLearnedV1HeadFile = "learned_judge_v1.json";

class LearnedComparator final : public Comparator {
 public:
  /// Loads `model_dir`/`head_file` and the backbones it names; throws engine::Error
  /// naming the file that is missing or corrupt. `name` is the judge's registry name
  /// (its anchors are anchors_<name>.json).
  explicit LearnedComparator(const std::filesystem::path& model_dir, std::string head_file = kLearnedHeadFile,
                             std::string name = "learned");
  std::string_view name() const override { return name_; }
  void Prepare(const DecodedImage& image, ImageProfile& profile) const override;
  Verdict Compare(const ImageProfile& a, const ImageProfile& b) const override;
  /// Overall score of one prepared image: score differences are log-odds.
  double Score(const ImageProfile& profile) const;

 private:
  std::string name_;
  LearnedHead head_;
  BackboneEmbedder embedder_;
};

}  // namespace versus::engine
