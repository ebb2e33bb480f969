// versus-bench-sorting: speed and accuracy of sorting/ on simulated Bradley–Terry data.
// usage: versus-bench-sorting [--seed N] [--spread S] [--max-n N]
// For n = 100, 2,000, 100,000: fit time and Spearman vs truth for a dense and a budgeted
// design, and the comparisons adaptive sampling vs random pairing need to reach Spearman
// 0.95 (both start from the same random cycle, add batches of n/2, refit after each).
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
  ComparisonSet data;
  data.item_count = truth.size();
  SimulateOutcomes(truth, pairs, Model::kBradleyTerry, seed, &data);
  BradleyTerryOptions o;
  o.interval_method = IntervalMethod::kNone;
  Scores sc;
  SolverSummary sum;
  auto t0 = std::chrono::steady_clock::now();
  Solve(o, data, &sc, &sum);
  const double fit = Seconds(t0);
  o.interval_method = IntervalMethod::kAuto;
  t0 = std::chrono::steady_clock::now();
  Solve(o, data, &sc, &sum);
  const double with_ci = Seconds(t0);
  std::printf("  %-28s %9zu comparisons  fit %7.3f s (%2d it)  +intervals %7.3f s (%s)  "
              "spearman %.4f\n",
              design, pairs.size(), fit, sum.iterations, with_ci,
              sum.interval_method == IntervalMethod::kExact ? "exact" : "approx",
              SpearmanCorrelation(sc.score, truth));
}

// Comparisons needed to reach Spearman >= 0.95 (0 if not reached within cap).
std::size_t ToTarget(SamplingMethod method, const std::vector<double>& truth, std::uint64_t seed,
                     std::size_t cap, double* seconds) {
  const std::size_t n = truth.size();
  auto t0 = std::chrono::steady_clock::now();
  ComparisonSet data;
  data.item_count = n;
  SimulateOutcomes(truth, InitialPairs(n, seed), Model::kBradleyTerry, seed, &data);
  BradleyTerryOptions o;
  o.warm_start = true;
  Scores sc;
  SolverSummary sum;
  Solve(o, data, &sc, &sum);
  SamplingOptions so;
  so.method = method;
  for (int round = 0; data.comparisons.size() < cap; ++round) {
    if (SpearmanCorrelation(sc.score, truth) >= 0.95) break;
    so.seed = seed * 1000003 + round;
    const auto next = NextPairs(data, sc, n / 2, so);
    SimulateOutcomes(truth, next, Model::kBradleyTerry, seed * 7919 + round, &data);
    Solve(o, data, &sc, &sum);
  }
  *seconds = Seconds(t0);
  return SpearmanCorrelation(sc.score, truth) >= 0.95 ? data.comparisons.size() : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 1;
  double spread = 2.0;
  std::size_t max_n = 100000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--spread" && i + 1 < argc) spread = std::atof(argv[++i]);
    else if (a == "--max-n" && i + 1 < argc) max_n = std::strtoull(argv[++i], nullptr, 10);
    else {
      std::fprintf(stderr, "usage: versus-bench-sorting [--seed N] [--spread S] [--max-n N]\n");
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
    double ta = 0, tr = 0;
    const std::size_t active = ToTarget(SamplingMethod::kInformationGain, truth, seed + 5, cap, &ta);
    const std::size_t random = ToTarget(SamplingMethod::kRandom, truth, seed + 5, cap, &tr);
    auto show = [](std::size_t c) { return c ? std::to_string(c) : std::string("not reached"); };
    std::printf("  to spearman 0.95 (batches of n/2, cap %zu): active %s (%.1f s), random %s "
                "(%.1f s)",
                cap, show(active).c_str(), ta, show(random).c_str(), tr);
    if (active && random)
      std::printf(", ratio %.2f", static_cast<double>(active) / static_cast<double>(random));
    std::printf("\n  default budget for n: %zu comparisons\n", budget);
  }
  return 0;
}
