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
/// outcomes P(a better than b) for the solver. `parallel` pairs are judged at once (for
/// judges that wait on a server); the first engine::Error a judgement throws is rethrown.
sorting::ComparisonSet JudgePairs(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                                  std::size_t budget,
                                  const std::function<void(std::size_t, std::size_t)>& progress,
                                  unsigned parallel = 1);

}  // namespace versus::cli
