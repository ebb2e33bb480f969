#include "anchor_fit.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "feature_dataset.hpp"
#include "versus/sorting.hpp"
#include "versus/sorting/human_scale.hpp"

namespace versus::training {

namespace fs = std::filesystem;

engine::JudgeAnchors ProfileHumanScored(const fs::path& folder, const engine::Comparator& judge, unsigned jobs,
                                        const fs::path& cache, std::size_t every) {
  std::error_code ec;
  if (!cache.empty() && fs::exists(cache, ec)) {
    engine::JudgeAnchors cached = engine::JudgeAnchors::Load(cache);
    if (cached.judge == judge.name()) return cached;
  }
  const std::vector<MosImage> all = ReadMosCsv(folder);
  std::vector<MosImage> rows;
  for (std::size_t i = 0; i < all.size(); i += std::max<std::size_t>(1, every)) rows.push_back(all[i]);
  std::vector<fs::path> paths;
  for (const MosImage& m : rows) paths.push_back(folder / "images" / m.name);
  engine::ProfileOptions options;
  options.comparator = &judge;
  options.jobs = jobs;
  options.progress = [](std::size_t done, std::size_t total) {
    if (done % 50 == 0 || done == total) std::fprintf(stderr, "profiled %zu/%zu\n", done, total);
  };
  engine::ProfileSet set = engine::ProfileAll(paths, options);
  if (!set.errors.empty()) throw engine::Error(set.errors.front().path, set.errors.front().reason);
  engine::JudgeAnchors scored;
  scored.judge = std::string(judge.name());
  scored.sigma = 1.0;  // unused: the file is a cache of profiles
  scored.provenance = "cache: every photo of " + folder.string() + " as judge " + scored.judge + " prepares it";
  for (std::size_t i = 0; i < rows.size(); ++i) scored.anchors.push_back({rows[i].name, rows[i].mos, set.images[i]});
  if (!cache.empty()) {
    fs::create_directories(cache.parent_path(), ec);
    scored.Save(cache);
  }
  return scored;
}

engine::JudgeAnchors FitAnchors(const engine::JudgeAnchors& scored, const std::vector<std::size_t>& rows,
                                const engine::Comparator& judge, std::size_t k, std::uint64_t seed,
                                const std::string& how) {
  std::vector<double> mos;
  std::vector<engine::ImageProfile> images;
  for (std::size_t r : rows) {
    mos.push_back(scored.anchors[r].mos);
    images.push_back(scored.anchors[r].profile);
  }
  engine::JudgeAnchors out;
  out.judge = scored.judge;
  for (std::size_t i : sorting::PickAnchorsByMos(mos, k, seed)) out.anchors.push_back(scored.anchors[rows[i]]);
  for (engine::AnchorPhoto& a : out.anchors) a.profile.path = "anchor:" + a.image;
  const auto p = engine::JudgeAgainstAnchors(judge, images, out, 0);
  out.sigma = sorting::FitHumanScaleSigmaBySpread(p, out.AnchorMos(), mos);
  out.star_thresholds = sorting::QuintileThresholds(mos).thresholds;
  std::ostringstream text;
  text << how << ": " << k << " anchors drawn one per MOS stratum (seed " << seed << ") from " << rows.size()
       << " human-scored photos; sigma " << out.sigma
       << " MOS points per probit (P = Phi((mos_a - mos_b) / sigma)), chosen so that these photos' anchored "
          "scores have the standard deviation of their MOS; star cuts at their MOS quintiles";
  out.provenance = text.str();
  return out;
}

double FitSigmaByLikelihood(const engine::JudgeAnchors& scored, const std::vector<std::size_t>& rows,
                            const engine::Comparator& judge) {
  std::vector<double> difference, outcome;
  for (std::size_t a = 0; a < rows.size(); ++a) {
    for (std::size_t b = a + 1; b < rows.size(); ++b) {
      const auto& x = scored.anchors[rows[a]];
      const auto& y = scored.anchors[rows[b]];
      difference.push_back(x.mos - y.mos);
      outcome.push_back(judge.Compare(x.profile, y.profile).p_a_better);
    }
  }
  return sorting::FitHumanScaleSigma(difference, outcome);
}

}  // namespace versus::training
