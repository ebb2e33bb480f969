#pragma once
// Which pairs `rank` asks the judge about: every pair while that is affordable, else an
// active design from sorting/ under a budget, refitting between batches.
#include <cstddef>
#include <functional>
#include <vector>

#include "versus/engine.hpp"
#include "versus/sorting.hpp"

namespace versus::cli {

/// Judges pairs of `images` (at most `budget`, 0 = automatic) and returns the soft
/// outcomes P(a better than b) for the solver.
sorting::ComparisonSet JudgePairs(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                                  std::size_t budget,
                                  const std::function<void(std::size_t, std::size_t)>& progress);

/// A whole set ranked: Bradley-Terry scores from the judged pairs, stars by quantile,
/// and the order best first. What `rank` prints and `sort` files by.
struct Ranking {
  sorting::Scores scores;
  std::vector<int> stars;          ///< 1..5, per image
  std::vector<std::size_t> order;  ///< image indices, best first
  std::size_t comparisons = 0;
};

Ranking RankImages(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                   std::size_t budget, const std::function<void(std::size_t, std::size_t)>& progress);

}  // namespace versus::cli
