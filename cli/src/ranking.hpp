#pragma once
// The ranking pipeline `rank` and `rate` share: find and profile images, judge pairs,
// fit Bradley-Terry scores, turn them into stars by quantile.
#include <cstddef>
#include <string>
#include <vector>

#include "image_inputs.hpp"
#include "versus/sorting.hpp"

namespace versus::cli {

struct Ranking {
  ImageInputs inputs;                ///< images (index i below), errors, judge
  sorting::Scores scores;            ///< per image: score and 95% interval
  std::vector<int> stars;            ///< per image: 1..5, sorting::StarsByQuantile (fifths of the set)
  std::vector<std::size_t> order;    ///< image indices, best first
  std::size_t comparisons = 0;       ///< pairs judged
};

/// Adds rank's input and budget flags, -r/--recursive and --budget (rank, report).
void AddRankingFlags(boost::program_options::options_description& options, bool& recursive, std::size_t& budget);

/// LoadImages, JudgePairs (at most `budget` pairs, 0 = automatic), Bradley-Terry,
/// StarsByQuantile. Throws engine::Error only for problems with the judge itself or
/// from `lock_sources` (see LoadImages).
Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources = {});

/// The same from images already loaded (LoadImages; `report` loads them with hashes for
/// its cull groups): JudgePairs, Bradley-Terry, StarsByQuantile.
Ranking RankLoaded(ImageInputs inputs, std::size_t budget);

/// Per image, the probability that its star is right: the normal approximation of its
/// score (standard error from the 95% interval) integrated over its star's bracket,
/// whose edges lie midway between neighbouring stars' closest scores.
std::vector<double> StarConfidence(const sorting::Scores& scores, const std::vector<int>& stars);

}  // namespace versus::cli
