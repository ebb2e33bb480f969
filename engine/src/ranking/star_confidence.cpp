// How sure each star is (ranker.hpp, StarConfidence): the fit's standard error against
// the star's bracket of scores.
#include <cmath>
#include <limits>
#include <map>

#include "versus/engine/ranker.hpp"

namespace versus::engine {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

struct Bracket {
  double low = -kInfinity, high = kInfinity;
};

// Per star present: the score interval it covers, edges midway between the closest
// scores of neighbouring stars (open-ended at the bottom and the top).
std::map<int, Bracket> StarBrackets(const std::vector<double>& scores, const std::vector<int>& stars) {
  std::map<int, std::pair<double, double>> range;  // star -> (lowest, highest) score
  for (std::size_t i = 0; i < stars.size(); ++i) {
    auto [it, fresh] = range.try_emplace(stars[i], scores[i], scores[i]);
    it->second = {std::min(it->second.first, scores[i]), std::max(it->second.second, scores[i])};
  }
  std::map<int, Bracket> brackets;
  for (auto it = range.begin(); it != range.end(); ++it) {
    Bracket& b = brackets[it->first];
    if (it != range.begin()) b.low = 0.5 * (std::prev(it)->second.second + it->second.first);
    if (std::next(it) != range.end()) b.high = 0.5 * (it->second.second + std::next(it)->second.first);
  }
  return brackets;
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

}  // namespace

std::vector<double> StarConfidence(const RankerReport& report) {
  const std::vector<double>& score = report.scores.score;
  std::vector<double> confidence(report.stars.size(), 1.0);
  if (report.scores.variance.size() != report.stars.size()) return confidence;  // no spread known
  const std::map<int, Bracket> brackets =
      report.star_thresholds ? ThresholdBrackets(*report.star_thresholds) : StarBrackets(score, report.stars);
  for (std::size_t i = 0; i < report.stars.size(); ++i) {
    const Bracket& b = brackets.at(report.stars[i]);
    const double se = report.scores.StandardError(i);
    if (!(se > 0)) continue;  // no spread: the star is as certain as the score
    confidence[i] = NormalCdf((b.high - score[i]) / se) - NormalCdf((b.low - score[i]) / se);
  }
  return confidence;
}

}  // namespace versus::engine
