#pragma once
// The ranking pipeline `rank`, `rate` and `sort` share: find and profile images, judge
// each against the judge's anchors and fit scores on the human scale (MOS 0-100) with
// absolute stars; a judge without anchors (lmm): judge pairs, fit Bradley-Terry scores
// relative to the set, stars by quantile.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "image_inputs.hpp"
#include "versus/sorting.hpp"

namespace versus::cli {

struct Ranking {
  ImageInputs inputs;                ///< images (index i below), errors, judge
  sorting::Scores scores;            ///< per image: score and 95% interval
  std::vector<int> stars;            ///< per image: 1..5 (see stars_kind)
  std::vector<std::size_t> order;    ///< image indices, best first
  std::size_t comparisons = 0;       ///< pairs judged (anchors included)
  std::size_t anchors = 0;           ///< anchors each image was judged against (0: none)
  /// "mos-0-100": human opinion scores (anchored); "log-odds-relative": Bradley-Terry
  /// log-odds around the set's own mean (a judge without anchors).
  std::string scale;
  /// "absolute": the anchors' thresholds on the MOS scale; "relative": fifths of the set.
  std::string stars_kind;
  /// The cuts absolute stars were given by (MOS points); empty for relative stars.
  std::optional<sorting::StarThresholds> star_thresholds;
};

/// LoadImages, then with the judge's anchors (engine::LoadAnchors) k judgements per image
/// and sorting::ScoreAgainstAnchors (each image's score independent of the others, so
/// the same in any folder; `budget` unused), stars by the anchors' thresholds or, with
/// flags.stars "relative", by quantile; without anchors JudgePairs (at most `budget`
/// pairs, 0 = automatic), Bradley-Terry, StarsByQuantile. Throws engine::Error only for problems with the judge itself or
/// from `lock_sources` (see LoadImages).
Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources = {});

/// Per image, the probability that its star is right: the normal approximation of its
/// score (standard error from the 95% interval) integrated over its star's bracket:
/// between the absolute cuts when `thresholds` is given, else with edges midway between
/// neighbouring stars' closest scores.
std::vector<double> StarConfidence(const sorting::Scores& scores, const std::vector<int>& stars,
                                   const std::optional<sorting::StarThresholds>& thresholds = std::nullopt);

}  // namespace versus::cli
