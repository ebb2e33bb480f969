#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

#include "pair_plan.hpp"
#include "progress_bar.hpp"
#include "versus/engine/anchors.hpp"
#include "versus/sorting/human_scale.hpp"

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

void OrderBestFirst(Ranking& ranking) {
  ranking.order.resize(ranking.scores.score.size());
  std::iota(ranking.order.begin(), ranking.order.end(), 0);
  const auto& score = ranking.scores.score;
  std::stable_sort(ranking.order.begin(), ranking.order.end(), [&](auto a, auto b) { return score[a] > score[b]; });
}

// Per star 1..5: the score interval between the absolute cuts.
std::map<int, Bracket> ThresholdBrackets(const sorting::StarThresholds& cuts) {
  std::map<int, Bracket> brackets;
  for (int star = 1; star <= 5; ++star) {
    if (star > 1) brackets[star].low = cuts.thresholds[star - 2];
    if (star < 5) brackets[star].high = cuts.thresholds[star - 1];
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

// Scores on the human scale: each image against the judge's anchors only (Compare2Score),
// k judgements per image; stars by the anchors' absolute cuts unless asked for quantiles.
void ScoreOnHumanScale(const engine::JudgeAnchors& anchors, const JudgeFlags& flags, Ranking& ranking) {
  const std::vector<engine::ImageProfile>& images = ranking.inputs.images;
  ProgressBar bar("comparing with anchors");
  const auto p = engine::JudgeAgainstAnchors(*ranking.inputs.judge, images, anchors, flags.jobs,
                                             [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); });
  ranking.scores = sorting::ScoreAgainstAnchors(p, anchors.AnchorMos(), anchors.sigma);
  ranking.comparisons = images.size() * anchors.anchors.size();
  ranking.anchors = anchors.anchors.size();
  ranking.scale = "mos-0-100";
  ranking.stars_kind = flags.stars;
  if (flags.stars != kStarsRelative) ranking.star_thresholds = sorting::StarThresholds{anchors.star_thresholds};
  ranking.stars = ranking.star_thresholds ? sorting::StarsByThreshold(ranking.scores.score, *ranking.star_thresholds)
                                         : sorting::StarsByQuantile(ranking.scores.score);
}

}  // namespace

Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources) {
  Ranking ranking;
  ranking.inputs = LoadImages(paths, recursive, flags, false, lock_sources);
  const std::size_t n = ranking.inputs.images.size();
  if (const auto anchors = engine::LoadAnchors(ranking.inputs.judge->name())) {
    ScoreOnHumanScale(*anchors, flags, ranking);
    EqualiseIdenticalImages(ranking.inputs.images, ranking.scores);
    OrderBestFirst(ranking);
    return ranking;
  }
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
  ranking.scale = "log-odds-relative";
  ranking.stars_kind = kStarsRelative;
  OrderBestFirst(ranking);
  return ranking;
}

std::vector<double> StarConfidence(const sorting::Scores& scores, const std::vector<int>& stars,
                                   const std::optional<sorting::StarThresholds>& thresholds) {
  std::vector<double> confidence(stars.size(), 1.0);
  const std::map<int, Bracket> brackets = thresholds ? ThresholdBrackets(*thresholds) : StarBrackets(scores, stars);
  for (std::size_t i = 0; i < stars.size(); ++i) {
    const Bracket& b = brackets.at(stars[i]);
    const double se = (scores.ci_high[i] - scores.ci_low[i]) / (2 * kZ95);
    if (!(se > 0)) continue;  // no spread: the star is as certain as the score
    confidence[i] = NormalCdf((b.high - scores.score[i]) / se) - NormalCdf((b.low - scores.score[i]) / se);
  }
  return confidence;
}

}  // namespace versus::cli
