#pragma once
// The ranking pipeline `rank`, `rate`, `sort` and `report` share: find and profile
// images, then the engine: with the judge's anchors, scores on the human scale (MOS
// 0-100) with absolute stars (engine::RankOnHumanScale); a judge without anchors (lmm):
// the Ranker (judged pairs, Bradley-Terry scores relative to the set, stars by quantile).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "image_inputs.hpp"
#include "versus/engine/ranker.hpp"

namespace versus::cli {

struct Ranking {
  ImageInputs inputs;           ///< images (item i of the report is inputs.images[i]), errors, judge
  /// scores with 95% intervals and standard errors, stars, order, judged pairs; anchors
  /// and star_thresholds say which scale and stars (ScaleName, StarsName)
  engine::RankerReport report;
};

/// Adds rank's input and budget flags, -r/--recursive and --budget (rank, report).
void AddRankingFlags(boost::program_options::options_description& options, bool& recursive, std::size_t& budget);

/// LoadImages, then RankLoaded with flags.stars. Throws engine::Error only for problems
/// with the judge itself or from `lock_sources` (see LoadImages).
Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources = {});

/// Images already loaded (LoadImages; `report` loads them with hashes for its cull
/// groups) with their judge: with the judge's anchors (engine::LoadAnchors)
/// engine::RankOnHumanScale (k judgements per image against the anchors plus at most
/// `budget` pairs of images, 0 = sorting::DefaultComparisonBudget; one MAP fit with the
/// anchors held at their MOS), stars by the anchors' cuts or by quantile as `stars`
/// says; without anchors engine::Rank (at most `budget` pairs, 0 = automatic), stars by
/// quantile.
Ranking RankLoaded(ImageInputs inputs, std::size_t budget, engine::StarScale stars = engine::StarScale::kAbsolute);

/// For compare and cull, which report their own verdicts: the images on the human scale
/// as RankLoaded puts them (budget 0), or nullopt for a judge without anchors (nothing
/// is judged then: a model judge's calls are not spent on it). `inputs` is unchanged.
std::optional<engine::RankerReport> HumanScaleOf(ImageInputs& inputs, engine::StarScale stars);

/// {path, score, ci_low, ci_high, stars} of image i, as in rank's JSON.
nlohmann::json HumanScoreJson(const ImageInputs& inputs, const engine::RankerReport& report, std::size_t i);

/// Adds rank's top-level anchors, scale and stars (ScaleName, StarsName) to `doc`.
void AddScaleJson(const engine::RankerReport& report, nlohmann::json& doc);

/// --stars as the engine's type.
engine::StarScale StarScaleOf(const JudgeFlags& flags);

/// JSON `scale`: "mos-0-100" (anchored human opinion scores) or "log-odds-relative"
/// (Bradley-Terry log-odds around the set's own mean: a judge without anchors).
const char* ScaleName(const engine::RankerReport& report);
/// JSON `stars`: "absolute" (the anchors' cuts on the MOS scale) or "relative" (fifths of the set).
const char* StarsName(const engine::RankerReport& report);

}  // namespace versus::cli
