// Solve(options, problem, &summary): checks the options and the problem, folds the
// comparisons, runs Newton or MM, then turns the posterior variances into intervals.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "map_solver_pvt.hpp"
#include "versus/sorting/error.hpp"

namespace versus::sorting {
namespace {

using internal::MapProblem;
using internal::PairTable;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void CheckProblem(const PairwiseProblem& problem, const SolverOptions& options) {
  const std::size_t n = problem.data.item_count;
  if (!(problem.prior_strength > 0) || !std::isfinite(problem.prior_strength))
    throw Error("invalid PairwiseProblem: prior_strength must be finite and > 0 (it keeps "
                "one-sided data finite; use e.g. 1e-6 for an almost flat prior)");
  if (options.method == SolverMethod::kMM && problem.model != Model::kBradleyTerry)
    throw Error("invalid SolverOptions for this problem: method MM is implemented for "
                "Bradley-Terry only; use Newton for Thurstone");
  if (problem.data.comparisons.size() >= 0xFFFFFFFFull)
    throw Error("too many comparisons (" + std::to_string(problem.data.comparisons.size()) +
                "); at most 2^32 - 2 per solve");
  if (!problem.initial_scores.empty() && problem.initial_scores.size() != n)
    throw Error("invalid PairwiseProblem: initial_scores has " +
                std::to_string(problem.initial_scores.size()) + " values for " +
                std::to_string(n) + " items (leave it empty to start at the prior mean)");
  for (std::size_t i = 0; i < problem.initial_scores.size(); ++i)
    if (!std::isfinite(problem.initial_scores[i]))
      throw Error("invalid PairwiseProblem: initial_scores[" + std::to_string(i) +
                  "] is not finite");
}

// Anchors held fixed; free items lean (weakly) towards the anchors' mean, not towards 0:
// anchors may sit anywhere on the scale.
MapProblem MakeMapProblem(const PairwiseProblem& problem, const PairTable& table) {
  const std::size_t n = problem.data.item_count;
  MapProblem pr;
  pr.pairs = &table;
  pr.model = problem.model;
  pr.prior_strength = problem.prior_strength;
  pr.fixed.assign(n, 0);
  pr.fixed_value.assign(n, 0.0);
  pr.has_anchors = !problem.anchors.empty();
  double anchor_sum = 0.0;
  for (std::size_t k = 0; k < problem.anchors.size(); ++k) {
    const Anchor& an = problem.anchors[k];
    if (an.item >= n)
      throw Error("anchor #" + std::to_string(k) + ": item index " + std::to_string(an.item) +
                  " is out of range (item_count = " + std::to_string(n) + ")");
    if (!std::isfinite(an.score))
      throw Error("anchor #" + std::to_string(k) + " (item " + std::to_string(an.item) +
                  "): score must be finite");
    if (pr.fixed[an.item])
      throw Error("item " + std::to_string(an.item) +
                  " is anchored twice; give each anchor one score");
    pr.fixed[an.item] = 1;
    pr.fixed_value[an.item] = an.score;
    anchor_sum += an.score;
  }
  pr.prior_mean = pr.has_anchors ? anchor_sum / static_cast<double>(problem.anchors.size()) : 0.0;
  return pr;
}

std::vector<double> StartingScores(const PairwiseProblem& problem, const MapProblem& pr) {
  std::vector<double> s = problem.initial_scores;
  if (s.empty()) s.assign(problem.data.item_count, pr.prior_mean);
  for (std::size_t i = 0; i < s.size(); ++i)
    if (pr.fixed[i]) s[i] = pr.fixed_value[i];
  return s;
}

std::string TerminationMessage(const SolverSummary& S, const SolverOptions& st) {
  std::ostringstream m;
  switch (S.termination) {
    case TerminationType::kGradientTolerance:
      m << "converged: scaled gradient " << S.final_gradient_max_norm
        << " <= gradient_tolerance " << st.gradient_tolerance;
      break;
    case TerminationType::kFunctionTolerance:
      m << "converged: relative cost change <= function_tolerance " << st.function_tolerance;
      break;
    case TerminationType::kParameterTolerance:
      m << "converged: largest score change " << S.final_change << " <= parameter_tolerance "
        << st.parameter_tolerance;
      break;
    case TerminationType::kNoComparisons:
      m << "no usable comparisons: every free score is the prior mean";
      break;
    case TerminationType::kMaxIterations:
      m << "not converged after max_iterations = " << st.max_iterations << " (scaled gradient "
        << S.final_gradient_max_norm << "); scores are the last iterate";
      break;
    case TerminationType::kUserAbort:
      m << "aborted by the iteration callback; scores are the last iterate";
      break;
    case TerminationType::kFailure:
      m << "failed: the cost or the scores are not finite (cost " << S.initial_cost << " -> "
        << S.final_cost << "; are some weights so large that their sums overflow?)";
      break;
  }
  return m.str();
}

bool AllFinite(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

// Variances (the prior's for free items when nothing was compared) and the intervals
// score +- z * standard error.
void FillIntervals(const MapProblem& pr, const SolverOptions& options, bool no_comparisons,
                   std::vector<double> variance, Scores* scores) {
  const std::size_t n = scores->score.size();
  const double z = internal::NormalQuantile(0.5 + 0.5 * options.interval_level);
  scores->ci_low.resize(n);
  scores->ci_high.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (no_comparisons && !pr.fixed[i]) variance[i] = 1.0 / pr.prior_strength;
    const double half = z * std::sqrt(variance[i]);
    scores->ci_low[i] = scores->score[i] - half;
    scores->ci_high[i] = scores->score[i] + half;
  }
  scores->variance = std::move(variance);
}

}  // namespace

Scores Solve(const SolverOptions& options, const PairwiseProblem& problem, SolverSummary* summary) {
  if (!summary) throw Error("Solve: summary must not be null");
  std::string why;
  if (!options.IsValid(&why)) throw Error("invalid SolverOptions: " + why);
  CheckProblem(problem, options);
  const double t0 = Now();
  const PairTable table = internal::BuildPairTable(problem.data);
  const MapProblem pr = MakeMapProblem(problem, table);

  SolverSummary& S = *summary;
  S = SolverSummary{};
  S.model = problem.model == Model::kBradleyTerry ? "bradley-terry" : "thurstone";
  S.method = options.method == SolverMethod::kMM ? "mm" : "newton";
  S.item_count = problem.data.item_count;
  S.comparisons_used = table.comparisons_used;
  S.self_comparisons_ignored = table.self_comparisons_ignored;
  S.zero_weight_ignored = table.zero_weight_ignored;
  S.pair_count = table.size();
  S.anchors = problem.anchors.size();
  S.connected_components = internal::CountComponents(pr);

  Scores scores;
  const bool no_comparisons = table.size() == 0;
  if (no_comparisons) {
    scores.score.assign(problem.data.item_count, pr.prior_mean);
    for (std::size_t i = 0; i < scores.score.size(); ++i)
      if (pr.fixed[i]) scores.score[i] = pr.fixed_value[i];
    S.termination = TerminationType::kNoComparisons;
  } else {
    scores.score = StartingScores(problem, pr);
    if (options.method == SolverMethod::kMM)
      internal::MMSolve(pr, options, &scores.score, &S);
    else
      internal::NewtonSolve(pr, options, &scores.score, &S);
    if (!std::isfinite(S.final_cost) || !AllFinite(scores.score))
      S.termination = TerminationType::kFailure;
  }
  S.message = TerminationMessage(S, options);
  if (S.termination == TerminationType::kFailure) {
    S.total_time_seconds = Now() - t0;
    return scores;
  }

  const double ti = Now();
  IntervalMethod used = IntervalMethod::kNone;
  std::vector<double> variance = internal::PosteriorVariances(pr, options, scores.score, &used);
  S.interval_method = used;
  S.interval_time_seconds = Now() - ti;
  if (used != IntervalMethod::kNone)
    FillIntervals(pr, options, no_comparisons, std::move(variance), &scores);
  S.total_time_seconds = Now() - t0;
  return scores;
}

}  // namespace versus::sorting
