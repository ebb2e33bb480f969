#pragma once
/// The learned judge's trained part, without LibTorch: which frozen backbones make the
/// embedding, how each feature is standardised, and the linear heads on
///   x = [embedding (backbone features of a global view and native tiles), measures].
///   score(x) = w . z(x) + b,  z = (x - mean) / scale
/// P(A better) = sigmoid(score(A) - score(B)); one head per technical dimension gives the
/// "why". Written by training/ (versus-train) as models/learned_judge.json.
#include <filesystem>
#include <string>
#include <vector>

#include "versus/engine/profile.hpp"

namespace versus::engine {

/// One frozen network: its TorchScript file (in the model folder), input convention, and
/// the layers ("taps") whose activations become features. Each tap gives its channels'
/// mean and standard deviation over the image: early taps see blur, noise and blocking,
/// late ones content and composition, and their spread is what quality changes.
struct BackboneSpec {
  std::string file;               ///< e.g. "squeezenet_v1.1_imagenet.torchscript.pt"
  std::string network;            ///< how its layers are walked: "squeezenet-1.1", "mobilenet-v2" or "scnn"
  std::string input;              ///< "caffe-bgr" (0..255 BGR minus mean) or "imagenet-rgb" (/255, mean/std)
  std::vector<std::string> taps;  ///< e.g. "fire9", "features.18"
  int features = 0;               ///< width of one view: 2 x channels summed over the taps
  bool tiles = true;              ///< also the mean over native tiles (false: the global view only)
  /// A fine-tuned continuation of this trunk (issue 23), or empty: a TorchScript file whose
  /// `forward` takes the global view's activation after stage `tail_after` and returns one
  /// score per image (its last stages trained on human pairs, then mean pooling and a
  /// linear score). Its score is one more embedding column, after every backbone's views.
  std::string tail_file;
  std::string tail_after;  ///< e.g. "features.15"
};

struct LinearHead {
  std::vector<double> weight;  ///< per standardised feature
  double bias = 0.0;
};

struct LearnedHead {
  std::vector<BackboneSpec> backbones;
  std::vector<double> mean;   ///< per feature: embedding, then measures (MeasureTable order)
  std::vector<double> scale;  ///< per feature, > 0
  LinearHead overall;
  std::vector<LinearHead> dimensions;  ///< TechnicalDimensions() order
  std::string provenance;              ///< command, data and cross-validated figures

  /// Embedding width the backbones produce (global view, and tile mean where asked; then
  /// one score per tail).
  std::size_t EmbeddingSize() const;
  /// Reads the head; throws engine::Error naming `path` when it is missing, malformed or
  /// does not fit this build's measure table.
  static LearnedHead Load(const std::filesystem::path& path);
  void Save(const std::filesystem::path& path) const;
  /// head's score of one profiled image (its embedding must come from `backbones`).
  double Score(const LinearHead& head, const ImageProfile& profile) const;
};

}  // namespace versus::engine
