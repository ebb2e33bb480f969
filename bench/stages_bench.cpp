// versus-bench-stages: where `versus rank` spends its time on large JPEGs, stage by
// stage, on one thread: libvips's thumbnail alone, the decoder's working view and its
// native band (re-run piecewise with the same libvips calls), the engine's whole
// Decode(), the measures, the face finder (and the larger view it decodes for readable
// faces), each backbone of the learned judge on the global view and on the tiles, the
// perceptual hash (cull only), model loading and the fit on the human scale.
//
// Each stage is timed over the same photos in every run; the median over runs of its
// mean per photo is printed, with the machine's load average before and after.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <vips/vips8>

#include "../engine/src/jpeg_band.hpp"
#include "large_jpegs.hpp"
#include "machine_load.hpp"
#include "versus/engine.hpp"
#include "versus/engine/anchors.hpp"
#include "versus/engine/backbone_embedder.hpp"
#include "versus/engine/learned_comparator.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace ve = versus::engine;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point since) { return std::chrono::duration<double, std::milli>(Clock::now() - since).count(); }


// Milliseconds per stage, one list entry per run (the mean per photo of that run).
class StageTimes {
 public:
  void Add(const std::string& stage, double ms) { run_[stage] += ms; order(stage); }
  void EndRun(std::size_t photos) {
    for (auto& [stage, ms] : run_) runs_[stage].push_back(ms / double(photos));
    run_.clear();
  }
  void Print() const {
    for (const std::string& stage : order_) {
      std::vector<double> v = runs_.at(stage);
      std::sort(v.begin(), v.end());
      std::printf("  %-52s %7.1f ms  (min %.1f, max %.1f)\n", stage.c_str(), v[v.size() / 2], v.front(), v.back());
    }
  }

 private:
  void order(const std::string& stage) {
    if (std::find(order_.begin(), order_.end(), stage) == order_.end()) order_.push_back(stage);
  }
  std::map<std::string, double> run_;
  std::map<std::string, std::vector<double>> runs_;
  std::vector<std::string> order_;
};

template <typename F>
auto Timed(StageTimes& times, const std::string& stage, F&& f) {
  const auto start = Clock::now();
  if constexpr (std::is_void_v<decltype(f())>) {
    f();
    times.Add(stage, Ms(start));
  } else {
    auto result = f();
    times.Add(stage, Ms(start));
    return result;
  }
}

cv::Mat BgrOf(const vips::VImage& rgb) {
  std::size_t size = 0;
  void* data = rgb.write_to_memory(&size);
  cv::Mat bgr;
  cv::cvtColor(cv::Mat(rgb.height(), rgb.width(), CV_8UC3, data), bgr, cv::COLOR_RGB2BGR);
  g_free(data);
  return bgr;
}

// The decoder's reads, piecewise (engine/src/decoder.cpp): shrink-on-load to the
// working size, and the central band at full size, read as the decoder reads a JPEG's
// (jpeg_band.hpp) and as libvips reads it (what the decoder did before, and still does
// for other formats).
void DecodePieces(const fs::path& file, const ve::DecodeOptions& options, StageTimes& times) {
  Timed(times, "decode: working view (shrink-on-load)", [&] {
    auto o = vips::VImage::option()->set("height", options.working_size)->set("size", VIPS_SIZE_DOWN);
    return BgrOf(vips::VImage::thumbnail(file.c_str(), options.working_size, o));
  });
  Timed(times, "decode: native band, libjpeg skipping rows above", [&] {
    const int rows = options.tile_size, top = (vips::VImage::new_from_file(file.c_str()).height() - rows) / 2;
    return ve::jpeg::ReadBand(file.string(), top, rows);
  });
  Timed(times, "decode: native band, libvips sequential (before)", [&] {
    vips::VImage full = vips::VImage::new_from_file(file.c_str(),
                                                    vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    const int rows = std::min(full.height(), options.tile_size);
    return BgrOf(full.extract_area(0, (full.height() - rows) / 2, full.width(), rows));
  });
}

// One backbone's cost on the global view and on the tiles: Embed() with the other
// input made tiny (64 x 64, what the embedder enlarges anything smaller to).
void TimeBackbone(const ve::BackboneEmbedder& net, const std::string& name, const ve::DecodedImage& image,
                  StageTimes& times) {
  const cv::Mat tiny(64, 64, CV_8UC3, cv::Scalar(128, 128, 128));
  ve::DecodedImage global_only = image, tiles_only = image, neither = image;
  global_only.tiles = {tiny};
  tiles_only.working = tiny;
  neither.working = tiny;
  neither.tiles = {tiny};
  const double base = Timed(times, "  " + name + ": 64px global + 1 tile (floor)", [&] {
    const auto s = Clock::now();
    net.Embed(neither);
    return Ms(s);
  });
  const double g = [&] { const auto s = Clock::now(); net.Embed(global_only); return Ms(s); }();
  const double t = [&] { const auto s = Clock::now(); net.Embed(tiles_only); return Ms(s); }();
  times.Add("  " + name + ": global view (~512 px)", g - base / 2);
  times.Add("  " + name + ": " + std::to_string(std::min(image.tiles.size(), ve::kNetworkTiles)) + " of " +
                std::to_string(image.tiles.size()) + " native tiles", t - base / 2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string kodak = "../shared/data/photos/kodak24", dir = "/tmp/versus-bench-large";
  int count = 8, runs = 3;
  po::options_description desc(
      "versus-bench-stages: per-photo milliseconds of each stage of `versus rank` on one thread\n\n"
      "example: build/bin/versus-bench-stages --count 8 --runs 3\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("kodak", po::value(&kodak)->default_value(kodak), "source photos")
      ("dir", po::value(&dir)->default_value(dir), "where the large JPEGs are made (reused if present)")
      ("count", po::value(&count)->default_value(count), "number of 6000x4000 JPEGs (from kodim01 on)")
      ("runs", po::value(&runs)->default_value(runs), "runs over all photos (the median is printed)");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) { std::cout << desc << "\n"; return 0; }

  ve::EnsureVipsStarted();
  cv::setNumThreads(1);
  const auto files = versus::bench::MakeLargeJpegs(kodak, dir, count, 6000, 4000);
  const std::string load_before = versus::bench::LoadAverage();

  StageTimes loads;
  const auto faces_start = Clock::now();
  const ve::FaceFinder& faces = ve::FaceFinder::Installed();
  loads.Add("load: face models", Ms(faces_start));
  auto learned = Timed(loads, "load: learned judge (both backbones)", [] { return ve::MakeComparator("learned"); });
  auto features = ve::MakeComparator("features");
  const fs::path models = ve::ModelDirectory();
  const ve::LearnedHead head = ve::LearnedHead::Load(models / ve::kLearnedHeadFile);
  std::vector<std::unique_ptr<ve::BackboneEmbedder>> nets;
  for (const ve::BackboneSpec& spec : head.backbones) {
    nets.push_back(Timed(loads, "load: " + spec.network,
                         [&] { return std::make_unique<ve::BackboneEmbedder>(models, std::vector{spec}); }));
  }
  loads.EndRun(1);

  StageTimes times;
  std::vector<ve::ImageProfile> profiles(files.size());
  const ve::DecodeOptions options;
  for (int r = 0; r < runs; ++r) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      Timed(times, "libvips thumbnail alone (as throughput bench)", [&] {
        vips::VImage t = vips::VImage::thumbnail(files[i].c_str(), 512, vips::VImage::option()->set("height", 512));
        std::size_t size = 0;
        g_free(t.write_to_memory(&size));
      });
      DecodePieces(files[i], options, times);
      ve::DecodedImage image = Timed(times, "engine Decode() (view + band + tiles)", [&] { return ve::Decode(files[i], options); });
      ve::ImageProfile& profile = profiles[i];
      profile.path = files[i].string();
      profile.width = image.width;
      profile.height = image.height;
      profile.measures = Timed(times, "measures (all, incl. BRISQUE)", [&] { return ve::Measure(image); });
      // The face finder's second decode, for readable faces only, timed on its own.
      const auto larger = image.larger_view;
      image.larger_view = [&](int side) { return Timed(times, "  faces: larger view decoded (of faces)", [&] { return larger(side); }); };
      profile.faces = Timed(times, "faces (YuNet + eyes, incl. larger view)", [&] { return faces.Find(image); });
      profile.faces_read = true;
      image.larger_view = larger;
      Timed(times, "perceptual hash (cull only)", [&] { return ve::HashImage(image.working); });
      Timed(times, "learned: Prepare (all backbones, global + tiles)", [&] { learned->Prepare(image, profile); });
      for (std::size_t b = 0; b < nets.size(); ++b) TimeBackbone(*nets[b], head.backbones[b].network, image, times);
    }
    for (const auto* judge : {features.get(), learned.get()}) {
      std::vector<ve::ImageProfile> judged = profiles;
      if (judge == features.get()) for (auto& p : judged) p.embedding.clear();
      const auto anchors = ve::LoadAnchors(judge->name());
      ve::HumanScaleOptions fit;
      fit.jobs = 1;
      ve::RankerReport report;
      Timed(times, std::string("fit on the human scale, ") + std::string(judge->name()) + " (all photos)",
            [&] { ve::RankOnHumanScale(fit, *judge, judged, *anchors, &report); });
    }
    times.EndRun(files.size());
  }
  // Faces where there is a person: her face too small in the working view to read the
  // eyes, so the face measures read it from a larger view (decoder.cpp).
  // Beside --dir, not in it: the throughput bench ranks every file there.
  const fs::path person_dir = fs::path(dir).string() + "-person";
  fs::create_directories(person_dir);
  const fs::path person = versus::bench::MakePersonInScene(kodak, person_dir / "person.jpg");
  StageTimes people;
  for (int r = 0; r < runs; ++r) {
    ve::DecodedImage image = Timed(people, "engine Decode() (view + band + tiles)", [&] { return ve::Decode(person, options); });
    const auto larger = image.larger_view;
    image.larger_view = [&](int side) { return Timed(people, "  faces: larger view (of faces)", [&] { return larger(side); }); };
    const auto found = Timed(people, "faces (YuNet + eyes, incl. larger view)", [&] { return faces.Find(image); });
    if (found.empty()) std::fprintf(stderr, "no face found in %s\n", person.c_str());
    people.EndRun(1);
  }
  std::printf("%zu JPEGs 6000x4000 q90, one thread, median of %d runs, ms per photo (fit: per photo of the set)\n",
              files.size(), runs);
  std::printf("load average before: %s, after: %s\n", load_before.c_str(), versus::bench::LoadAverage().c_str());
  times.Print();
  std::printf("a 6000x4000 JPEG with a person, face ~50 px wide in the working view (%s):\n", person.filename().c_str());
  people.Print();
  std::printf("once per process (ms):\n");
  loads.Print();
  return 0;
}
