#include "eyes_set.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace versus::training {
namespace {

namespace fs = std::filesystem;

std::uint64_t Fnv1a(const std::string& s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::uint64_t ContentHash(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw engine::Error(file.string(), "eyes set file missing: " + file.string());
  return Fnv1a(std::string(std::istreambuf_iterator<char>(in), {}));
}

// The photo a crop came from: CEW names its crops <photo>.<jpg|BMP>_face_<n>.jpg (the
// key is the name without extension: closed/closed_eye_0012).
std::string SourcePhoto(const std::string& image) {
  const std::size_t face = image.find("_face_");
  if (face == std::string::npos) return image;
  return image.substr(0, image.rfind('.', face));
}

// A tight crop has little around the face for the detector: pad it by half its size
// on each side with grey, and take the face nearest the middle; if none is found, read
// the eyes at the crop's own box, eyes where an aligned face has them.
EyeSample ReadCrop(const engine::FaceFinder& finder, const fs::path& file, EyeSample s) {
  const cv::Mat crop = cv::imread(file.string(), cv::IMREAD_COLOR);
  const int px = crop.cols / 2, py = crop.rows / 2;
  cv::Mat padded;
  cv::copyMakeBorder(crop, padded, py, py, px, px, cv::BORDER_CONSTANT, cv::Scalar::all(128));
  double best = 1e9;
  for (const engine::Face& f : finder.Find(engine::FromPixels(padded))) {
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

// The cache: one tab-separated line per face (image, detected, detector score, why,
// openness, eye sharpness, then x y of each eye's points).
void WriteCache(const fs::path& path, const std::vector<EyeSample>& samples) {
  std::ofstream out(path);
  out.precision(9);
  for (const EyeSample& s : samples) {
    out << s.image << '\t' << s.detected << '\t' << s.face.detector_score << '\t' << s.face.unknown_why << '\t'
        << s.face.openness << '\t' << s.face.eye_sharpness;
    for (const auto& eye : s.face.eye_points)
      for (const cv::Point2f& p : eye) out << '\t' << p.x << '\t' << p.y;
    out << '\n';
  }
  if (!out) throw engine::Error(path.string(), "could not write " + path.string());
}

double Number(const std::string& field) { return field == "nan" ? std::nan("") : std::stod(field); }

// Faces from the cache by image name; false when it is missing.
bool ReadCache(const fs::path& path, std::vector<EyeSample>& samples) {
  std::ifstream in(path);
  if (!in) return false;
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, '\t');) fields.push_back(f);
    if (line.back() == '\t') fields.push_back("");
    rows.push_back(std::move(fields));
  }
  if (rows.size() != samples.size()) throw engine::Error(path.string(), "eyes cache does not match labels.csv: " + path.string());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    EyeSample& s = samples[i];
    if (r.size() < 6 || r[0] != s.image) throw engine::Error(path.string(), "eyes cache does not match labels.csv: " + path.string());
    s.detected = r[1] == "1";
    s.face.detector_score = float(Number(r[2]));
    s.face.unknown_why = r[3];
    s.face.openness = Number(r[4]);
    s.face.eye_sharpness = Number(r[5]);
    const std::size_t per_eye = (r.size() - 6) / 4;
    for (std::size_t e = 0; e < 2; ++e) {
      for (std::size_t k = 0; k < per_eye; ++k) {
        const std::size_t at = 6 + 2 * (e * per_eye + k);
        s.face.eye_points[e].emplace_back(float(Number(r[at])), float(Number(r[at + 1])));
      }
    }
  }
  return true;
}

}  // namespace

int EyesSplit::FoldOf(const std::string& image) const {
  const std::uint64_t h = SplitMix(Fnv1a(SourcePhoto(image)) ^ SplitMix(seed));
  if (h % 3 == 0) return -1;
  return int((h / 3) % std::uint64_t(folds));
}

std::vector<EyeSample> ReadEyesSet(const engine::FaceFinder& finder, const fs::path& dir, const EyesSplit& split,
                                   const fs::path& cache) {
  std::ifstream labels(dir / "labels.csv");
  if (!labels) throw engine::Error((dir / "labels.csv").string(), "eyes set not found: " + (dir / "labels.csv").string());
  std::string line;
  std::getline(labels, line);  // header
  std::vector<EyeSample> samples;
  std::map<std::uint64_t, std::string> seen;  // content hash -> first image
  while (std::getline(labels, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the file has CRLF line ends
    const auto comma = line.find(',');
    EyeSample s;
    s.image = line.substr(0, comma);
    const auto [first, fresh] = seen.emplace(ContentHash(dir / s.image), s.image);
    if (!fresh) {  // the same photo twice would count its face twice
      std::printf("%s is byte-identical to %s: read once\n", s.image.c_str(), first->second.c_str());
      continue;
    }
    s.closed = line.substr(comma + 1) == "closed";
    s.fold = split.FoldOf(s.image);
    samples.push_back(std::move(s));
  }
  if (cache.empty() || !ReadCache(cache, samples)) {
    engine::ParallelFor(samples.size(), 0, [&](std::size_t i) { samples[i] = ReadCrop(finder, dir / samples[i].image, samples[i]); });
    if (!cache.empty()) WriteCache(cache, samples);
  }
  for (EyeSample& s : samples) s.shape = engine::EyeShape(s.face);
  return samples;
}

double ClosedScore(const engine::EyeClassifier& classifier, const EyeSample& s) {
  return s.shape.empty() ? 1.0 : classifier.ClosedProbability(s.shape);
}

double OnePercentThreshold(std::vector<double> open) {
  std::sort(open.begin(), open.end(), std::greater<>());
  const std::size_t allowed = std::size_t(0.01 * double(open.size()));
  return open[std::min(allowed, open.size() - 1)];
}

EyeFigures Figures(const std::vector<double>& closed, const std::vector<double>& open, double threshold) {
  EyeFigures f;
  f.closed = closed.size(), f.open = open.size();
  if (closed.empty() || open.empty()) return f;
  double wins = 0;
  for (double c : closed)
    for (double o : open) wins += c > o ? 1.0 : c == o ? 0.5 : 0.0;
  f.auc = wins / (double(closed.size()) * double(open.size()));
  auto above = [](const std::vector<double>& v, double t) {
    return double(std::count_if(v.begin(), v.end(), [&](double x) { return x > t; })) / double(v.size());
  };
  f.caught = above(closed, threshold);
  f.flagged = above(open, threshold);
  f.own_caught = above(closed, OnePercentThreshold(open));
  return f;
}

double LidScore(const EyeSample& s) { return std::isnan(s.face.openness) ? 0.0 : -s.face.openness; }

double LidThreshold(const std::vector<EyeSample>& set) {
  std::vector<double> open;
  for (const EyeSample& s : set)
    if (s.fold >= 0 && !s.closed && s.Judged()) open.push_back(LidScore(s));
  return OnePercentThreshold(open);
}

void PrintParts(const std::vector<EyeSample>& set, int folds) {
  std::printf("parts (seeded by source photo): faces closed/open, of which judged (not \"can't tell\")\n");
  for (int part = -1; part < folds; ++part) {
    int n[2] = {0, 0}, judged[2] = {0, 0};
    for (const EyeSample& s : set) {
      if (s.fold != part) continue;
      ++n[s.closed], judged[s.closed] += s.Judged();
    }
    const std::string name = part < 0 ? "evaluation" : "fitting fold " + std::to_string(part);
    std::printf("  %-16s closed %3d (judged %3d), open %3d (judged %3d)\n", name.c_str(), n[1], judged[1], n[0], judged[0]);
  }
}

void PrintBoth(const std::string& what, const std::vector<EyeSample>& set, int part, double threshold,
               const std::function<double(const EyeSample&)>& score) {
  for (bool judged_only : {false, true}) {
    std::vector<double> closed, open;
    for (const EyeSample& s : set) {
      const bool in = part == kFittingPart ? s.fold >= 0 : s.fold == part;
      if (!in || (judged_only && !s.Judged())) continue;
      const double v = score(s);
      if (!std::isnan(v)) (s.closed ? closed : open).push_back(v);
    }
    const EyeFigures f = Figures(closed, open, threshold);
    const std::string name = what + (judged_only ? ", judged faces" : ", every face");
    std::printf("  %-28s closed %3zu open %3zu  AUC %.4f  caught %5.1f%%, open flagged %4.1f%%  (at this set's own "
                "1%% point: caught %5.1f%%)\n",
                name.c_str(), f.closed, f.open, f.auc, 100 * f.caught, 100 * f.flagged, 100 * f.own_caught);
  }
}

}  // namespace versus::training
