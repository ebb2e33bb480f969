#pragma once
/// Pairwise outcomes: the input every solver in sorting/ reads.
#include <cmath>
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
/// better, with the posterior variance and an interval (95% by default) per item.
/// variance, ci_low and ci_high are empty when no intervals were asked for.
struct Scores {
  std::vector<double> score;
  std::vector<double> variance;  ///< of each score (gauge-fixed); 0 for anchors
  std::vector<double> ci_low;    ///< score - z * standard error, z for the interval level
  std::vector<double> ci_high;

  /// sqrt(variance[i]): use this, not the interval width, where a standard error is needed.
  double StandardError(std::size_t i) const { return std::sqrt(variance[i]); }
};

}  // namespace versus::sorting
