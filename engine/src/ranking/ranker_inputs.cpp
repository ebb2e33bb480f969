// What Rank reads besides its options (ranker.hpp): judges of pairs, copies of a photo.
#include <algorithm>
#include <map>
#include <tuple>

#include "versus/engine/profile.hpp"
#include "versus/engine/ranker.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::engine {
namespace {

// SplitMix64's finaliser: a well-mixed 64-bit value from (seed, pair).
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

PairJudgement JudgementFromProbability(double p) {
  const double clamped = std::clamp(p, sorting::WinProbability(-kMaxLogOdds), sorting::WinProbability(kMaxLogOdds));
  return {p, sorting::LogOdds(clamped)};
}

PairJudge ComparatorJudge(const Comparator& comparator, std::vector<const ImageProfile*> images) {
  return [&comparator, images = std::move(images)](std::uint32_t a, std::uint32_t b) {
    const Verdict verdict = comparator.Compare(*images[a], *images[b]);
    // The overall margin is the verdict's last dimension.
    if (verdict.dimensions.empty()) return JudgementFromProbability(verdict.p_a_better);
    return PairJudgement{verdict.p_a_better, verdict.dimensions.back().margin};
  };
}

PairJudge ComparatorJudge(const Comparator& comparator, const std::vector<ImageProfile>& images) {
  std::vector<const ImageProfile*> pointers;
  pointers.reserve(images.size());
  for (const ImageProfile& image : images) pointers.push_back(&image);
  return ComparatorJudge(comparator, std::move(pointers));
}

PairJudge SimulatedJudge(std::vector<double> truth, std::uint64_t seed) {
  return [truth = std::move(truth), seed](std::uint32_t a, std::uint32_t b) {
    const std::uint32_t low = std::min(a, b), high = std::max(a, b);
    const std::uint64_t draw = Mix(seed ^ Mix((std::uint64_t(low) << 32) | high));
    const double u = double(draw >> 11) * 0x1.0p-53;  // uniform in [0, 1)
    const bool low_wins = u < sorting::WinProbability(truth[low] - truth[high]);
    return JudgementFromProbability((low_wins == (a == low)) ? 1.0 : 0.0);
  };
}

std::vector<std::vector<std::size_t>> IdenticalImages(const std::vector<ImageProfile>& images) {
  std::map<std::tuple<int, int, std::vector<double>>, std::vector<std::size_t>> same;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (!images[i].measures.empty()) same[{images[i].width, images[i].height, images[i].measures}].push_back(i);
  }
  std::vector<std::vector<std::size_t>> groups;
  for (auto& [content, members] : same) {
    if (members.size() > 1) groups.push_back(std::move(members));
  }
  return groups;
}

}  // namespace versus::engine
