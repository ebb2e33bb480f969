#pragma once
// The link between a score difference in logits and a win probability, used by the
// Bradley-Terry fit (sorting/), the judges (engine/) and the trainers: written once so
// a verdict's p_a_better and its margins always mean the same scale.
// Header-only (engine/ includes it without linking sorting's code).
#include <cmath>

namespace versus::sorting {

/// P(a beats b) for a log-odds (score difference in logits): 1 / (1 + e^-x).
inline double WinProbability(double log_odds) { return 1.0 / (1.0 + std::exp(-log_odds)); }

/// The inverse: log(p / (1 - p)). ±infinity at p = 1 and 0: clamp p first where a
/// finite margin is needed.
inline double LogOdds(double p) { return std::log(p / (1.0 - p)); }

}  // namespace versus::sorting
