#pragma once
// Filters > versus > Rank open images... in GIMP 3: the ranking, best first, with scores
// and stars.
#include <libgimp/gimp.h>

#include <string>
#include <vector>

#include "edit_comparison.hpp"

namespace versus::plugin {

/// Shows `ranking` of `images` (and their labels, in the order RankEdits read them);
/// blocks until closed. Offers "Write stars to files" only when RatingWriter() has a
/// writer.
void RunRankDialog(const Ranking& ranking, const std::vector<GimpImage*>& images,
                   const std::vector<std::string>& labels);

}  // namespace versus::plugin
