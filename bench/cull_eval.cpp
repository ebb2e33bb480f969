// versus-bench-cull: how well `versus cull` groups and picks keepers, and what it costs.
//
//  1. A real shoot (../shared/data/bursts/horses-dev): pairwise precision/recall/F1 of
//     the groups against bursts.csv, and the largest group.
//  2. Grouping precision/recall (pairwise) on ../shared/data/neardup against groups.csv.
//  3. Synthetic bursts from Kodak photos: each burst is one sharp frame and several
//     blurred / noisy / motion-blurred frames, every frame shifted by a few pixels.
//     All bursts are grouped together (grouping P/R again), then the keeper of each true
//     burst is checked against the sharp frame.
//  4. Time of `versus cull` against `versus rank` on one folder of 24 MP JPEGs (made from
//     Kodak photos), both run by this program with the default judge.
// Seeded (--seed), so a run is reproducible; `--pairs` also prints hash distances of
// every same-group pair and the closest different-group pairs (for tuning).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "versus/engine.hpp"

namespace {

namespace fs = std::filesystem;
using versus::engine::ImageProfile;

struct Args {
  fs::path data = fs::path(VERSUS_SHARED_DIR) / "data";
  unsigned seed = 1;
  int photos = 24;
  int degraded_frames = 5;
  int timing_photos = 8;
  bool pairs = false;
  fs::path versus_binary;
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
    else if (flag == "--span") a.grouping.max_span_seconds = std::atof(value), ++i;
    else if (flag == "--burst-threshold") a.grouping.burst_threshold = std::atof(value), ++i;
    else if (flag == "--retake-gap") a.grouping.retake_gap_seconds = std::atof(value), ++i;
    else if (flag == "--retake-threshold") a.grouping.retake_threshold = std::atof(value), ++i;
    else if (flag == "--timing") a.timing_photos = std::max(0, std::atoi(value)), ++i;
    else if (flag == "--pairs") a.pairs = true;
    else {
      std::fprintf(stderr, "usage: versus-bench-cull [--data DIR] [--seed N] [--photos N] [--frames N] "
                           "[--threshold T] [--gap S] [--span S] [--burst-threshold B] [--retake-gap S] "
                           "[--retake-threshold R] [--timing N (24 MP photos; 0 = skip)] [--pairs]\n");
      std::exit(1);
    }
  }
  a.versus_binary = fs::path(argv[0]).parent_path() / "versus";
  return a;
}

struct PairCounts {
  std::size_t true_pairs = 0, predicted_pairs = 0, both = 0;
  double Precision() const { return predicted_pairs ? double(both) / predicted_pairs : 1.0; }
  double Recall() const { return true_pairs ? double(both) / true_pairs : 1.0; }
  double F1() const { return Precision() + Recall() > 0 ? 2 * Precision() * Recall() / (Precision() + Recall()) : 0; }
  std::string Text() const {
    char text[160];
    std::snprintf(text, sizeof text, "precision %.3f (%zu/%zu), recall %.3f (%zu/%zu), F1 %.3f", Precision(), both,
                  predicted_pairs, Recall(), both, true_pairs, F1());
    return text;
  }
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

std::vector<std::optional<double>> TimesOf(const std::vector<versus::engine::Shot>& shots) {
  std::vector<std::optional<double>> times;
  for (const auto& shot : shots) times.push_back(shot.seconds);
  return times;
}

// Groups as index lists, and how many groups of each kind, as `versus cull` forms them.
struct Grouping {
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> by_kind;
  std::size_t largest = 0;
};

Grouping GroupAsCull(const std::vector<versus::engine::Shot>& shots, const versus::engine::GroupingOptions& options) {
  Grouping result;
  for (const auto& group : GroupShots(shots, options)) {
    result.groups.push_back(group.members);
    if (group.members.size() > 1) ++result.by_kind[GroupKindName(group.how)];
    result.largest = std::max(result.largest, group.members.size());
  }
  return result;
}

std::string KindsText(const Grouping& g) {
  std::string text;
  for (const auto& [kind, count] : g.by_kind) text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
  return text.empty() ? "none" : text;
}

versus::engine::ProfileSet HashAll(const std::vector<fs::path>& folders) {
  const auto found = versus::engine::FindImages(folders, false);
  versus::engine::ProfileOptions options;
  options.perceptual_hash = true;
  return versus::engine::ProfileAll(found.files, options);
}

// Quantiles of `values` (sorted here): "min 0.06, 10% 0.43, median 0.72, 90% 0.94".
std::string Quantiles(std::vector<double> values) {
  if (values.empty()) return "none";
  std::sort(values.begin(), values.end());
  auto at = [&](double q) { return values[std::size_t(q * double(values.size() - 1))]; };
  char text[160];
  std::snprintf(text, sizeof text, "min %.2f, 10%% %.2f, median %.2f, 90%% %.2f, max %.2f (n %zu)", at(0), at(0.1),
                at(0.5), at(0.9), at(1), values.size());
  return text;
}

// Why similarity cannot separate bursts: frames of one burst against frames of
// different bursts of the same body at most 5 s apart.
void PrintBurstSimilarities(const std::vector<versus::engine::Shot>& shots, const std::vector<std::string>& truth) {
  std::vector<double> same, near;
  for (std::size_t a = 0; a < shots.size(); ++a) {
    for (std::size_t b = a + 1; b < shots.size(); ++b) {
      if (shots[a].body != shots[b].body || !shots[a].seconds || !shots[b].seconds) continue;
      const double s = Similarity(shots[a].hash, shots[b].hash);
      if (truth[a] == truth[b]) same.push_back(s);
      else if (std::abs(*shots[a].seconds - *shots[b].seconds) <= 5.0) near.push_back(s);
    }
  }
  std::printf("  similarity within a burst: %s\n  different bursts <= 5 s apart: %s\n", Quantiles(same).c_str(),
              Quantiles(near).c_str());
}

// bursts.csv: image,burst_id,...; every frame of the folder is labelled.
void EvaluateRealShoot(const Args& args) {
  const fs::path root = args.data / "bursts" / "horses-dev";
  std::map<std::string, std::string> burst_of;
  std::ifstream csv(root / "bursts.csv");
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    const auto comma = line.find(','), second = line.find(',', comma + 1);
    burst_of[line.substr(0, comma)] = line.substr(comma + 1, second - comma - 1);
  }
  const auto set = HashAll({root / "images"});
  std::vector<std::string> truth;
  for (const auto& image : set.images) {
    const auto it = burst_of.find(fs::path(image.path).filename().string());
    truth.push_back(it != burst_of.end() ? it->second : image.path);
  }
  const auto start = std::chrono::steady_clock::now();
  const auto shots = versus::engine::ReadShots(set.images);
  const double metadata_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Grouping g = GroupAsCull(shots, args.grouping);
  std::size_t true_bursts = std::set<std::string>(truth.begin(), truth.end()).size();
  std::printf("horses-dev: %zu frames, %zu groups (%zu true bursts), largest %zu; %s; groups of 2+: %s; "
              "EXIF read in %.2f s\n",
              set.images.size(), g.groups.size(), true_bursts, g.largest, CountPairs(g.groups, truth).Text().c_str(),
              KindsText(g).c_str(), metadata_seconds);
  if (args.pairs) PrintBurstSimilarities(shots, truth);
}

void EvaluateNearDup(const Args& args) {
  const fs::path root = args.data / "neardup";
  // The labelled sets plus distinct distractors; formats_images/ and the nested copies
  // hold unlabelled duplicates, so they would count correct groups as errors.
  const auto set = HashAll({root / "sim-bench" / "ukbench", root / "sim-bench" / "holidays",
                            root / "imagededup" / "mixed_images", root / "imagededup" / "base_images"});
  const auto truth = NearDupTruth(root, set.images);
  const auto shots = versus::engine::ReadShots(set.images);
  const Grouping g = GroupAsCull(shots, args.grouping);
  std::printf("neardup: %zu images (%zu unreadable, reported), %zu groups; %s; groups of 2+: %s\n",
              set.images.size(), set.errors.size(), g.groups.size(), CountPairs(g.groups, truth).Text().c_str(),
              KindsText(g).c_str());
  if (args.pairs) PrintPairs(set.images, truth, TimesOf(shots));
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
  // No capture times: synthetic frames are grouped by similarity alone, as photos
  // without EXIF are.
  const PairCounts c = CountPairs(GroupNearDuplicates(hashes, {}, args.grouping), truth);
  std::printf("synthetic bursts: %zu bursts of %d frames, no capture times; %s\n", sharp_frame.size(),
              args.degraded_frames + 1, c.Text().c_str());

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

// Seconds `command` takes, its output thrown away; negative if it failed.
double SecondsToRun(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system((command + " > /dev/null 2>&1").c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return status == 0 ? seconds : -1.0;
}

// cull decodes and measures each photo once (the hash comes from the same working view
// as the judge's measures), then judges within groups; rank decodes once and judges
// pairs across the whole set. Both run here, back to back, on the same folder.
void TimeCullAgainstRank(const Args& args) {
  const fs::path folder = fs::temp_directory_path() / ("versus-bench-cull-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  for (int p = 1; p <= args.timing_photos; ++p) {
    char name[32];
    std::snprintf(name, sizeof name, "kodim%02d.png", (p - 1) % 24 + 1);
    cv::Mat photo = cv::imread((args.data / "photos" / "kodak24" / name).string()), big;
    if (photo.empty()) continue;
    cv::resize(photo, big, cv::Size(6000, 4000), 0, 0, cv::INTER_CUBIC);  // 24 MP, as a DSLR writes
    cv::imwrite((folder / ("photo_" + std::to_string(p) + ".jpg")).string(), big, {cv::IMWRITE_JPEG_QUALITY, 90});
  }
  const std::string target = " '" + folder.string() + "' --json";
  const double cull = SecondsToRun(args.versus_binary.string() + " cull" + target);
  const double rank = SecondsToRun(args.versus_binary.string() + " rank" + target);
  std::printf("timing: %d photos of 6000x4000 (24 MP JPEG q90), default judge: versus cull %.1f s, "
              "versus rank %.1f s (negative = failed)\n", args.timing_photos, cull, rank);
  fs::remove_all(folder);
}

int main(int argc, char** argv) {
  const Args args = Parse(argc, argv);
  const auto& o = args.grouping;
  std::printf("versus-bench-cull: seed %u, threshold %.2f, gap %.2f s, span %.0f s, burst threshold %.2f, "
              "retake gap %.0f s, retake threshold %.2f, judge %s\n",
              args.seed, o.threshold, o.gap_seconds, o.max_span_seconds, o.burst_threshold, o.retake_gap_seconds,
              o.retake_threshold, std::string(versus::engine::DefaultComparatorName()).c_str());
  EvaluateRealShoot(args);
  EvaluateNearDup(args);
  if (args.photos > 0) {
    const auto judge = versus::engine::MakeComparator(versus::engine::DefaultComparatorName());
    EvaluateBursts(args, *judge);
  }
  if (args.timing_photos > 0) TimeCullAgainstRank(args);
  return 0;
}
