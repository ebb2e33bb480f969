// versus-bench-sorting: speed and accuracy of sorting/ on simulated Bradley–Terry data.
// usage: versus-bench-sorting [--seed N] [--spread S] [--max-n N] [--repeats R]
// For n = 100, 2,000, 100,000: fit time and Spearman vs truth for a dense and a budgeted
// design, and the comparisons adaptive sampling vs random pairing need to reach Spearman
// 0.95 (both start from the same random cycle, add batches of n/2, refit after each).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "versus/sorting.hpp"

using namespace versus::sorting;

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

// Comparisons needed to reach Spearman >= 0.95 (0 if not reached within cap). kOracle
// runs the band design on the TRUE scores: a yardstick for what adaptive pairing could
// reach if the current fit were perfect.
std::size_t ToTarget(Design design, const std::vector<double>& truth, std::uint64_t seed,
                     std::size_t cap, double* seconds) {
  const std::size_t n = truth.size();
  auto t0 = std::chrono::steady_clock::now();
  PairwiseProblem problem;
  ComparisonSet& data = problem.data;
  data.item_count = n;
  SimulateOutcomes(truth, InitialPairs(n, seed), Model::kBradleyTerry, seed, &data);
  SolverOptions o;
  SolverSummary sum;
  Scores sc = Solve(o, problem, &sum);
  SamplingOptions so;
  so.method = design == Design::kRandom ? SamplingMethod::kRandom : SamplingMethod::kInformationGain;
  Scores oracle;
  if (design == Design::kOracle) {
    oracle.score = truth;
    so.exhaustive_max_items = 0;
  }
  for (int round = 0; data.comparisons.size() < cap; ++round) {
    if (SpearmanCorrelation(sc.score, truth) >= 0.95) break;
    so.seed = seed * 1000003 + round;
    const auto next = NextPairs(problem, design == Design::kOracle ? oracle : sc, n / 2, so);
    SimulateOutcomes(truth, next, Model::kBradleyTerry, seed * 7919 + round, &data);
    problem.initial_scores = sc.score;  // warm start from the last fit
    sc = Solve(o, problem, &sum);
  }
  *seconds = Seconds(t0);
  return SpearmanCorrelation(sc.score, truth) >= 0.95 ? data.comparisons.size() : 0;
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
