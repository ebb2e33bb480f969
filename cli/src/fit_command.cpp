// `versus fit`: scores, 95% intervals and ranks from anyone's pairwise outcomes (CSV).
#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "option_checks.hpp"
#include "path_text.hpp"
#include "versus/sorting.hpp"

namespace versus::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: versus fit FILE.csv [--model bradley-terry|thurstone] [--anchors FILE.csv] "
    "[--json]";

constexpr const char* kHelpText =
    "\nFits a score to every item of a pairwise study (human raters or a model) and\n"
    "prints it with a 95% interval and a rank (1 = best).\n\n"
    "FILE.csv rows are a,b,outcome[,weight]: ids are strings; outcome 1 = a won,\n"
    "0 = b won, 0.5 = tie, or any probability in [0,1]; weight counts repeated\n"
    "outcomes (default 1). A header row naming a, b, outcome, weight (any order,\n"
    "extra columns ignored) is optional. Bad rows are reported and skipped (exit 2).\n\n"
    "Models: bradley-terry (default; logit scale) or thurstone (Case V, probit scale).\n"
    "--anchors FILE.csv (thurstone only): id,score rows with known scores that are\n"
    "held fixed and set the scale, so runs sharing anchors give comparable scores.\n\n"
    "example:\n"
    "  printf 'a,b,outcome\\nimg1,img2,1\\nimg2,img3,0.5\\nimg1,img3,1\\n' > votes.csv\n"
    "  versus fit votes.csv --json\n\n"
    "exit codes: 0 ok, 1 usage error, 2 fitted but some rows were skipped,\n"
    "            3 could not run (unreadable file, no usable rows, bad anchors)\n";

int Fail(int code, const std::string& what, const std::string& why) {
  std::fprintf(stderr, "versus: %s: %s\n", what.c_str(), why.c_str());
  return code;
}

}  // namespace

int RunFit(int argc, char** argv) {
  std::string input, model = "bradley-terry", anchors_path, method = "newton";
  double prior = 0.01;
  bool json = false, verbose = false;
  po::options_description opts("options");
  opts.add_options()("help,h", "show this help")(
      "model", po::value(&model)->default_value(model), "bradley-terry | thurstone")(
      "anchors", po::value(&anchors_path), "id,score CSV of items with known scores (thurstone)")(
      "json", po::bool_switch(&json), "print {\"items\":[{id,score,ci_low,ci_high,rank}]}")(
      "method", po::value(&method)->default_value(method),
      "bradley-terry solver: newton | mm")(
      "prior", RangedValue(&prior, "--prior", {1e-9, 1e9})->default_value(prior),
      "precision of the N(0, 1/prior) prior on each score (> 0; keeps undefeated items finite)")(
      "verbose,v", po::bool_switch(&verbose), "print the solver report on stderr");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "versus: fit: %s\n%s\n", e.what(), kUsage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << "\n\n" << opts << kHelpText;
    return kExitOk;
  }
  if (input.empty()) {
    std::fprintf(stderr, "versus: fit: no input file\n%s\n", kUsage);
    return kExitUsage;
  }
  if (model != "bradley-terry" && model != "thurstone")
    return Fail(kExitUsage, "fit --model", "unknown model '" + model +
                                               "' (use bradley-terry or thurstone)");
  if (method != "newton" && method != "mm")
    return Fail(kExitUsage, "fit --method", "unknown method '" + method + "' (newton or mm)");
  if (!anchors_path.empty() && model != "thurstone")
    return Fail(kExitUsage, "fit --anchors",
                "anchors fix a Thurstone scale; add --model thurstone");

  std::ifstream in(input);
  if (!in) return Fail(kExitFailed, input, "cannot open for reading");
  sorting::LabeledComparisons lc;
  std::vector<sorting::Anchor> anchors;
  try {
    sorting::CsvReadOptions ro;
    ro.skip_bad_rows = true;
    lc = sorting::ReadPairwiseCsv(in, input, ro);
    if (!anchors_path.empty()) {
      std::ifstream ain(anchors_path);
      if (!ain) return Fail(kExitFailed, anchors_path, "cannot open for reading");
      anchors = sorting::ReadAnchorsCsv(ain, anchors_path, &lc.ids);
      lc.data.item_count = lc.ids.size();
    }
  } catch (const sorting::Error& e) {
    std::fprintf(stderr, "versus: %s\n", e.what());
    return kExitFailed;
  }
  const std::size_t shown = std::min<std::size_t>(lc.row_errors.size(), 20);
  for (std::size_t k = 0; k < shown; ++k)
    std::fprintf(stderr, "versus: %s (row skipped)\n", lc.row_errors[k].c_str());
  if (lc.row_errors.size() > shown)
    std::fprintf(stderr, "versus: %s: %zu more bad rows skipped\n", input.c_str(),
                 lc.row_errors.size() - shown);
  if (lc.data.comparisons.empty())
    return Fail(kExitFailed, input, "no usable comparisons (rows are a,b,outcome[,weight])");

  sorting::PairwiseProblem problem;
  problem.model = model == "thurstone" ? sorting::Model::kThurstone : sorting::Model::kBradleyTerry;
  problem.data = std::move(lc.data);
  problem.anchors = std::move(anchors);
  problem.prior_strength = prior;
  sorting::SolverOptions options;
  // --method names the Bradley-Terry solver; Thurstone is always fitted by Newton.
  const bool mm = method == "mm" && problem.model == sorting::Model::kBradleyTerry;
  options.method = mm ? sorting::SolverMethod::kMM : sorting::SolverMethod::kNewton;
  sorting::Scores scores;
  sorting::SolverSummary summary;
  try {
    scores = sorting::Solve(options, problem, &summary);
  } catch (const sorting::Error& e) {
    return Fail(kExitFailed, input, e.what());
  }
  if (verbose) std::fprintf(stderr, "versus: fit: %s\n", summary.BriefReport().c_str());
  if (!summary.IsSolutionUsable()) return Fail(kExitFailed, input, "the fit failed: " + summary.message);
  if (!summary.Converged())
    std::fprintf(stderr, "versus: fit: warning: %s\n", summary.message.c_str());
  if (summary.comparisons_used == 0)
    return Fail(kExitFailed, input, "no usable comparisons (all self-comparisons or weight 0)");

  // Best first; equal scores share the better rank ("1224").
  const std::size_t n = lc.ids.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return scores.score[i] > scores.score[j]; });
  std::vector<std::size_t> rank(n);
  for (std::size_t k = 0; k < n; ++k)
    rank[order[k]] = (k > 0 && scores.score[order[k]] == scores.score[order[k - 1]])
                         ? rank[order[k - 1]]
                         : k + 1;
  if (json) {
    nlohmann::json items = nlohmann::json::array();
    for (std::size_t i : order)
      items.push_back({{"id", PathText(lc.ids[i])},
                       {"score", scores.score[i]},
                       {"ci_low", scores.ci_low[i]},
                       {"ci_high", scores.ci_high[i]},
                       {"rank", rank[i]}});
    nlohmann::json out = {{"model", model}, {"items", items}};
    std::cout << JsonText(out) << "\n";
  } else {
    std::size_t width = 2;
    for (const auto& id : lc.ids) width = std::max(width, id.size());
    std::printf("%6s  %-*s  %9s  %9s  %9s\n", "rank", static_cast<int>(width), "id", "score",
                "ci_low", "ci_high");
    for (std::size_t i : order)
      std::printf("%6zu  %-*s  %9.4f  %9.4f  %9.4f\n", rank[i], static_cast<int>(width),
                  lc.ids[i].c_str(), scores.score[i], scores.ci_low[i], scores.ci_high[i]);
  }
  return lc.row_errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
