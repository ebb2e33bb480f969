#pragma once
// The link between a score difference and a win probability, used by the fit (sorting/),
// the judges (engine/) and the trainers: written once so a verdict's p_a_better, its
// margins and the fitted scores always mean the same scale.
// Header-only (engine/ includes it without linking sorting's code).
#include <cmath>

namespace versus::sorting {

/// The link between a score difference d = s_a - s_b and P(a beats b): a property of the
/// problem (PairwiseProblem::model), not of the solver.
enum class Model {
  kBradleyTerry,  ///< P = 1 / (1 + exp(-d)): scores in logits
  kThurstone,     ///< P = Phi(d) (Thurstone Case V, unit variance of the difference)
};

/// P(a beats b) for a log-odds (score difference in logits): 1 / (1 + e^-x).
inline double WinProbability(double log_odds) { return 1.0 / (1.0 + std::exp(-log_odds)); }

/// The inverse: log(p / (1 - p)). ±infinity at p = 1 and 0: clamp p first where a
/// finite margin is needed.
inline double LogOdds(double p) { return std::log(p / (1.0 - p)); }

/// Phi(x), the standard normal CDF.
inline double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

/// P(a beats b) for a score difference d under `model`: the logistic or the probit link.
inline double WinProbability(Model model, double d) {
  return model == Model::kBradleyTerry ? WinProbability(d) : NormalCdf(d);
}

}  // namespace versus::sorting
