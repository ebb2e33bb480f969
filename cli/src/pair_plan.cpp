#include "pair_plan.hpp"

#include <algorithm>

namespace versus::cli {
namespace {

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Every unordered pair up to this many: cheap judges make that exact and affordable.
constexpr std::size_t kAllPairsLimit = 200'000;

sorting::Comparison Judge(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                          std::uint32_t a, std::uint32_t b, bool balance_sides) {
  if (balance_sides && (a + b) % 2 == 1) return {a, b, 1.0 - judge.Compare(images[b], images[a]).p_a_better, 1.0};
  return {a, b, judge.Compare(images[a], images[b]).p_a_better, 1.0};
}

// Judges `pairs` on up to `schedule.parallel` threads and appends them to `set` in order.
void JudgeBatch(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images, const Pairs& pairs,
                const JudgeSchedule& schedule, sorting::ComparisonSet& set) {
  std::vector<sorting::Comparison> out(pairs.size());
  engine::ParallelFor(pairs.size(), std::max(1u, schedule.parallel), [&](std::size_t i) {
    out[i] = Judge(judge, images, pairs[i].first, pairs[i].second, schedule.balance_sides);
  });
  set.comparisons.insert(set.comparisons.end(), out.begin(), out.end());
}

}  // namespace

sorting::ComparisonSet JudgePairs(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                                  std::size_t budget,
                                  const std::function<void(std::size_t, std::size_t)>& progress,
                                  const JudgeSchedule& schedule) {
  const std::size_t n = images.size();
  const std::size_t all = n * (n - (n > 0 ? 1 : 0)) / 2;
  sorting::PairwiseProblem problem;  // Bradley-Terry, the default prior
  problem.data = {n, {}};
  sorting::ComparisonSet& set = problem.data;
  if (all <= (budget == 0 ? kAllPairsLimit : budget)) {
    set.comparisons.reserve(all);
    for (std::uint32_t a = 0; a < n; ++a) {
      Pairs row;
      for (std::uint32_t b = a + 1; b < n; ++b) row.emplace_back(a, b);
      JudgeBatch(judge, images, row, schedule, set);
      progress(set.comparisons.size(), all);
    }
    return set;
  }
  // Active design under a budget: a random cycle first (the graph starts connected),
  // then sorting/'s most informative pairs given the current fit, batch by batch.
  const std::size_t limit = budget == 0 ? sorting::DefaultComparisonBudget(n) : budget;
  sorting::Scores scores;
  sorting::SolverSummary summary;
  sorting::SolverOptions fit;
  fit.interval_method = sorting::IntervalMethod::kApproximate;
  sorting::SamplingOptions sampling;
  sampling.method = sorting::SamplingMethod::kInformationGain;
  Pairs initial = sorting::InitialPairs(n, sampling.seed);
  if (initial.size() > limit) initial.resize(limit);
  JudgeBatch(judge, images, initial, schedule, set);
  const std::size_t batch = std::max<std::size_t>(n, limit / 10);
  scores = sorting::Solve(fit, problem, &summary);
  while (set.comparisons.size() < limit) {
    const auto pairs = sorting::NextPairs(problem, scores, std::min(batch, limit - set.comparisons.size()), sampling);
    if (pairs.empty()) break;
    JudgeBatch(judge, images, pairs, schedule, set);
    progress(set.comparisons.size(), limit);
    scores = sorting::Solve(fit, problem, &summary);
  }
  return set;
}

}  // namespace versus::cli
