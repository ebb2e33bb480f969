#pragma once
/// A judge's verdict on two images, typed: log-odds and P(A better), a margin per named
/// dimension, and a structured reason (who won, the dimensions and numbers that carried
/// it, or the judge's own words with the images it mentions). Text is made from it by one
/// formatter (verdict_reason.hpp) with the names each caller gives the images; nobody
/// parses a reason back.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "versus/engine/measures.hpp"
#include "versus/engine/reason_words.hpp"

namespace versus::engine {

/// The two sides of a pairwise verdict: A (the first image given to Compare) and B.
enum class Side { kFirst, kSecond };
inline Side Other(Side side) { return side == Side::kFirst ? Side::kSecond : Side::kFirst; }
/// The image index of a side (0 = A, 1 = B): how ImageNames and ReasonWord address it.
inline std::size_t IndexOf(Side side) { return side == Side::kFirst ? 0 : 1; }

struct DimensionVerdict {
  Dimension dimension;
  /// Log-odds contribution to "A is better": > 0 favours A, < 0 favours B, 0 = no
  /// difference. Margins of the technical dimensions add up to the overall margin
  /// (up to a comparator's non-dimensional terms).
  double margin = 0.0;
};

/// One dimension a reason names: the side it favours and the numbers behind it.
struct ReasonClause {
  Dimension dimension;
  Side favours;
  /// The measured values of the favoured image and of the other, in the units the
  /// reason shows them (edge contrast, noise levels, % clipped, block edges); absent when
  /// the numbers do not support the words (then the words stand alone).
  std::optional<std::array<double, 2>> values;
};

struct Reason {
  /// The side the verdict favours; nullopt = too close to call.
  std::optional<Side> winner;
  /// A measuring judge's clauses: the dimensions that carried the verdict for the winner
  /// (strongest first, at most two), then at most one the other side wins. No clause with
  /// a winner: better overall, by a small margin.
  std::vector<ReasonClause> clauses;
  /// A judge that explains in its own words (the lmm judge): its sentence, with the
  /// images it mentions by index (0 = A). When non-empty, it is the reason.
  std::vector<ReasonWord> words;
};

struct Verdict {
  double log_odds = 0.0;    ///< log(P / (1 - P)) that A is better
  double p_a_better = 0.5;  ///< in [0, 1], the same verdict as `log_odds`
  std::vector<DimensionVerdict> dimensions;  ///< the technical ones, then eyes and face focus (measuring judges), then overall
  Reason reason;
};

/// The same reason told from the other side: sides and image mentions 0 and 1 swapped.
Reason Swapped(Reason reason);
/// The same verdict told from B's side: P becomes 1 - P, log-odds and margins change
/// sign, the reason is Swapped.
Verdict Swapped(Verdict verdict);

}  // namespace versus::engine
