// versus-bench-throughput: images/s of `versus rank` on large JPEGs with each judge
// (features, learned), next to the time libvips alone needs to thumbnail the same files,
// in the same run, and the peak resident memory of each `versus rank` process.
//
// The photos are made here (Kodak photos upscaled with libvips to 6000x4000, JPEG q90)
// so the figure is reproducible anywhere ../shared/data exists.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <vips/vips8>

#include "large_jpegs.hpp"
#include "machine_load.hpp"
#include "versus/engine.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

struct ProcessRun {
  double seconds = 0.0;
  double peak_mib = 0.0;  ///< the child's peak resident memory (wait4's ru_maxrss)
  bool ok = false;
};

// Runs `args` (stdout to /dev/null) and times it; its peak memory from wait4.
ProcessRun RunProcess(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ProcessRun run;
  const auto start = Clock::now();
  const pid_t child = ::fork();
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execvp(argv[0], argv.data());
    std::_Exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (child < 0 || ::wait4(child, &status, 0, &usage) != child) return run;
  run.seconds = Seconds(start);
  run.peak_mib = double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
}

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
      ("runs", po::value(&runs)->default_value(runs), "timed runs of each, alternating (the fastest is reported, and the median of the run-by-run ratios)")
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

  // Runs alternate (thumbnail, engine, each judge, then again), so a drift of the machine's
  // speed reaches all of them; ratios are also taken run by run and their median printed.
  double thumb = 1e9, profile = 1e9;
  std::vector<double> rank(judges.size(), 1e9), peak(judges.size(), 0.0);
  std::vector<std::vector<double>> ratios(judges.size());
  for (int r = 0; r < runs; ++r) {
    const double thumb_run = ThumbnailSeconds(files, jobs);
    thumb = std::min(thumb, thumb_run);
    auto start = Clock::now();
    versus::engine::ProfileOptions options;
    options.jobs = jobs;
    versus::engine::ProfileAll(files, options);
    profile = std::min(profile, Seconds(start));
    for (std::size_t j = 0; j < judges.size(); ++j) {
      const ProcessRun run =
          RunProcess({versus, "rank", dir, "--json", "--judge", judges[j], "--jobs", std::to_string(jobs)});
      if (!run.ok) {
        std::fprintf(stderr, "failed: %s rank %s --json --judge %s\n", versus.c_str(), dir.c_str(), judges[j].c_str());
        return 1;
      }
      rank[j] = std::min(rank[j], run.seconds);
      peak[j] = std::max(peak[j], run.peak_mib);
      ratios[j].push_back(run.seconds / thumb_run);
    }
  }
  const double n = double(files.size());
  std::printf("%zu JPEGs, 6000x4000 q90, %u threads, best of %d runs; load average %s\n", files.size(), jobs, runs,
              versus::bench::LoadAverage().c_str());
  std::printf("  libvips thumbnail to 512 px      : %6.2f s  %6.2f images/s\n", thumb, n / thumb);
  std::printf("  engine decode + measure          : %6.2f s  %6.2f images/s  (%.2fx the thumbnail time)\n", profile,
              n / profile, profile / thumb);
  for (std::size_t j = 0; j < judges.size(); ++j) {
    std::printf("  versus rank --judge %-9s(proc): %6.2f s  %6.2f images/s  (%.2fx the thumbnail time; "
                "median of runs %.2fx)  peak %.0f MiB\n",
                judges[j].c_str(), rank[j], n / rank[j], rank[j] / thumb, Median(ratios[j]), peak[j]);
  }
  return 0;
}
