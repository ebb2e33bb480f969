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

/// Adds rank's input and budget flags, -r/--recursive and --budget (rank, report).
void AddRankingFlags(boost::program_options::options_description& options, bool& recursive, std::size_t& budget);

/// LoadImages, then RankLoaded. Throws engine::Error only for problems with the judge
/// itself or from `lock_sources` (see LoadImages).
Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources = {});

/// engine::Rank over images already loaded (LoadImages; `report` loads them with hashes
/// for its cull groups) with their judge: at most `budget` pairs, 0 = automatic.
Ranking RankLoaded(ImageInputs inputs, std::size_t budget);

}  // namespace versus::cli
