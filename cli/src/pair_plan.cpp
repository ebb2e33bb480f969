#include "pair_plan.hpp"

#include <algorithm>
#include <numeric>

namespace versus::cli {
namespace {

// Every unordered pair up to this many: cheap judges make that exact and affordable.
constexpr std::size_t kAllPairsLimit = 200'000;

sorting::Comparison Judge(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                          std::uint32_t a, std::uint32_t b) {
  return {a, b, judge.Compare(images[a], images[b]).p_a_better, 1.0};
}

}  // namespace

sorting::ComparisonSet JudgePairs(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                                  std::size_t budget,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
  const std::size_t n = images.size();
  const std::size_t all = n * (n - (n > 0 ? 1 : 0)) / 2;
  sorting::ComparisonSet set{n, {}};
  if (all <= (budget == 0 ? kAllPairsLimit : budget)) {
    set.comparisons.reserve(all);
    for (std::uint32_t a = 0; a < n; ++a) {
      for (std::uint32_t b = a + 1; b < n; ++b) set.comparisons.push_back(Judge(judge, images, a, b));
      progress(set.comparisons.size(), all);
    }
    return set;
  }
  // Active design under a budget: a random cycle first (the graph starts connected),
  // then sorting/'s most informative pairs given the current fit, batch by batch.
  // Information gain only beats random pairs up to ~1,000 items (sorting/README.md).
  const std::size_t limit = budget == 0 ? sorting::DefaultComparisonBudget(n) : budget;
  sorting::Scores scores;
  sorting::SolverSummary summary;
  sorting::BradleyTerryOptions fit;
  fit.interval_method = sorting::IntervalMethod::kApproximate;
  sorting::SamplingOptions sampling;
  sampling.method = n <= 1000 ? sorting::SamplingMethod::kInformationGain : sorting::SamplingMethod::kRandom;
  for (const auto& [a, b] : sorting::InitialPairs(n, sampling.seed)) {
    if (set.comparisons.size() < limit) set.comparisons.push_back(Judge(judge, images, a, b));
  }
  const std::size_t batch = std::max<std::size_t>(n, limit / 10);
  sorting::Solve(fit, set, &scores, &summary);
  while (set.comparisons.size() < limit) {
    const auto pairs = sorting::NextPairs(set, scores, std::min(batch, limit - set.comparisons.size()), sampling);
    if (pairs.empty()) break;
    for (const auto& [a, b] : pairs) set.comparisons.push_back(Judge(judge, images, a, b));
    progress(set.comparisons.size(), limit);
    sorting::Solve(fit, set, &scores, &summary);
  }
  return set;
}

Ranking RankImages(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                   std::size_t budget, const std::function<void(std::size_t, std::size_t)>& progress) {
  const sorting::ComparisonSet judged = JudgePairs(judge, images, budget, progress);
  Ranking ranking;
  ranking.comparisons = judged.comparisons.size();
  sorting::SolverSummary summary;
  sorting::Solve(sorting::BradleyTerryOptions{}, judged, &ranking.scores, &summary);
  ranking.stars = sorting::StarsByQuantile(ranking.scores.score);
  ranking.order.resize(images.size());
  std::iota(ranking.order.begin(), ranking.order.end(), 0);
  const auto& score = ranking.scores.score;
  std::stable_sort(ranking.order.begin(), ranking.order.end(), [&](auto a, auto b) { return score[a] > score[b]; });
  return ranking;
}

}  // namespace versus::cli
