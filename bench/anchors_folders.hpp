#pragma once
// versus-bench-anchors, part 4: does a photo keep its stars and score whatever folder it
// is ranked in, once the images are judged against each other as well as against the
// anchors? (issue 19's three-folder test, tests/cli/anchors_cli_test.cpp, as figures.)
#include <filesystem>
#include <vector>

#include "versus/engine/anchors.hpp"
#include "versus/engine/comparator.hpp"

namespace versus::bench {

/// The test's 20 photos of mixed quality (Kodak 1-20, 256 px wide: sharp, blurred, noisy,
/// or JPEG quality 20) ranked alone, among 100 pristine photos and among 100 badly
/// degraded ones, with the shipped anchors, for each image-vs-image weight: per weight,
/// the largest score shift against the photo ranked alone, stars that differ, intervals
/// that do not overlap, and the judged pairs. Photos are written to a temporary folder.
void ThreeFolders(const engine::Comparator& judge, const engine::JudgeAnchors& anchors,
                  const std::filesystem::path& kodak_dir, const std::vector<double>& weights);

}  // namespace versus::bench
