// versus-bench-cull: how well `versus cull` groups and picks keepers.
//
//  1. Grouping precision/recall (pairwise) on ../shared/data/neardup against groups.csv.
//  2. Synthetic bursts from Kodak photos: each burst is one sharp frame and several
//     blurred / noisy / motion-blurred frames, every frame shifted by a few pixels.
//     All bursts are grouped together (grouping P/R again), then the keeper of each true
//     burst is checked against the sharp frame.
// Seeded (--seed), so a run is reproducible; `--pairs` also prints hash distances of
// every same-group pair and the closest different-group pairs (for tuning).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "versus/engine.hpp"

namespace {

namespace fs = std::filesystem;
using versus::engine::ImageProfile;

struct Args {
  fs::path data = fs::path(VERSUS_SHARED_DIR) / "data";
  unsigned seed = 1;
  int photos = 24;
  int degraded_frames = 5;
  bool pairs = false;
  versus::engine::GroupingOptions grouping;
};

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : "";
    if (flag == "--data") a.data = value, ++i;
    else if (flag == "--seed") a.seed = unsigned(std::atoi(value)), ++i;
    else if (flag == "--photos") a.photos = std::clamp(std::atoi(value), 0, 24), ++i;
    else if (flag == "--frames") a.degraded_frames = std::max(1, std::atoi(value)), ++i;
    else if (flag == "--threshold") a.grouping.threshold = std::atof(value), ++i;
    else if (flag == "--gap") a.grouping.gap_seconds = std::atof(value), ++i;
    else if (flag == "--burst-threshold") a.grouping.burst_threshold = std::atof(value), ++i;
    else if (flag == "--pairs") a.pairs = true;
    else {
      std::fprintf(stderr, "usage: versus-bench-cull [--data DIR] [--seed N] [--photos N] [--frames N] "
                           "[--threshold T] [--gap S] [--burst-threshold B] [--pairs]\n");
      std::exit(1);
    }
  }
  return a;
}

struct PairCounts {
  std::size_t true_pairs = 0, predicted_pairs = 0, both = 0;
  double Precision() const { return predicted_pairs ? double(both) / predicted_pairs : 1.0; }
  double Recall() const { return true_pairs ? double(both) / true_pairs : 1.0; }
};

// Pairwise agreement of predicted groups with true labels (one label per item).
PairCounts CountPairs(const std::vector<std::vector<std::size_t>>& groups, const std::vector<std::string>& truth) {
  std::vector<std::size_t> predicted(truth.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::size_t i : groups[g]) predicted[i] = g;
  }
  PairCounts c;
  for (std::size_t a = 0; a < truth.size(); ++a) {
    for (std::size_t b = a + 1; b < truth.size(); ++b) {
      const bool same_truth = truth[a] == truth[b], same_group = predicted[a] == predicted[b];
      c.true_pairs += same_truth;
      c.predicted_pairs += same_group;
      c.both += same_truth && same_group;
    }
  }
  return c;
}

void PrintPairs(const std::vector<ImageProfile>& images, const std::vector<std::string>& truth,
                const std::vector<std::optional<double>>& times) {
  struct Row { double similarity; int bits; double colour; bool same; std::size_t a, b; };
  auto seconds_apart = [&](std::size_t a, std::size_t b) {
    return times[a] && times[b] ? std::abs(*times[a] - *times[b]) : -1.0;
  };
  std::vector<Row> rows;
  for (std::size_t a = 0; a < images.size(); ++a) {
    for (std::size_t b = a + 1; b < images.size(); ++b) {
      const auto &ha = images[a].hash, &hb = images[b].hash;
      rows.push_back({Similarity(ha, hb), DctDistance(ha, hb), ColourMomentDistance(ha, hb), truth[a] == truth[b], a, b});
    }
  }
  std::sort(rows.begin(), rows.end(), [](auto& x, auto& y) { return x.similarity > y.similarity; });
  std::size_t different_shown = 0;
  for (const Row& r : rows) {
    if (!r.same && ++different_shown > 10) continue;
    std::printf("  %s sim %.3f  dct %2d bits  colour %6.2f  %6.0f s apart  %s | %s\n", r.same ? "SAME" : "diff",
                r.similarity, r.bits, r.colour, seconds_apart(r.a, r.b), fs::path(images[r.a].path).filename().c_str(), fs::path(images[r.b].path).filename().c_str());
  }
}

// groups.csv labels; a file byte-identical to a labelled one shares its label (the
// imagededup tree repeats some originals in other folders); the rest are singletons.
std::vector<std::string> NearDupTruth(const fs::path& root, const std::vector<ImageProfile>& images) {
  std::map<std::string, std::string> label_by_bytes, label_by_path;
  std::ifstream csv(root / "groups.csv");
  std::string line;
  std::getline(csv, line);  // header: path,group,how
  auto bytes = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  while (std::getline(csv, line)) {
    const auto comma = line.find(','), second = line.find(',', comma + 1);
    const fs::path path = (root / line.substr(0, comma)).lexically_normal();
    const std::string label = line.substr(comma + 1, second - comma - 1);
    label_by_path[path.string()] = label;
    label_by_bytes[bytes(path)] = label;
  }
  std::vector<std::string> truth;
  for (const auto& image : images) {
    const std::string path = fs::path(image.path).lexically_normal().string();
    auto by_path = label_by_path.find(path);
    auto by_bytes = label_by_bytes.find(bytes(image.path));
    truth.push_back(by_path != label_by_path.end()    ? by_path->second
                    : by_bytes != label_by_bytes.end() ? by_bytes->second
                                                       : path);
  }
  return truth;
}

std::vector<std::optional<double>> CaptureTimes(const std::vector<ImageProfile>& images) {
  std::vector<std::optional<double>> times;
  for (const auto& image : images) times.push_back(versus::engine::CaptureTime(image.path));
  return times;
}

void EvaluateNearDup(const Args& args) {
  const fs::path root = args.data / "neardup";
  // The labelled sets plus distinct distractors; formats_images/ and the nested copies
  // hold unlabelled duplicates, so they would count correct groups as errors.
  const std::vector<fs::path> folders{root / "sim-bench" / "ukbench", root / "sim-bench" / "holidays",
                                      root / "imagededup" / "mixed_images", root / "imagededup" / "base_images"};
  const auto found = versus::engine::FindImages(folders, false);
  versus::engine::ProfileOptions options;
  options.perceptual_hash = true;
  auto set = versus::engine::ProfileAll(found.files, options);
  const auto truth = NearDupTruth(root, set.images);
  std::vector<versus::engine::PerceptualHash> hashes;
  for (const auto& image : set.images) hashes.push_back(image.hash);
  const auto times = CaptureTimes(set.images);
  const auto groups = GroupNearDuplicates(hashes, times, args.grouping);
  const PairCounts c = CountPairs(groups, truth);
  std::printf("neardup: %zu images (%zu unreadable, reported), %zu groups; pairwise precision %.3f (%zu/%zu), "
              "recall %.3f (%zu/%zu)\n",
              set.images.size(), set.errors.size(), groups.size(), c.Precision(), c.both, c.predicted_pairs,
              c.Recall(), c.both, c.true_pairs);
  if (args.pairs) PrintPairs(set.images, truth, times);
}

// One frame: the photo cropped at a small random offset, then maybe degraded.
cv::Mat Frame(const cv::Mat& photo, std::mt19937& rng, int degrade_kind, int level) {
  constexpr int kMargin = 12;  // camera shake of up to 12 px between frames
  std::uniform_int_distribution<int> shift(0, 2 * kMargin);
  const cv::Rect crop(shift(rng), shift(rng), photo.cols - 2 * kMargin, photo.rows - 2 * kMargin);
  const cv::Mat framed = photo(crop).clone();
  using versus::engine::Distortion;
  static const Distortion kKinds[] = {Distortion::kBlur, Distortion::kNoise, Distortion::kMotionBlur};
  if (degrade_kind < 0) return framed;
  return versus::engine::Distort(framed, kKinds[degrade_kind], level, unsigned(rng()));
}

void EvaluateBursts(const Args& args, const versus::engine::Comparator& judge) {
  std::mt19937 rng(args.seed);
  std::uniform_int_distribution<int> kind(0, 2), level(1, 2);
  std::vector<ImageProfile> frames;
  std::vector<std::string> truth;
  std::vector<std::size_t> sharp_frame;
  for (int p = 1; p <= args.photos; ++p) {
    char name[32];
    std::snprintf(name, sizeof name, "kodim%02d.png", p);
    const cv::Mat photo = cv::imread((args.data / "photos" / "kodak24" / name).string());
    if (photo.empty()) continue;
    // The sharp frame sits at a random place in the burst, as in real shooting.
    const int sharp_at = std::uniform_int_distribution<int>(0, args.degraded_frames)(rng);
    for (int f = 0; f <= args.degraded_frames; ++f) {
      const bool sharp = f == sharp_at;
      const int degrade = sharp ? -1 : kind(rng), strength = level(rng);
      const cv::Mat pixels = Frame(photo, rng, degrade, strength);
      static const char* kNames[] = {"blur", "noise", "motion_blur"};
      const std::string label = std::string(name) + "#" + std::to_string(f) + " " +
                                (sharp ? std::string("sharp") : kNames[degrade] + std::to_string(strength));
      if (sharp) sharp_frame.push_back(frames.size());
      frames.push_back(Profile(versus::engine::FromPixels(pixels), label, &judge, true));
      truth.push_back(name);
    }
  }
  std::vector<versus::engine::PerceptualHash> hashes;
  for (const auto& f : frames) hashes.push_back(f.hash);
  const PairCounts c = CountPairs(GroupNearDuplicates(hashes, {}, args.grouping), truth);
  std::printf("bursts: %zu bursts of %d frames; grouping precision %.3f, recall %.3f\n", sharp_frame.size(),
              args.degraded_frames + 1, c.Precision(), c.Recall());

  std::size_t right = 0;
  const std::size_t per_burst = std::size_t(args.degraded_frames) + 1;
  for (std::size_t b = 0; b < sharp_frame.size(); ++b) {
    std::vector<const ImageProfile*> members;
    for (std::size_t f = 0; f < per_burst; ++f) members.push_back(&frames[b * per_burst + f]);
    const auto order = OrderGroup(judge, members);
    const bool ok = b * per_burst + order.order[0] == sharp_frame[b];
    right += ok;
    if (!ok) std::printf("  wrong keeper: %s (sharp frame %s)\n", members[order.order[0]]->path.c_str(), frames[sharp_frame[b]].path.c_str());
  }
  std::printf("bursts: keeper is the sharp frame in %zu of %zu bursts (%.3f)\n", right, sharp_frame.size(),
              sharp_frame.empty() ? 0.0 : double(right) / sharp_frame.size());
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = Parse(argc, argv);
  std::printf("versus-bench-cull: seed %u, threshold %.2f, gap %.0f s, burst threshold %.2f\n", args.seed,
              args.grouping.threshold, args.grouping.gap_seconds, args.grouping.burst_threshold);
  EvaluateNearDup(args);
  if (args.photos == 0) return 0;
  const auto judge = versus::engine::MakeComparator(versus::engine::DefaultComparatorName());
  EvaluateBursts(args, *judge);
  return 0;
}
