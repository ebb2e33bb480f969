#pragma once
/// What a solve fits: items, weighted comparisons, anchors with known scores, the model
/// and the prior (Ceres keeps the problem apart from the solver's options the same way).
///
/// Model (the link, link_function.hpp): P(a beats b) = 1 / (1 + exp(-(s_a - s_b)))
/// (Bradley–Terry, scores in logits) or Phi(s_a - s_b) (Thurstone Case V, one unit = one
/// standard deviation of the perceived difference). A comparison with outcome y in [0,1]
/// and weight w contributes w * [y log P + (1-y) log (1-P)]: hard wins (y = 1 or 0), ties
/// (y = 0.5, half a win to each side) and soft outcomes (a comparator's probability, as
/// Compare2Score uses) all enter the same way.
///
/// Prior: N(mu, 1/prior_strength) on every free score, mu = the mean of the anchor scores
/// (0 without anchors). It keeps disconnected or one-sided data (an image that never lost)
/// finite and, without anchors, fixes the gauge (scores are defined up to a shift; the
/// prior makes them sum to 0).
///
/// Anchors: items whose score is known (e.g. from an earlier, larger study), held fixed,
/// so they pin the scale: a new image compared only with the anchors gets a score on the
/// anchors' scale, and scores from different runs or shards that share the anchors are
/// directly comparable (the Compare2Score scheme). Anchor scores must be on the model's
/// scale. An anchor's variance is 0 and its interval is its score.
///
/// Defined results (no exception): no comparisons or one item -> every free score the
/// prior mean with the prior's variance; all ties -> every score 0; a == b -> ignored,
/// counted in summary.self_comparisons_ignored; weight 0 -> ignored, counted.
/// Errors (versus::sorting::Error, thrown by Solve / NextPairs): an index >= item_count,
/// an outcome that is NaN or outside [0,1], a weight that is NaN, infinite or negative,
/// an anchor out of range, non-finite or anchored twice, prior_strength not finite and
/// > 0, initial_scores of the wrong size.
#include <cstdint>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::sorting {

/// An item with a known score, held fixed by the fit.
struct Anchor {
  std::uint32_t item = 0;
  double score = 0.0;
};

struct PairwiseProblem {
  Model model = Model::kBradleyTerry;
  /// Items 0..data.item_count-1 and the comparisons between them.
  ComparisonSet data;
  std::vector<Anchor> anchors;
  /// Precision of the prior on each free score. 0.01 = a standard deviation of 10 logits:
  /// weak enough to leave well-measured scores alone, strong enough to keep an undefeated
  /// item finite. Must be finite and > 0.
  double prior_strength = 0.01;
  /// Where the iterations start (Ceres: the parameter blocks' values): empty = the prior
  /// mean; otherwise data.item_count finite values (an active loop passes its last fit).
  /// Anchors start, and stay, at their scores.
  std::vector<double> initial_scores;
};

}  // namespace versus::sorting
