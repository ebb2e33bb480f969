// versus-make-anchors: picks the anchor photos of one judge from the human-scored photos
// (clive-dev), fits the judge's link to the MOS scale, and writes
// models/anchors_<judge>.json (sorting/human_scale.hpp, engine/anchors.hpp).
#include <cstdio>
#include <iostream>
#include <numeric>

#include <boost/program_options.hpp>

#include "anchor_fit.hpp"
#include "versus/engine.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string judge_name = "features", clive = "../shared/data/mos/clive-dev", models = "models", out, cache;
  std::size_t count = 12;
  std::uint64_t seed = 1;
  unsigned jobs = 0;
  po::options_description desc(
      "versus-make-anchors: choose a judge's anchor photos from human-scored photos and fit its MOS scale\n\n"
      "example: build/bin/versus-make-anchors --judge learned --out models/anchors_learned.json\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("judge", po::value(&judge_name)->default_value(judge_name), "judge whose profiles are stored: features, learned")
      ("mos", po::value(&clive)->default_value(clive), "folder with mos.csv and images/ (human scores, 0-100)")
      ("models", po::value(&models)->default_value(models), "folder the judge's model files are read from")
      ("count", po::value(&count)->default_value(count), "anchors to keep")
      ("seed", po::value(&seed)->default_value(seed), "seed for the draw within each MOS stratum")
      ("cache", po::value(&cache), "profiles of every photo (default build/anchors-cache/<judge>.json)")
      ("out", po::value(&out), "write the anchors here; without it, only report")
      ("jobs,j", po::value(&jobs)->default_value(jobs), "threads for profiling (0 = one per core)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "versus-make-anchors: %s\n", e.what());
    return 1;
  }
  if (vm.count("help")) { std::cout << desc << "\n"; return 0; }
  try {
    if (cache.empty()) cache = "build/anchors-cache/" + judge_name + ".json";
    const auto judge = versus::engine::MakeComparator(judge_name, {.model_dir = models, .lmm = {}});
    const auto scored = versus::training::ProfileHumanScored(clive, *judge, jobs, cache);
    std::vector<std::size_t> rows(scored.anchors.size());
    std::iota(rows.begin(), rows.end(), 0);
    const std::string how = "versus-make-anchors --judge " + judge_name + " --count " + std::to_string(count) +
                            " --seed " + std::to_string(seed) + " on " + clive;
    const auto anchors = versus::training::FitAnchors(scored, rows, *judge, count, seed, how);
    std::printf("judge %s: sigma %.3f MOS points; star cuts %.2f %.2f %.2f %.2f\n", judge_name.c_str(), anchors.sigma,
                anchors.star_thresholds[0], anchors.star_thresholds[1], anchors.star_thresholds[2],
                anchors.star_thresholds[3]);
    for (const auto& a : anchors.anchors) std::printf("  anchor %-12s MOS %6.2f\n", a.image.c_str(), a.mos);
    if (!out.empty()) anchors.Save(out);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "versus-make-anchors: %s\n", e.what());
    return 3;
  }
}
