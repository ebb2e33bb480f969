#pragma once
/// Grouping photos the way a shoot happened, and the order of photos within one group.
///
///  1. Bursts: each camera body's frames in capture-time order; a run of frames at most
///     `gap_seconds` apart is one press of the shutter. Inside a run a frame starts a new
///     group where the scene changes (its mean similarity to the frames already in the
///     group is under `burst_threshold`) or where the group would span more than
///     `max_span_seconds`.
///  2. Re-takes: for a body that shoots single frames (its typical pause is longer than
///     a burst gap), consecutive frames a few pauses apart that look alike on average.
///  3. Near-duplicates and copies: groups (bursts, or single photos) merge when every
///     photo's mean similarity to the merged group is >= `threshold`, whatever their
///     times, except that different exposures (both times known and more than
///     `gap_seconds` apart, or two known camera bodies) are never copies of each other.
/// Every test is against a group as a whole, never a single link, so look-alike frames
/// of one arena do not chain into one group.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "versus/engine/comparator.hpp"
#include "versus/engine/perceptual_hash.hpp"

namespace versus::engine {

/// Defaults measured on ../shared/data/bursts/horses-dev and ../shared/data/neardup
/// together by bench/cull_eval.cpp (bench/README.md has the sweep and the reasons).
struct GroupingOptions {
  /// Similarity (0..1) from which photos are near-duplicates whatever their times.
  /// 0.75 = pHash within 8 of 64 bits, or log colour moments within 1.0 (copies, flips
  /// and resizes are 0.2-0.5 apart, unrelated photos from ~1.5). Higher = fewer, tighter.
  double threshold = 0.75;
  /// Longest pause between two frames of one burst, in seconds. Continuous drive runs at
  /// 3-14 frames/s (0.07-0.33 s apart); pauses up to 1 s are buffer stalls and refocus;
  /// a longer one means the shutter was released. 0 turns times off.
  double gap_seconds = 1.0;
  /// Longest burst, in seconds: a run longer than this is split (40 frames at 10 fps
  /// fit; a stream of frames each < gap apart does not become one group).
  double max_span_seconds = 10.0;
  /// Least mean similarity of a frame to its burst: a lower one is a scene change.
  double burst_threshold = 0.2;
  /// Re-takes, for a body that shoots one frame at a time (its median pause between
  /// frames is over `gap_seconds`): frames at most twice that pause and at most this
  /// many seconds apart join one series when they look alike on average. 0 = no series.
  double retake_gap_seconds = 60.0;
  /// Least mean similarity between a series and the next frame(s): the same scene seen
  /// again, perhaps from another angle.
  double retake_threshold = 0.25;
  /// Longest series, in seconds.
  double retake_span_seconds = 60.0;
};

/// What grouping knows about one photo.
struct Shot {
  PerceptualHash hash;
  std::optional<double> seconds;  ///< capture time (CaptureInfo::seconds); nullopt = unknown
  std::string body;               ///< camera body (CaptureInfo::body); "" = unknown
  /// Tie-break among equal times (no sub-seconds) and the order of photos without a time:
  /// the file-name sequence, then the modification time, folded into one rank by the
  /// caller (0, 1, 2 ... in that order).
  std::size_t sequence = 0;
};

/// One Shot per profiled photo: its hash, and capture time and body from its EXIF
/// (ReadCaptureInfo, metadata only); `sequence` ranks photos by file-name sequence
/// (FileNameSequence), then modification time, then path.
std::vector<Shot> ReadShots(const std::vector<ImageProfile>& images);

enum class GroupKind {
  kBurst,          ///< one body's frames in time (a group of one is a burst of one frame)
  kNearDuplicate,  ///< joined by similarity alone: crops, flips, edits, re-takes
  kCopy,           ///< every pair has identical hashes: re-exports, resizes, re-encodes
};

/// "burst", "near-duplicate", "copy" (the `how` of `versus cull --json`).
const char* GroupKindName(GroupKind kind);

struct PhotoGroup {
  std::vector<std::size_t> members;  ///< indices into the shots, in shooting order
  GroupKind how = GroupKind::kBurst;
  double span_seconds = 0.0;  ///< last minus first known capture time (0 if fewer than two)
};

/// Every photo in exactly one group; groups in shooting order (body, then time; photos
/// without a time after, by `sequence`).
std::vector<PhotoGroup> GroupShots(const std::vector<Shot>& shots, const GroupingOptions& options);

/// GroupShots for hashes with optional times, all from one (unknown) body; the members of
/// each group in increasing index order, groups ordered by their first index.
std::vector<std::vector<std::size_t>> GroupNearDuplicates(const std::vector<PerceptualHash>& hashes,
                                                          const std::vector<std::optional<double>>& capture_seconds,
                                                          const GroupingOptions& options);

/// The members of one group ordered by pairwise comparison, best first, by the Ranker
/// (ranker.hpp): every pair is judged (groups are small, and same-scene pairs are where a
/// judge is most reliable) and each photo scores its mean log-odds against the others.
struct GroupOrder {
  std::vector<std::size_t> order;  ///< indices into `members`, best first
  /// The judge's verdict on the best against the runner-up (default if one member).
  Verdict best_vs_next;
};

GroupOrder OrderGroup(const Comparator& judge, const std::vector<const ImageProfile*>& members);

}  // namespace versus::engine
