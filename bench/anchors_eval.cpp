// versus-bench-anchors: how well scores on the human scale (anchors, sorting/human_scale.hpp)
// agree with people, per judge, and what the anchors cost.
//   1. 5-fold cross-validation by photo on clive-dev: anchors, sigma and star cuts fitted
//      on the training folds only; each test photo judged against the anchors. Pearson and
//      Spearman of score vs MOS, interval coverage, stars against MOS quintiles.
//   2. The shipped anchors on Kodak: the 24 pristine photos and six blurred ones (Gaussian
//      sigma 6 px, JPEG quality 40, the set of issue 19).
//   3. Cost for 2,000 photos: judged pairs and measured seconds of `versus rank`'s ranking
//      with anchors (alone, and with pairs of images) against the Ranker without anchors.
//   4. The three folders of issue 19's test (anchors_folders.hpp).
// Every scoring runs engine::RankOnHumanScale, as `versus rank` does, with pairs of images
// weighted by --mutual-weight (each value evaluated; 0 = anchors only).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <random>

#include <boost/program_options.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "anchor_fit.hpp"
#include "anchors_folders.hpp"
#include "versus/engine.hpp"
#include "versus/sorting.hpp"
#include "versus/sorting/human_scale.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;
using namespace versus;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = double(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

std::pair<double, double> MeanSd(const std::vector<double>& v) {
  const double m = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return {m, std::sqrt(ss / double(std::max<std::size_t>(1, v.size() - 1)))};
}

// The images ranked together as one folder, as `versus rank` does (engine::RankOnHumanScale):
// k judgements per image against the anchors, plus pairs of images at `mutual_weight`
// (0 = anchors only).
engine::RankerReport Score(const engine::Comparator& judge, const std::vector<engine::ImageProfile>& images,
                           const engine::JudgeAnchors& anchors, double mutual_weight, unsigned jobs = 0) {
  engine::HumanScaleOptions options;
  options.mutual_weight = mutual_weight;
  options.jobs = jobs;
  engine::RankerReport report;
  engine::RankOnHumanScale(options, judge, images, anchors, &report);
  return report;
}

// Rows: MOS quintile of the photos (1 = worst fifth); columns: stars given.
void PrintStarTable(const std::vector<int>& stars, const std::vector<double>& mos) {
  const std::size_t n = mos.size();
  const sorting::StarThresholds quintiles = sorting::QuintileThresholds(mos);
  const std::vector<int> mos_quintile = sorting::StarsByThreshold(mos, quintiles);
  int table[5][5] = {};
  for (std::size_t i = 0; i < n; ++i) ++table[mos_quintile[i] - 1][stars[i] - 1];
  std::printf("  stars (columns) against MOS quintile (rows; cuts %.1f %.1f %.1f %.1f):\n", quintiles.thresholds[0],
              quintiles.thresholds[1], quintiles.thresholds[2], quintiles.thresholds[3]);
  std::printf("    quintile   1*   2*   3*   4*   5*\n");
  std::size_t exact = 0, within_one = 0;
  for (int q = 0; q < 5; ++q) {
    std::printf("    %8d", q + 1);
    for (int s = 0; s < 5; ++s) {
      std::printf(" %4d", table[q][s]);
      exact += q == s ? table[q][s] : 0;
      within_one += std::abs(q - s) <= 1 ? table[q][s] : 0;
    }
    std::printf("\n");
  }
  std::printf("  stars = MOS quintile: %.1f%%, within one star: %.1f%%\n", 100.0 * double(exact) / double(n),
              100.0 * double(within_one) / double(n));
}

void CrossValidate(const engine::JudgeAnchors& scored, const engine::Comparator& judge, std::size_t k,
                   std::uint64_t seed, double weight) {
  const std::size_t n = scored.anchors.size(), folds = 5;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  std::vector<double> score(n), low(n), high(n), mos(n), score_ml(n);
  std::vector<int> stars(n), stars_ml(n);
  std::vector<double> pearson, spearman;
  double shift = 0, max_shift = 0;  // against the same photos scored on anchors alone
  std::size_t star_changes = 0, pairs = 0;
  for (std::size_t f = 0; f < folds; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < n; ++i) (i % folds == f ? test : train).push_back(order[i]);
    const auto anchors = training::FitAnchors(scored, train, judge, k, seed + f, "fold " + std::to_string(f));
    std::vector<engine::ImageProfile> images;
    for (std::size_t r : test) images.push_back(scored.anchors[r].profile);
    // The test fold ranked as one folder; and each photo on the anchors alone (any folder).
    const engine::RankerReport together = Score(judge, images, anchors, weight);
    const engine::RankerReport alone = Score(judge, images, anchors, 0.0);
    const sorting::Scores& s = together.scores;
    const std::vector<int>& st = together.stars;
    pairs += together.judged.comparisons.size();
    for (std::size_t t = 0; t < test.size(); ++t) {
      const double d = std::abs(s.score[t] - alone.scores.score[t]);
      shift += d / double(n), max_shift = std::max(max_shift, d), star_changes += st[t] != alone.stars[t];
    }
    // The alternative sigma (likelihood of the judge's outcomes given MOS differences).
    engine::JudgeAnchors ml = anchors;
    ml.sigma = training::FitSigmaByLikelihood(scored, train, judge);
    const engine::RankerReport ranked_ml = Score(judge, images, ml, weight);
    const sorting::Scores& s_ml = ranked_ml.scores;
    const std::vector<int>& st_ml = ranked_ml.stars;
    std::vector<double> fold_mos;
    for (std::size_t t = 0; t < test.size(); ++t) {
      const std::size_t r = test[t];
      score[r] = s.score[t], low[r] = s.ci_low[t], high[r] = s.ci_high[t], stars[r] = st[t];
      score_ml[r] = s_ml.score[t], stars_ml[r] = st_ml[t];
      mos[r] = scored.anchors[r].mos;
      fold_mos.push_back(mos[r]);
    }
    pearson.push_back(Pearson(s.score, fold_mos));
    spearman.push_back(sorting::SpearmanCorrelation(s.score, fold_mos));
    std::printf("  fold %zu: sigma %.2f (likelihood %.2f), cuts %.1f %.1f %.1f %.1f, Pearson %.3f, Spearman %.3f\n", f, anchors.sigma, ml.sigma,
                anchors.star_thresholds[0], anchors.star_thresholds[1], anchors.star_thresholds[2],
                anchors.star_thresholds[3], pearson.back(), spearman.back());
  }
  const auto [pm, ps] = MeanSd(pearson);
  const auto [sm, ss] = MeanSd(spearman);
  std::size_t covered = 0;
  double abs_error = 0, width = 0;
  for (std::size_t i = 0; i < n; ++i) {
    covered += mos[i] >= low[i] && mos[i] <= high[i];
    abs_error += std::abs(score[i] - mos[i]) / double(n);
    width += (high[i] - low[i]) / double(n);
  }
  std::printf("  pooled (%zu photos): Pearson %.3f, Spearman %.3f; per fold Pearson %.3f +- %.3f, Spearman %.3f +- %.3f\n",
              n, Pearson(score, mos), sorting::SpearmanCorrelation(score, mos), pm, ps, sm, ss);
  std::printf("  mean |score - MOS| %.1f points; mean 95%% interval width %.1f; MOS inside the interval %.1f%%\n",
              abs_error, width, 100.0 * double(covered) / double(n));
  std::printf("  judged pairs %zu (%.1f per photo); against anchors alone: mean |score shift| %.2f, largest %.2f "
              "points, stars changed for %zu of %zu photos\n",
              pairs, double(pairs) / double(n), shift, max_shift, star_changes, n);
  PrintStarTable(stars, mos);
  const std::vector<int> mos_quintile = sorting::StarsByThreshold(mos, sorting::QuintileThresholds(mos));
  std::size_t exact_ml = 0;
  int count_ml[6] = {};
  for (std::size_t i = 0; i < n; ++i) exact_ml += stars_ml[i] == mos_quintile[i], ++count_ml[stars_ml[i]];
  const auto [lo, hi] = std::minmax_element(score_ml.begin(), score_ml.end());
  std::printf("  with the likelihood sigma instead: Pearson %.3f, Spearman %.3f, scores %.0f..%.0f, stars = MOS quintile "
              "%.1f%%, stars 1-5: %d %d %d %d %d\n",
              Pearson(score_ml, mos), sorting::SpearmanCorrelation(score_ml, mos), *lo, *hi,
              100.0 * double(exact_ml) / double(n), count_ml[1], count_ml[2], count_ml[3], count_ml[4], count_ml[5]);
}

// The blurred set: Gaussian blur sigma 6 px, saved as JPEG quality 40.
std::vector<fs::path> MakeBlurredSet(const std::vector<fs::path>& kodak, const fs::path& folder) {
  fs::create_directories(folder);
  std::vector<fs::path> out;
  for (std::size_t i = 0; i < 6 && i < kodak.size(); ++i) {
    cv::Mat photo = cv::imread(kodak[i].string(), cv::IMREAD_COLOR), blurred;
    cv::GaussianBlur(photo, blurred, cv::Size(0, 0), 6.0);
    out.push_back(folder / ("b" + std::to_string(i + 1) + ".jpg"));
    cv::imwrite(out.back().string(), blurred, {cv::IMWRITE_JPEG_QUALITY, 40});
  }
  return out;
}

void Kodak(const engine::Comparator& judge, const engine::JudgeAnchors& anchors, const fs::path& kodak_dir,
           double weight) {
  std::vector<fs::path> kodak = engine::FindImages({kodak_dir}, false).files;
  std::sort(kodak.begin(), kodak.end());
  const fs::path blurred_dir = fs::temp_directory_path() / "versus-bench-anchors-blurred";
  for (const auto& [name, files] : {std::pair{"pristine Kodak", kodak}, {"blurred Kodak", MakeBlurredSet(kodak, blurred_dir)}}) {
    engine::ProfileOptions options;
    options.comparator = &judge;
    const engine::ProfileSet set = engine::ProfileAll(files, options);
    const engine::RankerReport ranked = Score(judge, set.images, anchors, weight);
    const sorting::Scores& s = ranked.scores;
    const std::vector<int>& stars = ranked.stars;
    int count[6] = {};
    for (int st : stars) ++count[st];
    const auto [lo, hi] = std::minmax_element(s.score.begin(), s.score.end());
    std::printf("  %-15s (%2zu): score %.1f..%.1f; stars 1:%d 2:%d 3:%d 4:%d 5:%d\n", name, stars.size(), *lo, *hi,
                count[1], count[2], count[3], count[4], count[5]);
  }
  fs::remove_all(blurred_dir);
}

// Photos no judge was fitted on (another human study, its own MOS scale): the shipped
// anchors' scores against that study's MOS, and stars against its MOS quintiles.
void Holdout(const engine::Comparator& judge, const engine::JudgeAnchors& anchors, const fs::path& folder,
             std::size_t every, double weight) {
  const auto set = training::ProfileHumanScored(folder, judge, 0, "build/anchors-cache/" + anchors.judge + "-" +
                                                                      folder.filename().string() + "-every" +
                                                                      std::to_string(every) + ".json",
                                                every);
  std::vector<engine::ImageProfile> images;
  std::vector<double> mos;
  for (const auto& a : set.anchors) images.push_back(a.profile), mos.push_back(a.mos);
  const engine::RankerReport ranked = Score(judge, images, anchors, weight);
  const sorting::Scores& s = ranked.scores;
  const std::vector<int>& stars = ranked.stars;
  std::printf("  held-out study %s (every %zu-th photo, %zu photos, never trained on): Pearson %.3f, Spearman %.3f\n",
              folder.string().c_str(), every, images.size(), Pearson(s.score, mos),
              sorting::SpearmanCorrelation(s.score, mos));
  PrintStarTable(stars, mos);
}

// What `versus rank` costs for 2,000 photos (clive-dev's profiles repeated), one thread:
// the Ranker without anchors (the design before issue 19), anchors only, and anchors
// plus pairs of images at `weight`; judged pairs and wall seconds of judging and fits.
void Cost(const engine::Comparator& judge, const engine::JudgeAnchors& scored, const engine::JudgeAnchors& anchors,
          double weight) {
  constexpr std::size_t n = 2000;
  std::vector<engine::ImageProfile> images;
  for (std::size_t i = 0; i < n; ++i) images.push_back(scored.anchors[i % scored.anchors.size()].profile);
  auto start = Clock::now();
  engine::RankerReport report;
  engine::Rank(engine::RankerOptions{}, n, engine::ComparatorJudge(judge, images), &report);
  std::printf("  2,000 photos, one thread: Ranker without anchors: %7zu pairs, %.2f s\n",
              report.judged.comparisons.size(), Seconds(start));
  for (double w : {0.0, weight}) {
    start = Clock::now();
    report = Score(judge, images, anchors, w, 1);
    std::printf("  2,000 photos, one thread: anchors (%zu) %s: %7zu pairs, %.2f s\n", anchors.anchors.size(),
                w == 0 ? "only            " : ("+ mutual pairs, w " + std::to_string(w).substr(0, 4)).c_str(),
                report.judged.comparisons.size(), Seconds(start));
    if (w == weight) break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> judges = {"features", "learned"};
  std::string clive = "../shared/data/mos/clive-dev", kodak = "../shared/data/photos/kodak24";
  std::string holdout = "../shared/data/mos/biq2021-train";
  std::size_t holdout_every = 5;
  std::uint64_t seed = 1;
  std::size_t count = 12;
  std::vector<double> weights = {engine::kDefaultMutualWeight};
  po::options_description desc(
      "versus-bench-anchors: scores on the human scale, cross-validated, on Kodak, and their cost\n\n"
      "example: build/bin/versus-bench-anchors --judge features learned\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("judge", po::value(&judges)->multitoken()->default_value(judges, "features learned"), "judges to check")
      ("mos", po::value(&clive)->default_value(clive), "human-scored photos (mos.csv, images/)")
      ("kodak", po::value(&kodak)->default_value(kodak), "pristine photos")
      ("holdout", po::value(&holdout)->default_value(holdout), "human-scored photos no judge was fitted on ('' = skip)")
      ("holdout-every", po::value(&holdout_every)->default_value(holdout_every), "use every N-th of them")
      ("count", po::value(&count)->default_value(count), "anchors per fold")
      ("mutual-weight", po::value(&weights)->multitoken()->default_value(weights, "0.5"),
       "weights of image-vs-image pairs to evaluate (0 = anchors only; engine::HumanScaleOptions)")
      ("seed", po::value(&seed)->default_value(seed), "seed for the folds and the anchor draw");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "versus-bench-anchors: %s\n", e.what());
    return 1;
  }
  if (vm.count("help")) { std::cout << desc << "\n"; return 0; }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are computed
  try {
    for (const std::string& name : judges) {
      const auto judge = engine::MakeComparator(name);
      const auto scored = training::ProfileHumanScored(clive, *judge, 0, "build/anchors-cache/" + name + ".json");
      std::printf("judge %s: 5-fold cross-validation by photo on %s (%zu anchors per fold, seed %llu)\n", name.c_str(),
                  clive.c_str(), count, static_cast<unsigned long long>(seed));
      for (double w : weights) {
        std::printf(" mutual weight %g:\n", w);
        CrossValidate(scored, *judge, count, seed, w);
      }
      const auto shipped = engine::LoadAnchors(name);
      if (!shipped) {
        std::printf("  no shipped anchors for %s: Kodak and cost skipped\n", name.c_str());
        continue;
      }
      for (double w : weights) {
        std::printf("judge %s, shipped anchors (%zu), mutual weight %g:\n", name.c_str(), shipped->anchors.size(), w);
        Kodak(*judge, *shipped, kodak, w);
        if (!holdout.empty()) Holdout(*judge, *shipped, holdout, holdout_every, w);
      }
      bench::ThreeFolders(*judge, *shipped, kodak, weights);
      Cost(*judge, scored, *shipped, weights.back());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "versus-bench-anchors: %s\n", e.what());
    return 3;
  }
}
