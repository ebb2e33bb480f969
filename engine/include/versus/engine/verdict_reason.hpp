#pragma once
/// The one formatter of verdict reasons, and the builder of a measuring judge's reason.
/// Every caller turns a typed Reason into text here, naming the images its own way:
///   the judges' words   "The first image is better: sharper (2.1x the edge contrast)."
///   compare             "'a.jpg' is better: sharper (2.1x the edge contrast)."
///   the plug-in         "The left image is better: ..."
///   cull's keeper       "sharper (2.1x the edge contrast), and less noisy" (WinnerClausesText)
/// The words for each dimension are one table (verdict_reason.cpp): a new dimension is a
/// new row there.
#include <cstddef>
#include <string>
#include <vector>

#include "versus/engine/profile.hpp"
#include "versus/engine/verdict.hpp"

namespace versus::engine {

/// Whether the text ends as a sentence ("... less noisy.") or as a clause to be put into
/// another sentence (cull's "over the next best, 'b.jpg': ...").
enum class ReasonEnd { kPeriod, kNone };

/// The reason as one sentence: "The first image is better: sharper (2.1x the edge
/// contrast), and less noisy, though the other wins on exposure.", "The second image is
/// better overall, by a small margin.", "The two images are too close to call.", or the
/// judge's own words with each mentioned image named from `names`.
std::string ReasonText(const Reason& reason, const ImageNames& names = OrdinalNames(),
                       ReasonEnd end = ReasonEnd::kPeriod);

/// What the winner wins on, without naming it: "sharper (2.1x the edge contrast), and
/// less noisy, though the other wins on noise", "better overall, by a small margin";
/// a judge's own words as ReasonText gives them (no final period). Empty when too close.
std::string WinnerClausesText(const Reason& reason, const ImageNames& names = OrdinalNames());

/// A measuring judge's reason: `dims` are log-odds margins favouring A (> 0) per
/// dimension, `total` the overall log-odds; the measures of `a` and `b` supply the
/// numbers where they agree with the margin.
Reason MeasuredReason(const std::vector<DimensionVerdict>& dims, double total, const ImageProfile& a,
                      const ImageProfile& b);

}  // namespace versus::engine
