// versus-bench-faces: how well versus reads faces and eyes, and what it costs.
//   eyes     per-face AUC of lid openness on ../shared/data/eyes (596 closed, 600 open
//            crops), closed eyes caught at <= 1% of open eyes flagged; the threshold is
//            chosen on one half (by file-name hash) and reported on the other
//   photos   faces found in the Kodak and clive-dev photos (a list)
//   keepers  pairs of one open-eye and one closed-eye face of similar sharpness: how
//            often the judge keeps the open one
//   speed    24 MP JPEGs: extra time per photo without faces, and per face
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "large_jpegs.hpp"
#include "versus/engine.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace engine = versus::engine;
using Clock = std::chrono::steady_clock;

const fs::path kShared = VERSUS_SHARED_DIR;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// FNV-1a of the file name: a fixed half of the set for choosing, the other for reporting.
bool HeldOut(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return (h >> 7) & 1u;
}

struct EyeSample {
  std::string image;
  bool closed = false;
  bool held_out = false;
  bool detected = false;  // YuNet found the face (else read at the crop's own box)
  engine::Face face;
};

// A tight crop has little around the face for the detector: pad it by half its size
// on each side with grey, and take the face nearest the middle; if none is found, read
// the eyes at the crop's own box, eyes where an aligned face has them.
EyeSample ReadCrop(const engine::FaceFinder& finder, const fs::path& file, bool closed) {
  EyeSample s{file.filename().string(), closed, HeldOut(file.filename().string()), false, {}};
  const cv::Mat crop = cv::imread(file.string(), cv::IMREAD_COLOR);
  const int px = crop.cols / 2, py = crop.rows / 2;
  cv::Mat padded;
  cv::copyMakeBorder(crop, padded, py, py, px, px, cv::BORDER_CONSTANT, cv::Scalar::all(128));
  const std::vector<engine::Face> faces = finder.Find(engine::FromPixels(padded));
  double best = 1e9;
  for (const engine::Face& f : faces) {
    const double dx = f.box.x + f.box.width / 2 - 0.5, dy = f.box.y + f.box.height / 2 - 0.5;
    if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, s.face = f, s.detected = true;
  }
  if (!s.detected) {
    const cv::Rect2f box(px, py, crop.cols, crop.rows);
    s.face = finder.ReadEyes(padded, box, {px + 0.3f * crop.cols, py + 0.4f * crop.rows},
                             {px + 0.7f * crop.cols, py + 0.4f * crop.rows});
  }
  return s;
}

std::vector<EyeSample> ReadEyesSet(const engine::FaceFinder& finder) {
  const fs::path dir = kShared / "data" / "eyes";
  std::ifstream labels(dir / "labels.csv");
  std::string line;
  std::getline(labels, line);  // header
  std::vector<std::pair<fs::path, bool>> items;
  while (std::getline(labels, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the file has CRLF line ends
    const auto comma = line.find(',');
    items.push_back({dir / line.substr(0, comma), line.substr(comma + 1) == "closed"});
  }
  std::vector<EyeSample> samples(items.size());
  engine::ParallelFor(items.size(), 0, [&](std::size_t i) { samples[i] = ReadCrop(finder, items[i].first, items[i].second); });
  return samples;
}

// AUC of "closed" by low openness (Mann-Whitney: P(closed reads lower than open), ties half).
double Auc(const std::vector<double>& closed, const std::vector<double>& open) {
  double wins = 0;
  for (double c : closed)
    for (double o : open) wins += c < o ? 1.0 : c == o ? 0.5 : 0.0;
  return wins / (double(closed.size()) * double(open.size()));
}

// Openness of the closed (or open) faces of one half (-1: both); `judged`: only the faces
// versus judges (not "can't tell": the threshold applies to those alone).
std::vector<double> Openness(const std::vector<EyeSample>& s, bool closed, int half, bool judged = false) {
  std::vector<double> out;
  for (const EyeSample& e : s) {
    if (e.closed != closed || (half >= 0 && e.held_out != bool(half))) continue;
    if (judged && e.face.eyes == engine::EyeState::kUnknown) continue;
    out.push_back(std::isnan(e.face.openness) ? 0.0 : e.face.openness);  // unread counts against us
  }
  return out;
}

double Fraction(const std::vector<double>& v, double below) {
  return double(std::count_if(v.begin(), v.end(), [&](double x) { return x < below; })) / double(v.size());
}

int RunEyes(const engine::FaceFinder& finder, const std::string& dump) {
  const std::vector<EyeSample> samples = ReadEyesSet(finder);
  if (!dump.empty()) {
    std::ofstream out(dump);
    out << "image,eyes,held_out,detected,openness,eye_sharpness,eye_focus,state,why\n";
    for (const EyeSample& s : samples) {
      out << s.image << ',' << (s.closed ? "closed" : "open") << ',' << s.held_out << ',' << s.detected << ','
          << s.face.openness << ',' << s.face.eye_sharpness << ',' << s.face.eye_focus << ','
          << engine::EyeStateName(s.face.eyes) << ',' << s.face.unknown_why << '\n';
    }
  }
  // The openness threshold: the largest that flags at most 1% of the choosing half's open
  // eyes; first over every face (the per-face AUC), then over the faces versus judges.
  for (bool judged : {false, true}) {
    std::vector<double> open_choose = Openness(samples, false, 0, judged);
    std::sort(open_choose.begin(), open_choose.end());
    const double threshold = open_choose[std::size_t(0.01 * double(open_choose.size()))];
    std::printf("%s\n", judged ? "faces versus judges (not \"can't tell\"):" : "every face:");
    for (int half : {0, 1, -1}) {
      const auto closed = Openness(samples, true, half, judged), open = Openness(samples, false, half, judged);
      auto own = open;
      std::sort(own.begin(), own.end());
      const double own_threshold = own[std::size_t(0.01 * double(own.size()))];
      std::printf("  %-16s closed %3zu open %3zu  AUC %.4f  at openness < %.3f: closed caught %.1f%%, open flagged "
                  "%.1f%%; at its own 1%% threshold (%.3f) caught %.1f%%\n",
                  half == 0 ? "choosing half" : half == 1 ? "held-out half" : "all", closed.size(), open.size(),
                  Auc(closed, open), threshold, 100 * Fraction(closed, threshold), 100 * Fraction(open, threshold),
                  own_threshold, 100 * Fraction(closed, own_threshold));
    }
  }
  // What versus says (open / closed / can't tell), held-out half.
  std::map<std::string, int> said[2];
  int detected[2] = {0, 0}, total[2] = {0, 0};
  for (const EyeSample& s : samples) {
    if (!s.held_out) continue;
    ++said[s.closed][std::string(engine::EyeStateName(s.face.eyes))];
    detected[s.closed] += s.detected;
    ++total[s.closed];
  }
  for (int c : {1, 0}) {
    std::printf("held-out %-6s faces %3d (detector found %3d): closed %3d (%.1f%%), open %3d, can't tell %3d\n",
                c ? "closed" : "open", total[c], detected[c], said[c]["closed"], 100.0 * said[c]["closed"] / total[c],
                said[c]["open"], said[c]["can't tell"]);
  }
  return 0;
}

int RunPhotos(const engine::FaceFinder& finder) {
  std::vector<fs::path> files;
  for (const fs::path& dir : {kShared / "data/photos/kodak24", kShared / "data/mos/clive-dev/images"}) {
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(dir)) found.push_back(e.path());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  engine::ProfileOptions options;
  options.faces = &finder;
  const engine::ProfileSet set = engine::ProfileAll(files, options);
  int with_faces = 0, faces = 0, closed = 0;
  for (const engine::ImageProfile& p : set.images) {
    if (p.faces.empty()) continue;
    ++with_faces, faces += int(p.faces.size()), closed += engine::ClosedEyeCount(p.faces);
    std::printf("%s: %zu face(s):", fs::path(p.path).filename().c_str(), p.faces.size());
    for (const engine::Face& f : p.faces) {
      std::printf(" [%.0f%% wide, %s%s%s, openness %.2f]", 100 * f.box.width, std::string(engine::EyeStateName(f.eyes)).c_str(),
                  f.unknown_why.empty() ? "" : ": ", f.unknown_why.c_str(), f.openness);
    }
    std::printf("\n");
  }
  std::printf("%zu photos read (%zu errors): %d with faces, %d faces, %d with eyes closed\n", set.images.size(),
              set.errors.size(), with_faces, faces, closed);
  return 0;
}

// Pairs of one closed-eye and one open-eye crop (held-out half), each resized to 256 px
// high, matched by the `sharpness` measure (within 0.1 log10); the judge keeps the
// better of each pair.
int RunKeepers(const engine::FaceFinder& finder, const std::string& judge_name) {
  const auto judge = engine::MakeComparator(judge_name, {});
  const fs::path dir = kShared / "data" / "eyes";
  std::vector<engine::ImageProfile> closed, open;
  for (const char* kind : {"closed", "open"}) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / kind)) {
      if (HeldOut(e.path().filename().string())) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<engine::ImageProfile> profiles(files.size());
    engine::ParallelFor(files.size(), 0, [&](std::size_t i) {
      cv::Mat crop = cv::imread(files[i].string(), cv::IMREAD_COLOR), sized;
      cv::resize(crop, sized, cv::Size(), 256.0 / crop.rows, 256.0 / crop.rows, cv::INTER_AREA);
      profiles[i] = engine::Profile(engine::FromPixels(sized), files[i].string(), judge.get(), false, &finder);
    });
    (std::string(kind) == "closed" ? closed : open) = std::move(profiles);
  }
  const std::size_t sharpness = engine::MeasureIndex("sharpness");
  std::vector<bool> used(open.size(), false);
  int pairs = 0, kept_open = 0, kept_open_without_faces = 0;
  for (const engine::ImageProfile& c : closed) {
    std::size_t best = open.size();
    double gap = 0.1;
    for (std::size_t j = 0; j < open.size(); ++j) {
      const double d = std::abs(open[j].measures[sharpness] - c.measures[sharpness]);
      if (!used[j] && d < gap) gap = d, best = j;
    }
    if (best == open.size()) continue;
    used[best] = true;
    ++pairs;
    kept_open += judge->Compare(open[best], c).p_a_better > 0.5;
    engine::ImageProfile o = open[best], b = c;
    o.faces.clear(), b.faces.clear();
    kept_open_without_faces += judge->Compare(o, b).p_a_better > 0.5;
  }
  std::printf("judge %s: %d pairs (held-out half, sharpness within 0.1 log10): open-eye face kept in %d (%.1f%%); "
              "without the face terms %d (%.1f%%)\n",
              judge_name.c_str(), pairs, kept_open, 100.0 * kept_open / pairs, kept_open_without_faces,
              100.0 * kept_open_without_faces / pairs);
  return 0;
}

// Profile time with and without faces, one thread, best of `runs` per photo.
int RunSpeed(const engine::FaceFinder& finder, const fs::path& dir, int runs) {
  const fs::path kodak = kShared / "data/photos/kodak24";
  std::vector<fs::path> files = versus::bench::MakeLargeJpegs(kodak, dir, 24, 6000, 4000);
  for (int i : {4, 15, 18}) {  // the Kodak photos with faces, upright
    char name[32];
    std::snprintf(name, sizeof name, "upright%02d.jpg", i);
    files.push_back(versus::bench::MakeLargeJpeg(kodak, i, dir / name, 6000, 4000, false));
  }
  double plain_total = 0, extra_no_face = 0, extra_faces = 0;
  int no_face = 0, faces = 0;
  std::vector<std::pair<double, std::size_t>> with_faces;  // extra s, faces
  for (const fs::path& f : files) {
    double plain = 1e9, with = 1e9;
    std::size_t found = 0;
    for (int r = 0; r < runs; ++r) {
      auto start = Clock::now();
      engine::Profile(f);
      plain = std::min(plain, Seconds(start));
      start = Clock::now();
      found = engine::Profile(f, {}, nullptr, false, &finder).faces.size();
      with = std::min(with, Seconds(start));
    }
    plain_total += plain;
    if (found == 0) {
      extra_no_face += with - plain, ++no_face;
    } else {
      with_faces.push_back({with - plain, found});
    }
    std::printf("  %s: decode + measure %.3f s, with faces %.3f s, %zu face(s)\n", f.filename().c_str(), plain, with, found);
  }
  const double per_photo = no_face ? extra_no_face / no_face : 0.0;
  for (const auto& [extra, n] : with_faces) extra_faces += extra - per_photo, faces += int(n);
  std::printf("%zu JPEGs 6000x4000 q90, 1 thread, best of %d: decode + measure %.3f s/photo; faces add %.1f ms per "
              "photo without faces (%d photos), %.1f ms per face (%d faces in %zu photos)\n",
              files.size(), runs, plain_total / files.size(), 1000 * per_photo, no_face,
              faces ? 1000 * extra_faces / faces : 0.0, faces, with_faces.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode, dump, judge = "features", dir = "/tmp/versus-bench-large", models;
  int runs = 2;
  po::options_description desc(
      "versus-bench-faces MODE: eyes | photos | keepers | speed\n\n"
      "example: build/bin/versus-bench-faces eyes\n\noptions");
  desc.add_options()("help,h", "show this help")("mode", po::value(&mode), "eyes | photos | keepers | speed")
      ("dump", po::value(&dump), "eyes: write every face's numbers to this CSV")
      ("judge", po::value(&judge)->default_value(judge), "keepers: the judge")
      ("dir", po::value(&dir)->default_value(dir), "speed: where the large JPEGs are made (reused if present)")
      ("runs", po::value(&runs)->default_value(runs), "speed: timed runs per photo (the fastest counts)")
      ("models", po::value(&models), "model folder (default: the installed one)");
  po::positional_options_description positional;
  positional.add("mode", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(desc).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help") || mode.empty()) {
    std::cout << desc << "\n";
    return mode.empty() && !vm.count("help");
  }
  engine::EnsureVipsStarted();
  const engine::FaceFinder finder(models.empty() ? engine::ModelDirectory() : fs::path(models));
  if (mode == "eyes") return RunEyes(finder, dump);
  if (mode == "photos") return RunPhotos(finder);
  if (mode == "keepers") return RunKeepers(finder, judge);
  if (mode == "speed") return RunSpeed(finder, dir, runs);
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 1;
}
