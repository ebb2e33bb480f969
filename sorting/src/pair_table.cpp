// Validation and folding of comparisons into distinct pairs (see map_solver_pvt.hpp).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "map_solver_pvt.hpp"
#include "versus/sorting/error.hpp"

namespace versus::sorting::internal {

PairTable BuildPairTable(const ComparisonSet& data) {
  const std::size_t n = data.item_count;
  if (n > 0xFFFFFFFFull) throw Error("item_count " + std::to_string(n) + " exceeds 2^32 - 1");
  PairTable t;
  t.item_count = n;
  const auto& cs = data.comparisons;
  // Pass 1: validate, count per smaller index (a counting sort: O(m), no comparisons).
  std::vector<std::uint32_t> start(n + 1, 0);
  for (std::size_t k = 0; k < cs.size(); ++k) {
    const Comparison& c = cs[k];
    if (c.a >= n || c.b >= n) {
      std::ostringstream m;
      m << "comparison #" << k << ": item index " << (c.a >= n ? c.a : c.b)
        << " is out of range (item_count = " << n << "; indices are 0.." << (n ? n - 1 : 0)
        << ")";
      throw Error(m.str());
    }
    if (!std::isfinite(c.outcome) || c.outcome < 0.0 || c.outcome > 1.0) {
      std::ostringstream m;
      m << "comparison #" << k << " (" << c.a << " vs " << c.b << "): outcome " << c.outcome
        << " is not a probability in [0,1] (1 = a won, 0 = b won, 0.5 = tie)";
      throw Error(m.str());
    }
    if (!std::isfinite(c.weight) || c.weight < 0.0) {
      std::ostringstream m;
      m << "comparison #" << k << " (" << c.a << " vs " << c.b << "): weight " << c.weight
        << " must be finite and >= 0";
      throw Error(m.str());
    }
    if (c.a == c.b) {
      ++t.self_comparisons_ignored;
      continue;
    }
    if (c.weight == 0.0) {
      ++t.zero_weight_ignored;
      continue;
    }
    ++t.comparisons_used;
    ++start[std::min(c.a, c.b) + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  // Pass 2: bucket by the smaller index; key = larger index << 32 | position in input.
  std::vector<std::uint64_t> key(t.comparisons_used);
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < cs.size(); ++k) {
      const Comparison& c = cs[k];
      if (c.a == c.b || c.weight == 0.0) continue;
      const std::uint32_t lo = std::min(c.a, c.b), hi = std::max(c.a, c.b);
      key[fill[lo]++] = (std::uint64_t{hi} << 32) | k;
    }
  }
  t.a.reserve(t.comparisons_used);
  t.b.reserve(t.comparisons_used);
  t.weight.reserve(t.comparisons_used);
  t.wins_a.reserve(t.comparisons_used);
  for (std::size_t lo = 0; lo < n; ++lo) {
    auto first = key.begin() + start[lo], last = key.begin() + start[lo + 1];
    std::sort(first, last);  // buckets are small: the average degree
    for (auto it = first; it != last; ++it) {
      const std::uint32_t hi = static_cast<std::uint32_t>(*it >> 32);
      const Comparison& c = cs[*it & 0xFFFFFFFFull];
      const double y = (c.a < c.b) ? c.outcome : 1.0 - c.outcome;
      if (!t.a.empty() && t.a.back() == lo && t.b.back() == hi) {
        t.weight.back() += c.weight;
        t.wins_a.back() += c.weight * y;
      } else {
        t.a.push_back(static_cast<std::uint32_t>(lo));
        t.b.push_back(hi);
        t.weight.push_back(c.weight);
        t.wins_a.push_back(c.weight * y);
      }
    }
  }
  // Rounding can push Y a hair outside [0, W]; the likelihood needs it inside.
  for (std::size_t p = 0; p < t.size(); ++p)
    t.wins_a[p] = std::clamp(t.wins_a[p], 0.0, t.weight[p]);
  return t;
}

}  // namespace versus::sorting::internal
