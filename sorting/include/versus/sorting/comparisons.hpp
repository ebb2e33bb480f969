#pragma once
/// Pairwise outcomes: the input every solver in sorting/ reads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace versus::sorting {

/// One judgement of item `a` against item `b`.
/// `outcome` is the observed probability that `a` is better: 1 = a won, 0 = b won,
/// 0.5 = tie, anything in between is a soft outcome (a comparator's probability).
/// `weight` counts repeated identical outcomes (e.g. 7 raters said the same).
struct Comparison {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double outcome = 0.5;
  double weight = 1.0;
};

/// Items are 0..item_count-1; comparisons refer to them by index.
struct ComparisonSet {
  std::size_t item_count = 0;
  std::vector<Comparison> comparisons;
};

/// Per-item scores on a logit (Bradley–Terry) or probit (Thurstone) scale, higher is
/// better, with a 95% interval and the posterior variance per item.
struct Scores {
  std::vector<double> score;
  std::vector<double> ci_low;
  std::vector<double> ci_high;
  /// Per item, the posterior variance behind the interval (empty when no interval was
  /// computed). Consumers that need a standard error read it here instead of turning the
  /// interval back into one.
  std::vector<double> variance;
};

}  // namespace versus::sorting
