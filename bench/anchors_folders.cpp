// The three-folder figures (anchors_folders.hpp).
#include "anchors_folders.hpp"

#include "three_folders_photos.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "versus/engine.hpp"

namespace versus::bench {
namespace {

namespace fs = std::filesystem;

engine::RankerReport RankFolder(const engine::Comparator& judge, const engine::JudgeAnchors& anchors,
                                const std::vector<engine::ImageProfile>& images, double weight) {
  engine::HumanScaleOptions options;
  options.mutual_weight = weight;
  options.identical_items = engine::IdenticalImages(images);
  engine::RankerReport report;
  engine::RankOnHumanScale(options, judge, images, anchors, &report);
  return report;
}

}  // namespace

void ThreeFolders(const engine::Comparator& judge, const engine::JudgeAnchors& anchors, const fs::path& kodak_dir,
                  const std::vector<double>& weights) {
  const fs::path root = fs::temp_directory_path() / ("versus-bench-anchors-folders-" + std::string(judge.name()));
  fs::remove_all(root);
  engine::ProfileOptions profile;
  profile.comparator = &judge;
  // The twenty are written once; the photos of each folder are profiled once.
  const std::vector<engine::ImageProfile> twenty =
      engine::ProfileAll(WriteTheTwenty(kodak_dir, root / "twenty"), profile).images;
  std::vector<std::vector<engine::ImageProfile>> folders = {twenty, twenty, twenty};
  for (int f = 1; f <= 2; ++f) {
    const auto others = engine::ProfileAll(WriteOthers(kodak_dir, root / ("others" + std::to_string(f)), f == 2), profile);
    folders[f].insert(folders[f].end(), others.images.begin(), others.images.end());
  }
  fs::remove_all(root);
  std::printf("  the test's 20 photos alone, among 100 pristine, among 100 degraded (%zu anchors):\n",
              anchors.anchors.size());
  for (double w : weights) {
    std::vector<engine::RankerReport> ranked;
    for (const auto& images : folders) ranked.push_back(RankFolder(judge, anchors, images, w));
    double largest = 0, sum = 0;
    int star_changes = 0, apart = 0;
    for (std::size_t f = 1; f <= 2; ++f) {
      for (std::size_t i = 0; i < twenty.size(); ++i) {
        const sorting::Scores &a = ranked[0].scores, &b = ranked[f].scores;
        const double d = std::abs(b.score[i] - a.score[i]);
        largest = std::max(largest, d), sum += d / double(2 * twenty.size());
        star_changes += ranked[f].stars[i] != ranked[0].stars[i];
        apart += b.ci_low[i] > a.ci_high[i] || a.ci_low[i] > b.ci_high[i];
      }
    }
    double width = 0;
    for (std::size_t i = 0; i < twenty.size(); ++i)
      width += (ranked[0].scores.ci_high[i] - ranked[0].scores.ci_low[i]) / double(twenty.size());
    std::printf("    weight %-5g: score shift mean %.2f, largest %.2f points; stars changed %d of 40; intervals "
                "apart %d of 40; mean interval width alone %.1f; judged pairs %zu / %zu / %zu\n",
                w, sum, largest, star_changes, apart, width, ranked[0].judged.comparisons.size(),
                ranked[1].judged.comparisons.size(), ranked[2].judged.comparisons.size());
  }
}

}  // namespace versus::bench
