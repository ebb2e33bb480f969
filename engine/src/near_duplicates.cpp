// All-pairs judging inside each group (the grouping itself: grouping/shot_grouping.cpp).
#include "versus/engine/near_duplicates.hpp"

#include "versus/engine/ranker.hpp"

namespace versus::engine {

GroupOrder OrderGroup(const Comparator& judge, const std::vector<const ImageProfile*>& members) {
  // Every pair (groups are small), each photo scored by its mean log-odds against the others.
  RankerOptions options;
  options.design = PairDesign::kAllPairs;
  options.fit = ScoreFit::kMeanLogOdds;
  RankerReport report;
  Rank(options, members.size(), ComparatorJudge(judge, members), &report);
  GroupOrder result;
  result.order = std::move(report.order);
  if (members.size() >= 2) result.best_vs_next = judge.Compare(*members[result.order[0]], *members[result.order[1]]);
  return result;
}

}  // namespace versus::engine
