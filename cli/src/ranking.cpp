#include "ranking.hpp"

#include "option_checks.hpp"
#include "path_text.hpp"
#include "progress_bar.hpp"
#include "versus/engine/anchors.hpp"

namespace versus::cli {

void AddRankingFlags(boost::program_options::options_description& options, bool& recursive, std::size_t& budget) {
  namespace po = boost::program_options;
  options.add_options()
      ("recursive,r", po::bool_switch(&recursive), "also search sub-folders (inside the named folder: symlinks leading out are listed, not followed, unless --follow-links)")
      ("budget", RangedValue(&budget, "--budget", kBudgetRange)->default_value(0),
       "most pairs to judge (0 = automatic: every pair for small sets, an active design for large ones)");
}

Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources) {
  return RankLoaded(LoadImages(paths, recursive, flags, false, lock_sources), budget, StarScaleOf(flags));
}

engine::StarScale StarScaleOf(const JudgeFlags& flags) {
  return flags.stars == kStarsRelative ? engine::StarScale::kRelative : engine::StarScale::kAbsolute;
}

const char* ScaleName(const engine::RankerReport& report) {
  return report.anchors > 0 ? "mos-0-100" : "log-odds-relative";
}

const char* StarsName(const engine::RankerReport& report) {
  return report.star_thresholds ? kStarsAbsolute : kStarsRelative;
}

std::optional<engine::RankerReport> HumanScaleOf(ImageInputs& inputs, engine::StarScale stars) {
  if (!engine::LoadAnchors(inputs.judge->name())) return std::nullopt;
  Ranking ranking = RankLoaded(std::move(inputs), 0, stars);
  inputs = std::move(ranking.inputs);
  return std::move(ranking.report);
}

nlohmann::json HumanScoreJson(const ImageInputs& inputs, const engine::RankerReport& report, std::size_t i) {
  return {{"path", PathText(inputs.images[i].path)},
          {"score", report.scores.score[i]},
          {"ci_low", report.scores.ci_low[i]},
          {"ci_high", report.scores.ci_high[i]},
          {"stars", report.stars[i]}};
}

void AddScaleJson(const engine::RankerReport& report, nlohmann::json& doc) {
  doc["anchors"] = report.anchors;
  doc["scale"] = ScaleName(report);
  doc["stars"] = StarsName(report);
}

Ranking RankLoaded(ImageInputs inputs, std::size_t budget, engine::StarScale stars) {
  Ranking ranking;
  ranking.inputs = std::move(inputs);
  const std::vector<engine::ImageProfile>& images = ranking.inputs.images;
  if (const auto anchors = engine::LoadAnchors(ranking.inputs.judge->name())) {
    engine::HumanScaleOptions options;
    options.stars = stars;
    options.jobs = ranking.inputs.jobs;
    options.budget = budget;
    options.identical_items = engine::IdenticalImages(images);
    ProgressBar bar("comparing with anchors");
    options.progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); };
    engine::RankOnHumanScale(options, *ranking.inputs.judge, images, *anchors, &ranking.report);
    return ranking;
  }
  engine::RankerOptions options;
  options.budget = budget;
  // A model call costs seconds: by default the active design's budget even for small
  // sets (never every pair), several requests in flight, sides balanced against a
  // model's position bias, answers from the disk cache.
  const engine::JudgeTraits traits = ranking.inputs.judge->traits();
  if (traits.costly && options.budget == 0) options.budget = sorting::DefaultComparisonBudget(images.size());
  options.parallel = traits.parallel_compares;
  options.balance_sides = traits.position_bias;
  // Copies of one photo tie, whatever partners the design gave each.
  options.identical_items = engine::IdenticalImages(images);
  ProgressBar bar("comparing");
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); };
  try {
    engine::Rank(options, images.size(), engine::ComparatorJudge(*ranking.inputs.judge, images), &ranking.report);
  } catch (const engine::Error& e) {
    if (!traits.keeps_answers) throw;
    throw engine::Error(std::string(e.what()) +
                        " (answers received so far are cached; a rerun asks only for the rest)");
  }
  return ranking;
}

}  // namespace versus::cli
