#pragma once
// Anchor sets for the human scale (engine/anchors.hpp, sorting/human_scale.hpp): the
// human-scored photos profiled by a judge, and an anchor set fitted on a subset of them
// (the whole set for the shipped file, the training folds for cross-validation).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "versus/engine.hpp"
#include "versus/engine/anchors.hpp"

namespace versus::training {

/// Every `every`-th photo of `folder` (mos.csv + images/) as `judge` prepares it, in
/// mos.csv order, with its MOS. Kept whole in a JudgeAnchors-format file at `cache`
/// (empty: none) so a second run skips the profiling.
engine::JudgeAnchors ProfileHumanScored(const std::filesystem::path& folder, const engine::Comparator& judge,
                                        unsigned jobs, const std::filesystem::path& cache, std::size_t every = 1);

/// An anchor set drawn from `rows` of `scored`: k photos spanning their MOS
/// (sorting::PickAnchorsByMos, `seed`), sigma at which the anchored scores of `rows` have
/// the spread of their MOS (sorting::FitHumanScaleSigmaBySpread), star cuts at the MOS
/// quintiles of `rows`. `how` goes into the provenance.
engine::JudgeAnchors FitAnchors(const engine::JudgeAnchors& scored, const std::vector<std::size_t>& rows,
                                const engine::Comparator& judge, std::size_t k, std::uint64_t seed,
                                const std::string& how);

/// The alternative sigma, for comparison: maximum likelihood of the judge's outcomes on
/// every pair of `rows` given their MOS differences (sorting::FitHumanScaleSigma).
double FitSigmaByLikelihood(const engine::JudgeAnchors& scored, const std::vector<std::size_t>& rows,
                            const engine::Comparator& judge);

}  // namespace versus::training
