#pragma once
/// Frozen ImageNet backbones (TorchScript) turned into one embedding per image: for each
/// backbone, the statistics of its tapped layers (BackboneSpec::taps) on the global view
/// (the decoded working image, long side <= 512, shape kept), then their mean over the
/// native-resolution tiles (a resize hides blur, noise and blocking; the tiles keep
/// them). Implemented in target versus::engine_torch; LibTorch stays out of this header.
#include <filesystem>
#include <memory>
#include <vector>

#include "versus/engine/decoder.hpp"
#include "versus/engine/learned_head.hpp"

namespace versus::engine {

/// How the backbones run: frozen, optimised pieces through oneDNN (what the judge uses), or
/// stage by stage as LibTorch runs the TorchScript unoptimised (~10x slower; the reference
/// the optimised features are tested against).
enum class BackboneExecution { kOptimised, kPlain };

/// How many native tiles the networks see (the two with the most detail, where a photo
/// has more): the heads were trained on photos of at most 768 px, which give one or two.
inline constexpr std::size_t kNetworkTiles = 2;

class BackboneEmbedder {
 public:
  /// Loads each backbone's TorchScript from `model_dir`; throws engine::Error naming the
  /// file when it is missing or not a TorchScript model with an `embed` method.
  BackboneEmbedder(const std::filesystem::path& model_dir, std::vector<BackboneSpec> backbones,
                   BackboneExecution execution = BackboneExecution::kOptimised);
  ~BackboneEmbedder();
  BackboneEmbedder(const BackboneEmbedder&) = delete;
  BackboneEmbedder& operator=(const BackboneEmbedder&) = delete;

  /// [global, tile mean (if BackboneSpec::tiles)] per backbone, in order; the tile mean
  /// over the kNetworkTiles tiles of the most detail. Thread-safe; deterministic.
  std::vector<float> Embed(const DecodedImage& image) const;

 private:
  struct Networks;
  std::unique_ptr<Networks> networks_;
};

}  // namespace versus::engine
