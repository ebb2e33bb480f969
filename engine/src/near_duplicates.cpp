// Union-find over hash links; all-pairs judging inside each group.
#include "versus/engine/near_duplicates.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace versus::engine {
namespace {

// Disjoint sets with path halving; the root of a set is its smallest index, so groups
// come out in input order without a sort.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t Find(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void Join(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

bool CloseInTime(const std::vector<std::optional<double>>& times, std::size_t a, std::size_t b, double gap) {
  if (gap <= 0 || times.empty() || !times[a] || !times[b]) return false;
  return std::abs(*times[a] - *times[b]) <= gap;
}

}  // namespace

std::vector<std::vector<std::size_t>> GroupNearDuplicates(const std::vector<PerceptualHash>& hashes,
                                                          const std::vector<std::optional<double>>& capture_seconds,
                                                          const GroupingOptions& options) {
  const std::size_t n = hashes.size();
  DisjointSets sets(n);
  // All pairs: hashing made each comparison ~50 ns, so 10,000 photos take seconds.
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      const double similarity = Similarity(hashes[a], hashes[b]);
      const bool burst = CloseInTime(capture_seconds, a, b, options.gap_seconds);
      if (similarity >= options.threshold || (burst && similarity >= options.burst_threshold)) sets.Join(a, b);
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> by_root;
  for (std::size_t i = 0; i < n; ++i) by_root[sets.Find(i)].push_back(i);
  std::vector<std::vector<std::size_t>> groups;
  groups.reserve(by_root.size());
  for (auto& [root, members] : by_root) groups.push_back(std::move(members));
  return groups;
}

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
