#pragma once
// Which pairs `rank` asks the judge about: every pair while that is affordable, else an
// active design from sorting/ under a budget, refitting between batches.
#include <cstddef>
#include <functional>
#include <vector>

#include "versus/engine.hpp"
#include "versus/sorting.hpp"

namespace versus::cli {

/// How pairs are put to the judge.
struct JudgeSchedule {
  /// Pairs judged at once (for judges that wait on a server).
  unsigned parallel = 1;
  /// Show the pair (a, b) as (b, a) when a + b is odd, so each image comes first in about
  /// half its pairs: a model's preference for one position then cancels out instead of
  /// favouring the files listed first.
  bool balance_sides = false;
};

/// Judges pairs of `images` (at most `budget`, 0 = automatic) and returns the soft
/// outcomes P(a better than b) for the solver. The first engine::Error a judgement
/// throws is rethrown.
sorting::ComparisonSet JudgePairs(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                                  std::size_t budget,
                                  const std::function<void(std::size_t, std::size_t)>& progress,
                                  const JudgeSchedule& schedule = {});

}  // namespace versus::cli
