#pragma once
/// A comparator judges two profiled images: P(A better than B), a margin per dimension
/// and a one-sentence reason. Prepare once per image (profile), compare many times.
#include <string>
#include <string_view>
#include <vector>

#include "versus/engine/measures.hpp"
#include "versus/engine/profile.hpp"

namespace versus::engine {

struct DimensionVerdict {
  Dimension dimension;
  /// Log-odds contribution to "A is better": > 0 favours A, < 0 favours B, 0 = no
  /// difference. Margins of the technical dimensions add up to the overall margin
  /// (up to a comparator's non-dimensional terms).
  double margin = 0.0;
};

struct Verdict {
  double p_a_better = 0.5;                  ///< in [0, 1]
  std::vector<DimensionVerdict> dimensions;  ///< the five technical ones, then overall
  std::string reason;  ///< e.g. "The first image is better: sharper (2.1x the fine detail)."
};

class Comparator {
 public:
  virtual ~Comparator() = default;
  /// The registry name (`--judge`).
  virtual std::string_view name() const = 0;
  /// Adds what this comparator needs beyond the measures (e.g. an embedding) to a
  /// profile. Called once per image, possibly from several threads at once.
  virtual void Prepare(const DecodedImage& /*image*/, ImageProfile& /*profile*/) const {}
  /// Judges A against B. Must be antisymmetric: Compare(b, a).p == 1 - Compare(a, b).p.
  virtual Verdict Compare(const ImageProfile& a, const ImageProfile& b) const = 0;
};

}  // namespace versus::engine
