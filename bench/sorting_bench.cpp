// versus-bench-sorting: speed and accuracy of sorting/ on simulated Bradley–Terry data.
// usage: versus-bench-sorting [--seed N] [--spread S] [--max-n N] [--repeats R]
// For n = 100, 2,000, 100,000: fit time and Spearman vs truth for a dense and a budgeted
// design, the Ranker (engine/ranker.hpp, the loop `versus rank` runs) at the default
// budget, and the comparisons the Ranker's active design vs random pairing need to reach
// Spearman 0.95 (the same loop, judge and seed; batches of n/2, refit after each).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "versus/engine/ranker.hpp"
#include "versus/sorting.hpp"

using namespace versus::sorting;
using versus::engine::PairDesign;
using versus::engine::Rank;
using versus::engine::RankerOptions;
using versus::engine::RankerReport;
using versus::engine::SimulatedJudge;

namespace {

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void FitRow(const char* design, const std::vector<double>& truth,
            const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs, std::uint64_t seed) {
  PairwiseProblem problem;
  problem.data.item_count = truth.size();
  SimulateOutcomes(truth, pairs, Model::kBradleyTerry, seed, &problem.data);
  SolverOptions o;
  o.interval_method = IntervalMethod::kNone;
  SolverSummary sum;
  auto t0 = std::chrono::steady_clock::now();
  Scores sc = Solve(o, problem, &sum);
  const double fit = Seconds(t0);
  o.interval_method = IntervalMethod::kAuto;
  t0 = std::chrono::steady_clock::now();
  sc = Solve(o, problem, &sum);
  const double with_ci = Seconds(t0);
  std::printf("  %-28s %9zu comparisons  fit %7.3f s (%2d it)  +intervals %7.3f s (%s)  "
              "spearman %.4f\n",
              design, pairs.size(), fit, sum.iterations, with_ci,
              sum.interval_method == IntervalMethod::kExact ? "exact" : "approx",
              SpearmanCorrelation(sc.score, truth));
}

enum class Design { kActive, kRandom, kOracle };

// Comparisons the Ranker (what `versus rank` runs, here with a simulated judge) needs to
// reach Spearman >= 0.95, checked after each refit (0 if not reached within cap).
// kRandom swaps the active design for uniform random pairs; kOracle runs the band design
// on the TRUE scores: a yardstick for what adaptive pairing could reach if the current
// fit were perfect.
std::size_t ToTarget(Design design, const std::vector<double>& truth, std::uint64_t seed,
                     std::size_t cap, double* seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  RankerOptions options;
  options.design = PairDesign::kActive;
  options.budget = cap;
  options.seed = seed;
  if (design == Design::kRandom) options.sampling.method = SamplingMethod::kRandom;
  if (design == Design::kOracle) {
    options.design_scores = truth;
    options.sampling.exhaustive_max_items = 0;
  }
  std::size_t reached = 0;
  auto on_target = [&](const Scores& scores, const ComparisonSet& judged) {
    if (reached == 0 && SpearmanCorrelation(scores.score, truth) >= 0.95) reached = judged.comparisons.size();
    return reached == 0;
  };
  options.after_refit = on_target;
  RankerReport report;
  Rank(options, truth.size(), SimulatedJudge(truth, seed), &report);
  on_target(report.scores, report.judged);
  *seconds = Seconds(t0);
  return reached;
}

// The Ranker as `versus rank` runs it for a judge whose budget is the default (a model
// judge; cheap judges get every pair up to 200,000): Spearman against the truth.
void DefaultBudgetRow(const std::vector<double>& truth, std::uint64_t seed) {
  const auto t0 = std::chrono::steady_clock::now();
  RankerOptions options;
  options.budget = DefaultComparisonBudget(truth.size());
  options.seed = seed;
  RankerReport report;
  Rank(options, truth.size(), SimulatedJudge(truth, seed), &report);
  std::printf("  %-28s %9zu comparisons  %2zu refits %7.3f s  spearman %.4f\n", "ranker, default budget",
              report.judged.comparisons.size(), report.refits, Seconds(t0),
              SpearmanCorrelation(report.scores.score, truth));
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 1;
  double spread = 2.0;
  std::size_t max_n = 100000;
  int repeats = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--spread" && i + 1 < argc) spread = std::atof(argv[++i]);
    else if (a == "--max-n" && i + 1 < argc) max_n = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--repeats" && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr, "usage: versus-bench-sorting [--seed N] [--spread S] [--max-n N] [--repeats R]\n");
      return 1;
    }
  }
  std::printf("versus-bench-sorting: seed %llu, true scores ~ N(0, %.2f^2) logits, "
              "Bradley-Terry outcomes, one core\n",
              static_cast<unsigned long long>(seed), spread);
  for (std::size_t n : {std::size_t{100}, std::size_t{2000}, std::size_t{100000}}) {
    if (n > max_n) continue;
    std::printf("\nn = %zu (all pairs: %zu)\n", n, n * (n - 1) / 2);
    const auto truth = SimulateTrueScores(n, spread, seed + n);
    if (n <= 2000)
      FitRow("dense: every pair once", truth, AllPairs(n), seed + 1);
    else
      FitRow("dense: 1,000,000 random", truth, RandomPairs(n, 1000000, seed + 2), seed + 1);
    const std::size_t budget = DefaultComparisonBudget(n);
    char label[64];
    std::snprintf(label, sizeof label, "budget %zu/item random", 2 * budget / n);
    FitRow(label, truth, RandomPairs(n, budget, seed + 3), seed + 4);
    DefaultBudgetRow(truth, seed + 5);
    const std::size_t cap = std::min<std::size_t>(n * (n - 1) / 2, 40 * n);
    // n = 100 reaches 0.95 within ~20 batches, so one run is noisy: average more.
    const int runs = n >= 100000 ? 1 : n <= 100 ? 4 * repeats : repeats;
    double active = 0, random = 0, best = 0, ta = 0, tr = 0;
    int reached = 0;
    for (int k = 0; k < runs; ++k) {
      const auto t = k == 0 ? truth : SimulateTrueScores(n, spread, seed + n + 104729 * k);
      double sa = 0, sr = 0, so = 0;
      const std::size_t ca = ToTarget(Design::kActive, t, seed + 5 + k, cap, &sa);
      const std::size_t cr = ToTarget(Design::kRandom, t, seed + 5 + k, cap, &sr);
      const std::size_t co = ToTarget(Design::kOracle, t, seed + 5 + k, cap, &so);
      ta += sa;
      tr += sr;
      if (!ca || !cr || !co) continue;
      ++reached;
      active += static_cast<double>(ca);
      random += static_cast<double>(cr);
      best += static_cast<double>(co);
    }
    std::printf("  to spearman 0.95 (batches of n/2, cap %zu, mean of %d runs): ", cap, runs);
    if (reached)
      std::printf("active %.0f (%.1f s), random %.0f (%.1f s), ratio %.2f; oracle %.0f, ratio %.2f",
                  active / reached, ta / runs, random / reached, tr / runs, active / random,
                  best / reached, best / random);
    if (reached < runs) std::printf("  [%d of %d runs did not reach 0.95 within the cap]", runs - reached, runs);
    std::printf("\n  default budget for n: %zu comparisons\n", budget);
  }
  return 0;
}
