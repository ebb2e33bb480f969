#pragma once
/// Scores to 1..5 stars, two ways.
///
/// By quantile (relative to the set): the scores' ranks are cut at quantiles, by default
/// at 20/40/60/80% so each star gets a fifth of the set. Equal scores get equal stars
/// (average rank). Every set gets the full range, so a shoot of all-excellent photos
/// still has 1-star images: use it to cull within a shoot.
///
/// By threshold (absolute): star = 1 + number of thresholds <= score. The thresholds
/// come from anchors (images a person has rated, scored on the same scale, e.g. by the
/// Thurstone anchors fit): CalibrateStarThresholds puts each cut where it misclassifies
/// the fewest anchors. Comparable across shoots; a bad shoot can be all 1-star.
///
/// Defined results: empty input -> empty output; a set whose scores are all equal (one
/// item included) -> every item 3 stars (quantile). NaN scores -> Error.
#include <array>
#include <vector>

namespace versus::sorting {

/// Fifths: 1 star for the lowest 20%, ... 5 for the top 20%.
std::vector<int> StarsByQuantile(const std::vector<double>& scores);

/// cut_quantiles: 4 increasing values in (0,1); an item whose mid-rank quantile
/// (rank - 0.5) / n is >= cut_quantiles[k] gets at least k + 2 stars.
std::vector<int> StarsByQuantile(const std::vector<double>& scores,
                                 const std::array<double, 4>& cut_quantiles);

/// Absolute cuts: score >= thresholds[k] means at least k + 2 stars. Non-decreasing.
struct StarThresholds {
  std::array<double, 4> thresholds{};
};

std::vector<int> StarsByThreshold(const std::vector<double>& scores,
                                  const StarThresholds& thresholds);

/// Thresholds from anchors with known stars (1..5) and fitted scores. Each cut k (between
/// k+1 and k+2 stars) is the midpoint between consecutive anchor scores that misclassifies
/// the fewest anchors; cuts are then made non-decreasing. A cut with no anchor on one
/// side is extrapolated half the typical anchor spacing beyond the last anchor.
/// Error: fewer than 2 anchors, sizes differ, stars outside 1..5, NaN scores.
StarThresholds CalibrateStarThresholds(const std::vector<double>& anchor_scores,
                                       const std::vector<int>& anchor_stars);

}  // namespace versus::sorting
