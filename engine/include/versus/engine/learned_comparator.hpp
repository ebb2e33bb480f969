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

/// File name of the head in the model folder.
inline constexpr const char* kLearnedHeadFile = "learned_judge.json";

class LearnedComparator final : public Comparator {
 public:
  /// Loads `model_dir`/learned_judge.json and the backbones it names; throws
  /// engine::Error naming the file that is missing or corrupt.
  explicit LearnedComparator(const std::filesystem::path& model_dir);
  std::string_view name() const override { return "learned"; }
  void Prepare(const DecodedImage& image, ImageProfile& profile) const override;
  Verdict Compare(const ImageProfile& a, const ImageProfile& b) const override;
  /// Overall score of one prepared image: score differences are log-odds.
  double Score(const ImageProfile& profile) const;

 private:
  LearnedHead head_;
  BackboneEmbedder embedder_;
};

}  // namespace versus::engine
