// versus-bench-throughput: images/s of `versus rank` on large JPEGs with each judge
// (features, learned), next to the time libvips alone needs to thumbnail the same files,
// in the same run.
//
// The photos are made here (Kodak photos upscaled with libvips to 6000x4000, JPEG q90)
// so the figure is reproducible anywhere ../shared/data exists.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include <boost/program_options.hpp>
#include <vips/vips8>

#include "large_jpegs.hpp"
#include "versus/engine.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// libvips alone: shrink-on-load thumbnail of each file to the working size, on `jobs`
// threads, as `versus rank` decodes them.
double ThumbnailSeconds(const std::vector<fs::path>& files, unsigned jobs) {
  const auto start = Clock::now();
  versus::engine::ParallelFor(files.size(), jobs, [&](std::size_t i) {
    vips::VImage t = vips::VImage::thumbnail(files[i].c_str(), 512, vips::VImage::option()->set("height", 512));
    std::size_t size = 0;
    g_free(t.write_to_memory(&size));
  });
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::string kodak = "../shared/data/photos/kodak24", dir = "/tmp/versus-bench-large", versus = "build/bin/versus";
  std::vector<std::string> judges = {"features", "learned"};
  int count = 24, runs = 3;
  unsigned jobs = versus::engine::ResolveJobs(0);
  po::options_description desc(
      "versus-bench-throughput: images/s of versus rank vs libvips thumbnailing\n\n"
      "example: build/bin/versus-bench-throughput --count 24\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("kodak", po::value(&kodak)->default_value(kodak), "source photos")
      ("dir", po::value(&dir)->default_value(dir), "where the large JPEGs are made (reused if present)")
      ("count", po::value(&count)->default_value(count), "number of 6000x4000 JPEGs")
      ("runs", po::value(&runs)->default_value(runs), "timed runs of each (the fastest is reported)")
      ("jobs", po::value(&jobs)->default_value(jobs), "threads for both")
      ("versus", po::value(&versus)->default_value(versus), "the versus binary")
      ("judge", po::value(&judges)->multitoken()->default_value(judges, "features learned"),
       "judges to time `versus rank --judge J` with, in the same run");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) { std::cout << desc << "\n"; return 0; }

  versus::engine::EnsureVipsStarted();
  std::fprintf(stderr, "making %d 6000x4000 JPEGs in %s ...\n", count, dir.c_str());
  const auto files = versus::bench::MakeLargeJpegs(kodak, dir, count, 6000, 4000);

  double thumb = 1e9, profile = 1e9;
  std::vector<double> rank(judges.size(), 1e9);
  for (int r = 0; r < runs; ++r) {
    thumb = std::min(thumb, ThumbnailSeconds(files, jobs));
    auto start = Clock::now();
    versus::engine::ProfileOptions options;
    options.jobs = jobs;
    versus::engine::ProfileAll(files, options);
    profile = std::min(profile, Seconds(start));
    for (std::size_t j = 0; j < judges.size(); ++j) {
      const std::string command = versus + " rank '" + dir + "' --json --judge " + judges[j] + " --jobs " +
                                  std::to_string(jobs) + " > /dev/null";
      start = Clock::now();
      if (std::system(command.c_str()) != 0) { std::fprintf(stderr, "failed: %s\n", command.c_str()); return 1; }
      rank[j] = std::min(rank[j], Seconds(start));
    }
  }
  const double n = double(files.size());
  std::printf("%zu JPEGs, 6000x4000 q90, %u threads, best of %d runs\n", files.size(), jobs, runs);
  std::printf("  libvips thumbnail to 512 px      : %6.2f s  %6.2f images/s\n", thumb, n / thumb);
  std::printf("  engine decode + measure          : %6.2f s  %6.2f images/s  (%.2fx the thumbnail time)\n", profile,
              n / profile, profile / thumb);
  for (std::size_t j = 0; j < judges.size(); ++j) {
    std::printf("  versus rank --judge %-9s(proc): %6.2f s  %6.2f images/s  (%.2fx the thumbnail time)\n",
                judges[j].c_str(), rank[j], n / rank[j], rank[j] / thumb);
  }
  return 0;
}
