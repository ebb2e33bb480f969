#pragma once
// versus-train's candidate heads: which networks a run embeds with, the column blocks of
// the cached rows they give, and the named variants of blocks and settings the report
// cross-validates (training/README.md has why each is there).
#include <optional>
#include <string>
#include <vector>

#include "learned_folds.hpp"
#include "versus/engine/learned_head.hpp"

namespace versus::training {

/// A network the trainer can embed with: its spec, and the channels of each tap (a stage
/// per resolution, from textures — blur, noise, blocking — to content).
struct KnownBackbone {
  engine::BackboneSpec spec;
  std::vector<int> channels;  ///< per tap
};

/// Every network versus-train knows, by short name: squeezenet, mobilenet, scnn.
const std::vector<KnownBackbone>& KnownBackbones();
/// "squeezenet" for "squeezenet_v1.1_imagenet.torchscript.pt".
std::string ShortName(const engine::BackboneSpec& b);
/// The fine-tuned tail's one-column block.
bool IsTail(const ColumnBlock& b);

/// What a run asks of the table (versus-train's command line).
struct VariantOptions {
  std::vector<std::string> backbones = {"squeezenet", "mobilenet"};  ///< --backbones, short names
  bool tail = false;                ///< --tail: a tail column per split, and the variants that blend it
  double measures_gain = 1.0;       ///< --measures-gain (ColumnBlock::gain of the measures)
  bool final_only = false;          ///< --final-only: only the shipped variant
  std::vector<std::string> tried;   ///< --try: one more variant of these block prefixes
  bool try_biq = false;             ///< --try-biq: that variant trains on BIQ2021's pairs too
  std::string shipped = "v2: both, global+tiles+measures, +BIQ";  ///< --ship: what --out writes
};

class VariantTable {
 public:
  /// Throws std::invalid_argument naming the known networks for an unknown one.
  explicit VariantTable(VariantOptions options);

  /// The chosen networks, in KnownBackbones() order (the embedder's column order).
  const std::vector<KnownBackbone>& backbones() const { return chosen_; }
  std::vector<engine::BackboneSpec> Specs() const;
  /// "squeezenet+mobilenet": names the feature cache and the head's provenance.
  std::string Names() const;
  bool tail() const { return options_.tail; }

  /// Column blocks of the cached rows, "<backbone>.<view>.<tap>.<mean|sd>" in the order
  /// BackboneEmbedder writes them, then "tail" (with --tail), then "measures".
  std::vector<ColumnBlock> Blocks() const;
  /// The variants this run reports (only the shipped one with --final-only). Throws
  /// std::invalid_argument when a --try prefix matches no block.
  std::vector<Variant> Variants() const;
  /// The variant --out writes; throws std::invalid_argument when there is none by its name.
  Variant Shipped() const;
  const std::string& shipped_name() const { return options_.shipped; }

 private:
  std::optional<Variant> Make(const std::string& name, const std::vector<std::string>& prefixes, bool biq,
                              double l2 = 0.0, double human_weight = 0.0) const;

  VariantOptions options_;
  std::vector<KnownBackbone> chosen_;
};

}  // namespace versus::training
