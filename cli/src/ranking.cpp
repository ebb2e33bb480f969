#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

#include "option_checks.hpp"
#include "pair_plan.hpp"
#include "progress_bar.hpp"

namespace versus::cli {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kZ95 = 1.959964;  // half-width of a 95% normal interval, in standard errors

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

struct Bracket {
  double low = -kInfinity, high = kInfinity;
};

// Per star present: the score interval it covers, edges midway between the closest
// scores of neighbouring stars (open-ended at the bottom and the top).
std::map<int, Bracket> StarBrackets(const sorting::Scores& scores, const std::vector<int>& stars) {
  std::map<int, std::pair<double, double>> range;  // star -> (lowest, highest) score
  for (std::size_t i = 0; i < stars.size(); ++i) {
    auto [it, fresh] = range.try_emplace(stars[i], scores.score[i], scores.score[i]);
    it->second = {std::min(it->second.first, scores.score[i]), std::max(it->second.second, scores.score[i])};
  }
  std::map<int, Bracket> brackets;
  for (auto it = range.begin(); it != range.end(); ++it) {
    Bracket& b = brackets[it->first];
    if (it != range.begin()) b.low = 0.5 * (std::prev(it)->second.second + it->second.first);
    if (std::next(it) != range.end()) b.high = 0.5 * (it->second.second + std::next(it)->second.first);
  }
  return brackets;
}

// Images with identical content (copies of one file, one photo saved twice) must get
// the same score and stars, but a fit over pairs judged in different orders, or an
// active design that judged them against different partners, leaves them a hair or
// more apart. Identical content is told by identical size and measures (computed from
// the decoded pixels, deterministic; a learned judge's embedding may not be bit-exact
// between runs of its network). They get the mean of their scores and intervals.
void EqualiseIdenticalImages(const std::vector<engine::ImageProfile>& images, sorting::Scores& scores) {
  std::map<std::tuple<int, int, std::vector<double>>, std::vector<std::size_t>> same;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (!images[i].measures.empty()) same[{images[i].width, images[i].height, images[i].measures}].push_back(i);
  }
  for (const auto& [content, members] : same) {
    if (members.size() < 2) continue;
    for (std::vector<double>* values : {&scores.score, &scores.ci_low, &scores.ci_high}) {
      double sum = 0;
      for (std::size_t i : members) sum += (*values)[i];
      for (std::size_t i : members) (*values)[i] = sum / double(members.size());
    }
  }
}

}  // namespace

void AddRankingFlags(boost::program_options::options_description& options, bool& recursive, std::size_t& budget) {
  namespace po = boost::program_options;
  options.add_options()
      ("recursive,r", po::bool_switch(&recursive), "also search sub-folders (inside the named folder: symlinks leading out are listed, not followed, unless --follow-links)")
      ("budget", RangedValue(&budget, "--budget", kBudgetRange)->default_value(0),
       "most pairs to judge (0 = automatic: every pair for small sets, an active design for large ones)");
}

Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources) {
  return RankLoaded(LoadImages(paths, recursive, flags, false, lock_sources), budget);
}

Ranking RankLoaded(ImageInputs inputs, std::size_t budget) {
  Ranking ranking;
  ranking.inputs = std::move(inputs);
  const std::size_t n = ranking.inputs.images.size();
  // A model call costs seconds: by default the active design's budget even for small
  // sets (never every pair), several requests in flight, answers from the disk cache.
  const engine::LmmComparator* model = AsLmm(*ranking.inputs.judge);
  if (model != nullptr && budget == 0) budget = sorting::DefaultComparisonBudget(n);
  const JudgeSchedule schedule{model != nullptr ? model->options().concurrency : 1u, model != nullptr};
  ProgressBar bar("comparing");
  sorting::ComparisonSet judged;
  try {
    judged = JudgePairs(*ranking.inputs.judge, ranking.inputs.images, budget,
                        [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); }, schedule);
  } catch (const engine::Error& e) {
    if (model == nullptr) throw;
    throw engine::Error(std::string(e.what()) +
                        " (answers received so far are cached; a rerun asks only for the rest)");
  }
  sorting::SolverSummary summary;
  sorting::Solve(sorting::BradleyTerryOptions{}, judged, &ranking.scores, &summary);
  EqualiseIdenticalImages(ranking.inputs.images, ranking.scores);
  ranking.stars = sorting::StarsByQuantile(ranking.scores.score);
  ranking.comparisons = judged.comparisons.size();
  ranking.order.resize(n);
  std::iota(ranking.order.begin(), ranking.order.end(), 0);
  const auto& score = ranking.scores.score;
  std::stable_sort(ranking.order.begin(), ranking.order.end(), [&](auto a, auto b) { return score[a] > score[b]; });
  return ranking;
}

std::vector<double> StarConfidence(const sorting::Scores& scores, const std::vector<int>& stars) {
  std::vector<double> confidence(stars.size(), 1.0);
  const std::map<int, Bracket> brackets = StarBrackets(scores, stars);
  for (std::size_t i = 0; i < stars.size(); ++i) {
    const Bracket& b = brackets.at(stars[i]);
    const double se = (scores.ci_high[i] - scores.ci_low[i]) / (2 * kZ95);
    if (!(se > 0)) continue;  // no spread: the star is as certain as the score
    confidence[i] = NormalCdf((b.high - scores.score[i]) / se) - NormalCdf((b.low - scores.score[i]) / se);
  }
  return confidence;
}

}  // namespace versus::cli
