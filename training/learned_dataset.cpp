#include "learned_dataset.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "feature_dataset.hpp"
#include "versus/engine.hpp"

namespace versus::training {
namespace {

namespace fs = std::filesystem;
using engine::Dimension;

// Kinds the engine's distortion table lacks, made here because they only ever test:
// WebP artefacts (smearing, not 8x8 blocks), resolution loss (down, then up again),
// defocus (a lens's disc-shaped blur, not a Gaussian) and haze (contrast lost to a veil
// of light, as through fog or a dirty lens).
cv::Mat WebP(const cv::Mat& bgr, int level) {
  static const int kQuality[] = {12, 6, 3, 0};
  std::vector<uchar> bytes;
  cv::imencode(".webp", bgr, bytes, {cv::IMWRITE_WEBP_QUALITY, kQuality[level - 1]});
  return cv::imdecode(bytes, cv::IMREAD_COLOR);
}

cv::Mat Resample(const cv::Mat& bgr, int level) {
  static const double kFactor[] = {2.0, 3.0, 4.0, 6.0};
  cv::Mat small, out;
  cv::resize(bgr, small, cv::Size(), 1.0 / kFactor[level - 1], 1.0 / kFactor[level - 1], cv::INTER_AREA);
  cv::resize(small, out, bgr.size(), 0, 0, cv::INTER_LINEAR);
  return out;
}

cv::Mat Defocus(const cv::Mat& bgr, int level) {
  static const int kRadius[] = {2, 4, 7, 11};
  const int r = kRadius[level - 1];
  cv::Mat disc = cv::Mat::zeros(2 * r + 1, 2 * r + 1, CV_32F);
  cv::circle(disc, cv::Point(r, r), r, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA);
  disc /= cv::sum(disc)[0];
  cv::Mat out;
  cv::filter2D(bgr, out, -1, disc, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  return out;
}

cv::Mat Haze(const cv::Mat& bgr, int level) {
  static const double kVeil[] = {0.15, 0.3, 0.45, 0.6};
  const double a = kVeil[level - 1];
  cv::Mat out;
  bgr.convertTo(out, CV_8U, 1.0 - a, 210.0 * a);
  return out;
}

cv::Mat Apply(const cv::Mat& bgr, const LadderKind& kind, int level, unsigned seed) {
  if (kind.name == "webp") return WebP(bgr, level);
  if (kind.name == "resample") return Resample(bgr, level);
  if (kind.name == "defocus") return Defocus(bgr, level);
  if (kind.name == "haze") return Haze(bgr, level);
  for (const auto& d : engine::Distortions()) {
    if (d.name == kind.name) return engine::Distort(bgr, d.kind, level, seed);
  }
  throw std::runtime_error("unknown ladder kind " + kind.name);
}

struct Job {
  std::size_t sample;  ///< its image: SampleImage(data, data.samples[sample])
};

std::string CacheKey(const LearnedData& data, const LearnedSample& s) {
  return data.photos[s.photo] + (s.kind < 0 ? "" : "/" + LadderKinds()[s.kind].name + "/" + std::to_string(s.level));
}

// Cache file: one line per sample, "key<TAB>embedding...<TAB>measures...", after a first
// line naming the backbones and measures it was made with.
std::map<std::string, std::string> ReadCache(const fs::path& path, const std::string& signature) {
  std::map<std::string, std::string> rows;
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line != signature) return rows;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos) rows[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return rows;
}

void ParseRow(const std::string& row, LearnedSample& s) {
  std::stringstream in(row);
  std::size_t n = 0, m = 0;
  in >> n;
  s.embedding.resize(n);
  for (float& x : s.embedding) in >> x;
  in >> m;
  s.measures.resize(m);
  for (double& x : s.measures) in >> x;
}

// Rows are appended as they are computed, so an interrupted run keeps its work.
class CacheWriter {
 public:
  CacheWriter(const fs::path& path, const std::string& signature, bool fresh) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    out_.open(path, fresh ? std::ios::trunc : std::ios::app);
    if (fresh) out_ << signature << "\n";
    out_.precision(9);
  }
  void Write(const std::string& key, const LearnedSample& s) {
    std::ostringstream row;
    row.precision(9);
    row << key << "\t" << s.embedding.size();
    for (float x : s.embedding) row << " " << x;
    row << " " << s.measures.size();
    for (double x : s.measures) row << " " << x;
    std::lock_guard lock(mutex_);
    out_ << row.str() << "\n" << std::flush;
  }

 private:
  std::ofstream out_;
  std::mutex mutex_;
};

// The samples of one photo: itself, then its ladders (if it is a ladder source).
void AddPhoto(LearnedData& data, std::vector<Job>& jobs, const fs::path& file, const std::string& name, HumanSet set,
              bool ladders, double mos, double mos_std) {
  const bool real = set != HumanSet::kNone;
  const std::size_t photo = data.photos.size();
  data.photos.push_back(name);
  data.files.push_back(file);
  LearnedSample self;
  self.photo = photo;
  self.set = set;
  self.mos = mos;
  self.mos_std = mos_std;
  jobs.push_back({data.samples.size()});
  data.samples.push_back(self);
  if (!ladders) return;
  const auto& kinds = LadderKinds();
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    if (real && !kinds[k].on_real_photos) continue;
    for (int level = 1; level <= 4; ++level) {
      LearnedSample s;
      s.photo = photo;
      s.set = set;
      s.kind = int(k);
      s.level = level;
      jobs.push_back({data.samples.size()});
      data.samples.push_back(s);
    }
  }
}

void Compute(LearnedData& data, const std::vector<Job>& jobs, const engine::BackboneEmbedder& embedder, unsigned threads,
             CacheWriter& cache) {
  std::atomic<std::size_t> done{0};
  std::mutex log;
  const auto start = std::chrono::steady_clock::now();
  engine::ParallelFor(jobs.size(), std::max(1u, threads), [&](std::size_t i) {
    LearnedSample& s = data.samples[jobs[i].sample];
    const engine::DecodedImage image = SampleImage(data, s);
    s.measures = engine::Measure(image);
    s.embedding = embedder.Embed(image);
    cache.Write(CacheKey(data, s), s);
    const std::size_t n = ++done;
    if (n % 50 == 0) {
      std::lock_guard lock(log);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "  embedded %zu / %zu (%.1f images/s)\n", n, jobs.size(), double(n) / seconds);
    }
  });
}

}  // namespace

engine::DecodedImage SampleImage(const LearnedData& data, const LearnedSample& s) {
  const fs::path& file = data.files.at(s.photo);
  if (s.kind < 0) return engine::Decode(file);
  const cv::Mat source = cv::imread(file.string(), cv::IMREAD_COLOR);
  return engine::FromPixels(Apply(source, LadderKinds()[s.kind], s.level, unsigned(1000 * s.photo + s.level)));
}

const std::vector<LadderKind>& LadderKinds() {
  static const std::vector<LadderKind> kKinds = {
      {"blur", Dimension::kSharpness, false, true},       {"noise", Dimension::kNoise, false, true},
      {"jpeg", Dimension::kCompression, false, true},     {"overexpose", Dimension::kExposure, false, false},
      {"underexpose", Dimension::kExposure, false, false}, {"colour_cast", Dimension::kColour, false, false},
      {"motion_blur", Dimension::kSharpness, false, true}, {"webp", Dimension::kCompression, true, true},
      {"resample", Dimension::kSharpness, true, true},     {"defocus", Dimension::kSharpness, true, true},
      {"haze", Dimension::kExposure, true, false},
  };
  return kKinds;
}

LearnedData LoadLearnedData(const DatasetOptions& options, const engine::BackboneEmbedder& embedder,
                            const std::string& backbone_signature) {
  LearnedData data;
  std::vector<Job> jobs;
  for (const fs::path& file : engine::FindImages({options.kodak}, false).files) {
    AddPhoto(data, jobs, file, "kodak/" + file.filename().string(), HumanSet::kNone, true, std::nan(""), 0.0);
  }
  const auto mos = ReadMosCsv(options.clive);
  const std::size_t every = std::max<std::size_t>(1, mos.size() / std::max<std::size_t>(1, options.clive_ladder_sources));
  for (std::size_t i = 0; i < mos.size(); ++i) {
    const bool ladders = i % every == 0 && i / every < options.clive_ladder_sources;
    AddPhoto(data, jobs, options.clive / "images" / mos[i].name, "clive/" + mos[i].name, HumanSet::kClive, ladders,
             mos[i].mos, mos[i].mos_std);
  }
  // BIQ2021 photos get no ladders: they are squashed 512 px squares, and Kodak + CLIVE
  // ladders already cover every kind.
  if (!options.biq.empty()) {
    for (const MosImage& m : ReadMosCsv(options.biq)) {
      AddPhoto(data, jobs, options.biq / "images" / m.name, "biq/" + m.name, HumanSet::kBiq, false, m.mos,
               options.biq_sigma);
    }
  }

  std::string signature = "versus-learned-cache/1 " + backbone_signature + " measures";
  for (const auto& m : engine::MeasureTable()) signature += " " + std::string(m.name);
  const auto cached = ReadCache(options.cache, signature);
  std::vector<Job> missing;
  for (const Job& job : jobs) {
    const auto row = cached.find(CacheKey(data, data.samples[job.sample]));
    if (row == cached.end()) {
      missing.push_back(job);
    } else {
      ParseRow(row->second, data.samples[job.sample]);
    }
  }
  std::fprintf(stderr, "%zu images (%zu photos): %zu from cache %s, %zu to embed\n", jobs.size(), data.photos.size(),
               jobs.size() - missing.size(), options.cache.c_str(), missing.size());
  if (!missing.empty()) {
    CacheWriter writer(options.cache, signature, cached.empty());
    Compute(data, missing, embedder, options.jobs, writer);
  }
  return data;
}

}  // namespace versus::training
