#pragma once
/// Scores on the human scale: mean opinion score (MOS) points, 0-100 as in the LIVE In
/// the Wild study the judges were fitted on, from comparisons with anchors whose MOS is
/// known (the Compare2Score scheme).
///
/// A judge's link to that scale is Thurstone Case V on MOS points:
///   P(judge prefers a to b) = Phi((mos_a - mos_b) / sigma),
/// sigma (MOS points per probit unit) fitted per judge on human-scored photos. An image
/// is scored by the MAP fit (solver.hpp, Model::kThurstone) of its comparisons with k anchors held at
/// mos / sigma, and the result is multiplied back by sigma. Each image is fitted against
/// the anchors only, as Compare2Score does: its score, interval and stars do not depend
/// on which other images share the run.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"
#include "versus/sorting/stars.hpp"

namespace versus::sorting {

/// sigma maximising the likelihood of the judge's soft outcomes given the human MOS
/// differences: argmin sum_k CE(outcome_k, Phi(mos_difference_k / sigma)), searched on
/// [0.1, 1000] MOS points. Error: sizes differ, no pair, an outcome outside [0,1].
double FitHumanScaleSigma(const std::vector<double>& mos_difference, const std::vector<double>& outcome);

/// sigma at which ScoreAgainstAnchors(p_beats_anchor, anchor_mos, sigma) of human-scored
/// images has the standard deviation of their MOS (linear equating: the judge's scores
/// get the human scores' spread, so star cuts taken from human MOS give each star about
/// as many photos as people would). Bisection on log sigma over [1, 1000].
/// Error: sizes differ, fewer than 2 images, MOS all equal.
double FitHumanScaleSigmaBySpread(const std::vector<std::vector<double>>& p_beats_anchor,
                                  const std::vector<double>& anchor_mos, const std::vector<double>& image_mos);

/// Scores, 95% intervals and variances (MOS points) of n images from p_beats_anchor[i][j] = P(image i
/// better than anchor j). Error: a row whose size is not anchor_mos.size(), no anchors,
/// sigma <= 0, or what sorting::Solve rejects.
Scores ScoreAgainstAnchors(const std::vector<std::vector<double>>& p_beats_anchor,
                           const std::vector<double>& anchor_mos, double sigma,
                           SolverSummary* summary = nullptr);

/// k photos spanning the MOS range: the photos sorted by MOS are cut into k strata of
/// (nearly) equal count and one is drawn from each with a seeded generator (the same
/// seed and input give the same choice everywhere). Indices into `mos`, lowest MOS first.
/// Error: k == 0 or k > mos.size().
std::vector<std::size_t> PickAnchorsByMos(const std::vector<double>& mos, std::size_t k, std::uint64_t seed);

/// Absolute star cuts at the quintiles (20/40/60/80%) of human MOS: on the human data
/// itself each star holds a fifth of the photos. Error: fewer than 5 values.
StarThresholds QuintileThresholds(std::vector<double> mos);

}  // namespace versus::sorting
