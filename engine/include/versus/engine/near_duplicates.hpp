#pragma once
/// Near-duplicate and burst grouping, and the order of photos within one group.
///
/// Two photos are linked when
///   Similarity(hash a, hash b) >= threshold                       (near-duplicates), or
///   both have capture times <= gap_seconds apart and
///   Similarity(hash a, hash b) >= burst_threshold                  (frames of one burst).
/// Groups are the connected components of the links (union-find), so a slow pan is one
/// group even when its first and last frames no longer look alike.
#include <cstddef>
#include <optional>
#include <vector>

#include "versus/engine/comparator.hpp"
#include "versus/engine/perceptual_hash.hpp"

namespace versus::engine {

struct GroupingOptions {
  /// Similarity (0..1) from which two photos are near-duplicates whatever their times.
  /// 0.75 = pHash within 8 of 64 bits, or log colour moments within 1.0 (copies, flips
  /// and resizes are 0.2-0.5 apart, unrelated photos from ~1.5). Higher = fewer, tighter
  /// groups.
  double threshold = 0.75;
  /// Photos taken at most this many seconds apart (EXIF DateTimeOriginal) are candidates
  /// for one series: bursts, and re-takes of one scene; 0 turns time off.
  double gap_seconds = 30.0;
  /// Similarity enough for such candidates: same scene, but subject movement, re-framing
  /// or a pan change the hashes more than a copy would. 0.4 = pHash within 19 bits or
  /// colour moments within 2.4. Defaults measured on ../shared/data/neardup by
  /// bench/cull_eval.cpp (bench/README.md has the sweep).
  double burst_threshold = 0.4;
};

/// Every photo in exactly one group; each group lists indices in increasing order, and
/// groups are ordered by their first index. `capture_seconds` is empty or one per hash
/// (nullopt = unknown time).
std::vector<std::vector<std::size_t>> GroupNearDuplicates(const std::vector<PerceptualHash>& hashes,
                                                          const std::vector<std::optional<double>>& capture_seconds,
                                                          const GroupingOptions& options);

/// The members of one group ordered by pairwise comparison, best first: every pair is
/// judged (groups are small, and same-scene pairs are where a judge is most reliable)
/// and each photo scores the sum of its log-odds against all the others.
struct GroupOrder {
  std::vector<std::size_t> order;  ///< indices into `members`, best first
  /// The judge's verdict on the best against the runner-up (default if one member).
  Verdict best_vs_next;
};

GroupOrder OrderGroup(const Comparator& judge, const std::vector<const ImageProfile*>& members);

}  // namespace versus::engine
