// GroupShots: bursts per camera body in time order, then near-duplicate merging by mean
// similarity (never single links). See near_duplicates.hpp for the rules.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "versus/engine/near_duplicates.hpp"

namespace versus::engine {
namespace {

struct Cluster {
  std::vector<std::size_t> members;
  std::size_t largest_burst = 1;  ///< distinct frames of the largest time-burst inside
  bool merged_by_similarity = false;
  bool retake = false;  ///< joined re-takes of one scene (JoinRetakes)
};

class Grouper {
 public:
  Grouper(const std::vector<Shot>& shots, const GroupingOptions& options) : shots_(shots), options_(options) {}

  std::vector<PhotoGroup> Run() {
    FormBursts();
    JoinRetakes();
    IndexClusters();
    MergeNearDuplicates();
    return Groups();
  }

 private:
  double Seconds(std::size_t i) const { return *shots_[i].seconds; }

  // Mean similarity of photo `i` to `group` (i itself excluded).
  double MeanSimilarity(std::size_t i, const std::vector<std::size_t>& group) const {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t j : group) {
      if (j == i) continue;
      sum += Similarity(shots_[i].hash, shots_[j].hash);
      ++n;
    }
    return n == 0 ? 1.0 : sum / n;
  }

  // Order of the shoot: timed photos per body by time, then photos without a time.
  bool ShotBefore(std::size_t a, std::size_t b) const {
    const Shot &x = shots_[a], &y = shots_[b];
    if (x.seconds.has_value() != y.seconds.has_value()) return x.seconds.has_value();
    if (!x.seconds) return std::tie(x.sequence, a) < std::tie(y.sequence, b);
    return std::tie(x.body, *x.seconds, x.sequence, a) < std::tie(y.body, *y.seconds, y.sequence, b);
  }

  bool JoinsBurst(std::size_t i, const std::vector<std::size_t>& burst) const {
    if (burst.empty() || options_.gap_seconds <= 0) return false;
    const std::size_t last = burst.back();
    if (shots_[i].body != shots_[last].body) return false;
    if (Seconds(i) - Seconds(last) > options_.gap_seconds) return false;
    if (Seconds(i) - Seconds(burst.front()) > options_.max_span_seconds) return false;
    return MeanSimilarity(i, burst) >= options_.burst_threshold;
  }

  void FormBursts() {
    std::vector<std::size_t> order(shots_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ShotBefore(a, b); });
    for (std::size_t i : order) {
      if (shots_[i].seconds && !clusters_.empty() && shots_[clusters_.back().members.back()].seconds &&
          JoinsBurst(i, clusters_.back().members)) {
        Cluster& burst = clusters_.back();
        // A copy at the very same moment (the file twice) is not another frame.
        const std::size_t last = burst.members.back();
        if (Seconds(i) != Seconds(last) || DctDistance(shots_[i].hash, shots_[last].hash) > kCopyBits) {
          ++burst.largest_burst;
        }
        burst.members.push_back(i);
      } else {
        clusters_.push_back({{i}});
      }
    }
  }

  void IndexClusters() {
    cluster_of_.resize(shots_.size());
    for (std::size_t c = 0; c < clusters_.size(); ++c) {
      for (std::size_t i : clusters_[c].members) cluster_of_[i] = c;
    }
  }

  // Median pause between consecutive frames of each body: how that body is being used.
  std::map<std::string, double> TypicalPauses() const {
    std::map<std::string, std::vector<double>> pauses;
    std::optional<std::size_t> previous;
    for (const Cluster& c : clusters_) {  // timed clusters first, in shooting order
      for (std::size_t i : c.members) {
        if (!shots_[i].seconds) return Medians(pauses);
        if (previous && shots_[*previous].body == shots_[i].body) {
          pauses[shots_[i].body].push_back(Seconds(i) - Seconds(*previous));
        }
        previous = i;
      }
    }
    return Medians(pauses);
  }

  // The median (the upper one of an even count: with few frames, the longer pause).
  static std::map<std::string, double> Medians(std::map<std::string, std::vector<double>>& lists) {
    std::map<std::string, double> median;
    for (auto& [key, list] : lists) {
      std::nth_element(list.begin(), list.begin() + list.size() / 2, list.end());
      median[key] = list[list.size() / 2];
    }
    return median;
  }

  // A body that shoots one frame at a time (typical pause over the burst gap) re-takes a
  // scene: consecutive frames at most twice its typical pause apart (and at most
  // retake_gap_seconds) that look alike on average are one series. A body that shoots
  // bursts makes each burst its own moment, so it gets no series.
  void JoinRetakes() {
    if (options_.gap_seconds <= 0 || options_.retake_gap_seconds <= 0) return;
    const auto typical = TypicalPauses();
    std::vector<Cluster> joined;
    for (Cluster& c : clusters_) {
      if (!joined.empty() && JoinsRetake(joined.back().members, c.members, typical)) {
        auto& into = joined.back();
        into.members.insert(into.members.end(), c.members.begin(), c.members.end());
        into.retake = true;
        into.largest_burst = std::max(into.largest_burst, c.largest_burst);
      } else {
        joined.push_back(std::move(c));
      }
    }
    clusters_ = std::move(joined);
  }

  bool JoinsRetake(const std::vector<std::size_t>& series, const std::vector<std::size_t>& next,
                   const std::map<std::string, double>& typical) const {
    const std::size_t last = series.back(), first = next.front();
    if (!shots_[last].seconds || !shots_[first].seconds || shots_[last].body != shots_[first].body) return false;
    const auto pause = typical.find(shots_[first].body);
    if (pause == typical.end() || pause->second <= options_.gap_seconds) return false;
    const double limit = std::min(options_.retake_gap_seconds, kRetakePauses * pause->second);
    if (Seconds(first) - Seconds(last) > limit) return false;
    if (Seconds(next.back()) - Seconds(series.front()) > options_.retake_span_seconds) return false;
    return MeanCrossSimilarity(series, next) >= options_.retake_threshold;
  }

  // Two timed photos of different moments, or of two known bodies, are different
  // exposures, not copies: a copy keeps its original's capture time and camera (or
  // loses them).
  bool DifferentExposures(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) const {
    const double moment = std::max(options_.gap_seconds, kSameMomentSeconds);
    for (std::size_t i : a) {
      for (std::size_t j : b) {
        const Shot &x = shots_[i], &y = shots_[j];
        if (!x.seconds || !y.seconds || options_.gap_seconds <= 0) continue;  // --gap 0: times ignored
        if (std::abs(*x.seconds - *y.seconds) > moment) return true;
        if (!x.body.empty() && !y.body.empty() && x.body != y.body) return true;
      }
    }
    return false;
  }

  double MeanCrossSimilarity(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) const {
    double sum = 0.0;
    for (std::size_t i : a) {
      for (std::size_t j : b) sum += Similarity(shots_[i].hash, shots_[j].hash);
    }
    return sum / double(a.size() * b.size());
  }

  // Average linkage, strongest pair first: two groups merge only when their photos are
  // alike on average, so A~B and B~C never pull C into A's group by themselves.
  void MergeNearDuplicates() {
    struct Link { double similarity; std::size_t a, b; };
    std::vector<Link> links;
    for (std::size_t a = 0; a < shots_.size(); ++a) {
      for (std::size_t b = a + 1; b < shots_.size(); ++b) {
        const double s = Similarity(shots_[a].hash, shots_[b].hash);
        if (s >= options_.threshold) links.push_back({s, a, b});
      }
    }
    std::stable_sort(links.begin(), links.end(), [](auto& x, auto& y) { return x.similarity > y.similarity; });
    std::set<std::pair<std::size_t, std::size_t>> apart;
    for (const Link& link : links) {
      const std::size_t ca = cluster_of_[link.a], cb = cluster_of_[link.b];
      if (ca == cb) continue;
      auto &from = clusters_[cb].members, &into = clusters_[ca].members;
      // Different exposures stay different as groups grow: check each pair of groups
      // once (a folder of look-alike frames has millions of links between them).
      if (apart.contains({std::min(ca, cb), std::max(ca, cb)})) continue;
      if (DifferentExposures(into, from)) {
        apart.insert({std::min(ca, cb), std::max(ca, cb)});
        continue;
      }
      if (MeanCrossSimilarity(into, from) < options_.threshold) continue;
      for (std::size_t i : from) cluster_of_[i] = ca;
      into.insert(into.end(), from.begin(), from.end());
      from.clear();
      clusters_[ca].merged_by_similarity = true;
      clusters_[ca].largest_burst = std::max(clusters_[ca].largest_burst, clusters_[cb].largest_burst);
    }
  }

  bool AllCopies(const std::vector<std::size_t>& members) const {
    for (std::size_t a = 0; a < members.size(); ++a) {
      for (std::size_t b = a + 1; b < members.size(); ++b) {
        if (DctDistance(shots_[members[a]].hash, shots_[members[b]].hash) > kCopyBits) return false;
      }
    }
    return true;
  }

  bool OneMoment(const std::vector<std::size_t>& members) const {
    for (std::size_t i : members) {
      if (!shots_[i].seconds || Seconds(i) != Seconds(members.front())) return false;
    }
    return true;
  }

  PhotoGroup Describe(Cluster& cluster) const {
    PhotoGroup group;
    std::sort(cluster.members.begin(), cluster.members.end(), [&](auto a, auto b) { return ShotBefore(a, b); });
    group.members = cluster.members;
    std::optional<double> first, last;
    for (std::size_t i : group.members) {
      if (!shots_[i].seconds) continue;
      first = std::min(first.value_or(Seconds(i)), Seconds(i));
      last = std::max(last.value_or(Seconds(i)), Seconds(i));
    }
    if (first) group.span_seconds = *last - *first;
    // Identical hashes at one moment (or joined by similarity) are copies; a burst
    // stays a burst when a copy of one of its frames joins it; a group that similarity
    // alone made is a near-duplicate.
    const bool joined = cluster.merged_by_similarity || cluster.retake;
    const bool several = group.members.size() > 1;
    if (several && (joined || OneMoment(group.members)) && AllCopies(group.members)) group.how = GroupKind::kCopy;
    if (!joined || group.how == GroupKind::kCopy) return group;
    if (cluster.retake || cluster.largest_burst < 2) group.how = GroupKind::kNearDuplicate;
    return group;
  }

  std::vector<PhotoGroup> Groups() {
    std::vector<PhotoGroup> groups;
    for (Cluster& cluster : clusters_) {
      if (!cluster.members.empty()) groups.push_back(Describe(cluster));
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [&](auto& x, auto& y) { return ShotBefore(x.members.front(), y.members.front()); });
    return groups;
  }

  // A series breaks at a pause over twice the body's typical one (PhotoTOC-style
  // adaptive gap: Platt et al. 2003 split events where a gap stands out from its own
  // neighbourhood).
  static constexpr double kRetakePauses = 2.0;
  // Re-exports may round the sub-seconds away: within a second is the same moment.
  static constexpr double kSameMomentSeconds = 1.0;
  // pHash bits that re-encoding or resizing flips at most.
  static constexpr int kCopyBits = 2;

  const std::vector<Shot>& shots_;
  const GroupingOptions& options_;
  std::vector<Cluster> clusters_;
  std::vector<std::size_t> cluster_of_;
};

}  // namespace

const char* GroupKindName(GroupKind kind) {
  switch (kind) {
    case GroupKind::kNearDuplicate: return "near-duplicate";
    case GroupKind::kCopy: return "copy";
    case GroupKind::kBurst: break;
  }
  return "burst";
}

std::vector<PhotoGroup> GroupShots(const std::vector<Shot>& shots, const GroupingOptions& options) {
  return Grouper(shots, options).Run();
}

std::vector<std::vector<std::size_t>> GroupNearDuplicates(const std::vector<PerceptualHash>& hashes,
                                                          const std::vector<std::optional<double>>& capture_seconds,
                                                          const GroupingOptions& options) {
  std::vector<Shot> shots(hashes.size());
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    shots[i].hash = hashes[i];
    if (!capture_seconds.empty()) shots[i].seconds = capture_seconds[i];
    shots[i].sequence = i;
  }
  std::vector<std::vector<std::size_t>> groups;
  for (PhotoGroup& group : GroupShots(shots, options)) {
    std::sort(group.members.begin(), group.members.end());
    groups.push_back(std::move(group.members));
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

}  // namespace versus::engine
