#pragma once
// The ranking pipeline `rank`, `rate` and `sort` share: find and profile images, then the
// engine's Ranker (judged pairs, Bradley-Terry scores, stars by quantile, order).
#include <cstddef>
#include <string>
#include <vector>

#include "image_inputs.hpp"
#include "versus/engine/ranker.hpp"

namespace versus::cli {

struct Ranking {
  ImageInputs inputs;           ///< images (item i of the report is inputs.images[i]), errors, judge
  engine::RankerReport report;  ///< scores with 95% intervals and standard errors, stars, order, judged pairs
};

/// LoadImages, then engine::Rank over the images with the judge (at most `budget` pairs,
/// 0 = automatic). Throws engine::Error only for problems with the judge itself or from
/// `lock_sources` (see LoadImages).
Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources = {});

}  // namespace versus::cli
