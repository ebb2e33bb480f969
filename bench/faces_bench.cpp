// versus-bench-faces: how well versus reads faces and eyes, and what it costs.
//   eyes     the eye classifier on ../shared/data/eyes (596 closed, 600 open crops):
//            per-face AUC, closed eyes caught at its threshold (<= 1% of open eyes
//            flagged where it was chosen), on the evaluation part only (versus-fit-eyes)
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

#include "eyes_set.hpp"
#include "large_jpegs.hpp"
#include "versus/engine.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace engine = versus::engine;
using Clock = std::chrono::steady_clock;
using versus::training::EyeSample;

const fs::path kShared = VERSUS_SHARED_DIR;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// The eyes set's split (training/eyes_set.hpp): the shipped classifier was fitted and its
// threshold chosen on the fitting part; the figures come from the evaluation part.
int RunEyes(const engine::FaceFinder& finder, const versus::training::EyesSplit& split, const std::string& dump) {
  const std::vector<EyeSample> samples = versus::training::ReadEyesSet(finder, kShared / "data" / "eyes", split);
  if (!dump.empty()) {
    std::ofstream out(dump);
    out << "image,eyes,fold,detected,closed_probability,openness,eye_sharpness,eye_focus,state,why\n";
    for (const EyeSample& s : samples) {
      out << s.image << ',' << (s.closed ? "closed" : "open") << ',' << s.fold << ',' << s.detected << ','
          << s.face.closed_probability << ',' << s.face.openness << ',' << s.face.eye_sharpness << ','
          << s.face.eye_focus << ',' << engine::EyeStateName(s.face.eyes) << ',' << s.face.unknown_why << '\n';
    }
  }
  versus::training::PrintParts(samples, split.folds);
  const engine::EyeClassifier& classifier = *finder.eye_classifier();
  std::printf("evaluation part (seed %llu), the installed classifier (closed above P = %.4f):\n",
              static_cast<unsigned long long>(split.seed), classifier.closed_above());
  auto score = [&](const EyeSample& e) { return versus::training::ClosedScore(classifier, e); };
  versus::training::PrintBoth("classifier", samples, versus::training::kEvaluationPart, classifier.closed_above(), score);
  const double lid_threshold = versus::training::LidThreshold(samples);
  std::printf("  the lid formula alone (mean openness of both eyes, closed under %.3f, from the fitting part):\n",
              -lid_threshold);
  versus::training::PrintBoth("lid openness", samples, versus::training::kEvaluationPart, lid_threshold,
                              versus::training::LidScore);
  // What versus says (open / closed / can't tell) on the evaluation part.
  std::map<std::string, int> said[2];
  int detected[2] = {0, 0}, total[2] = {0, 0};
  for (const EyeSample& s : samples) {
    if (s.fold != versus::training::kEvaluationPart) continue;
    ++said[s.closed][std::string(engine::EyeStateName(s.face.eyes))];
    detected[s.closed] += s.detected;
    ++total[s.closed];
  }
  for (int c : {1, 0}) {
    std::printf("evaluation %-6s faces %3d (detector found %3d): closed %3d (%.1f%%), open %3d, can't tell %3d\n",
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

// Pairs of one closed-eye and one open-eye crop (evaluation part), each resized to 256 px
// high, matched by the `sharpness` measure (within 0.1 log10); the judge keeps the
// better of each pair.
int RunKeepers(const engine::FaceFinder& finder, const versus::training::EyesSplit& split, const std::string& judge_name) {
  const auto judge = engine::MakeComparator(judge_name, {});
  const fs::path dir = kShared / "data" / "eyes";
  std::vector<engine::ImageProfile> closed, open;
  for (const char* kind : {"closed", "open"}) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / kind)) {
      const std::string image = std::string(kind) + "/" + e.path().filename().string();
      if (split.FoldOf(image) == versus::training::kEvaluationPart) files.push_back(e.path());
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
  std::printf("judge %s: %d pairs (evaluation part, sharpness within 0.1 log10): open-eye face kept in %d (%.1f%%); "
              "without the face terms %d (%.1f%%)\n",
              judge_name.c_str(), pairs, kept_open, 100.0 * kept_open / pairs, kept_open_without_faces,
              100.0 * kept_open_without_faces / pairs);
  return 0;
}

// Profile time with and without faces, one thread, best of `runs` per photo.
int RunSpeed(const engine::FaceFinder& finder, const fs::path& dir, int runs) {
  const fs::path kodak = kShared / "data/photos/kodak24";
  std::vector<fs::path> files = versus::bench::MakeLargeJpegs(kodak, dir, 24, 6000, 4000);
  // Beside `dir`, not in it: the throughput bench ranks every file there.
  const fs::path upright_dir = dir.string() + "-upright";
  fs::create_directories(upright_dir);
  for (int i : {4, 15, 18}) {  // the Kodak photos with faces, upright
    char name[32];
    std::snprintf(name, sizeof name, "upright%02d.jpg", i);
    files.push_back(versus::bench::MakeLargeJpeg(kodak, i, upright_dir / name, 6000, 4000, false));
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
  versus::training::EyesSplit split;
  po::options_description desc(
      "versus-bench-faces MODE: eyes | photos | keepers | speed\n\n"
      "example: build/bin/versus-bench-faces eyes\n\noptions");
  desc.add_options()("help,h", "show this help")("mode", po::value(&mode), "eyes | photos | keepers | speed")
      ("dump", po::value(&dump), "eyes: write every face's numbers to this CSV")
      ("seed", po::value(&split.seed)->default_value(split.seed), "eyes, keepers: the split's seed (as versus-fit-eyes)")
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
  if (mode == "eyes") return RunEyes(finder, split, dump);
  if (mode == "photos") return RunPhotos(finder);
  if (mode == "keepers") return RunKeepers(finder, split, judge);
  if (mode == "speed") return RunSpeed(finder, dir, runs);
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 1;
}
