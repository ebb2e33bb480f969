// All-pairs judging inside each group (the grouping itself: grouping/shot_grouping.cpp).
#include "versus/engine/near_duplicates.hpp"

#include <algorithm>
#include <numeric>

namespace versus::engine {

GroupOrder OrderGroup(const Comparator& judge, const std::vector<const ImageProfile*>& members) {
  const std::size_t n = members.size();
  std::vector<double> total(n, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      const Verdict v = judge.Compare(*members[a], *members[b]);
      const double log_odds = v.dimensions.empty() ? 0.0 : v.dimensions.back().margin;
      total[a] += log_odds;
      total[b] -= log_odds;
    }
  }
  GroupOrder result;
  result.order.resize(n);
  std::iota(result.order.begin(), result.order.end(), 0);
  std::stable_sort(result.order.begin(), result.order.end(), [&](auto a, auto b) { return total[a] > total[b]; });
  if (n >= 2) result.best_vs_next = judge.Compare(*members[result.order[0]], *members[result.order[1]]);
  return result;
}

}  // namespace versus::engine
