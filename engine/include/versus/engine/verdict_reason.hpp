#pragma once
/// The reason sentence of a verdict ("The first image is better: sharper (2.1x the edge
/// contrast), and less noisy."), shared by the comparators that report dimensions.
#include <string>
#include <vector>

#include "versus/engine/comparator.hpp"

namespace versus::engine {

/// `dims` are log-odds margins favouring A (> 0) per dimension; `total` the overall
/// log-odds. Measures of `a` and `b` supply the numbers where they agree with the margin.
std::string VerdictReason(const std::vector<DimensionVerdict>& dims, double total, const ImageProfile& a,
                          const ImageProfile& b);

}  // namespace versus::engine
