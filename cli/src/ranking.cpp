#include "ranking.hpp"

#include "progress_bar.hpp"

namespace versus::cli {

Ranking RankImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                   std::size_t budget, const SourceLock& lock_sources) {
  Ranking ranking;
  ranking.inputs = LoadImages(paths, recursive, flags, false, lock_sources);
  const std::vector<engine::ImageProfile>& images = ranking.inputs.images;
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
