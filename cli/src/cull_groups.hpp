#pragma once
// Cull's groups as typed values: what `cull` prints and acts on, and what `report` shows.
#include <cstddef>
#include <string>
#include <vector>

#include "image_inputs.hpp"

namespace versus::cli {

struct CullGroup {
  std::vector<std::size_t> members;  ///< image indices, best first
  std::size_t keep = 0;              ///< how many of the first members are kept
  std::string reason;
  engine::GroupKind how = engine::GroupKind::kBurst;
  double span_seconds = 0.0;
};

/// Groups the loaded images (LoadImages with perceptual hashes) by engine::GroupShots and
/// orders each group by its judge, best first; the first `keep` of each are kept.
std::vector<CullGroup> CullGroups(const ImageInputs& in, const engine::GroupingOptions& grouping, std::size_t keep);

}  // namespace versus::cli
