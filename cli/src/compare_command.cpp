// `versus compare A B [C [D]]`: the judge's verdict on 2-4 images, per dimension, why.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>

#include "commands.hpp"
#include "image_inputs.hpp"

namespace versus::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: versus compare A B [C [D]] [--json] [--judge NAME]\n\n"
    "Says which image is technically better and why: the probability that the winner\n"
    "is better, which image wins each dimension (sharpness, noise, exposure, colour,\n"
    "compression, overall) and by how much (log-odds margin), and a one-sentence\n"
    "reason. With 3 or 4 images, also their order, best first.\n\n"
    "example: versus compare edit1.jpg edit2.jpg --json\n\n";

// M[i][j] = the judge's verdict on image i against image j.
using VerdictMatrix = std::vector<std::vector<engine::Verdict>>;

VerdictMatrix JudgeAll(const ImageInputs& in) {
  const std::size_t n = in.images.size();
  VerdictMatrix m(n, std::vector<engine::Verdict>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      m[i][j] = in.judge->Compare(in.images[i], in.images[j]);
      m[j][i] = in.judge->Compare(in.images[j], in.images[i]);
    }
  }
  return m;
}

// Copeland-style order by summed log-odds against every other image (for 2-4 images
// the exact all-pairs sum; the solver is for large sets).
std::vector<std::size_t> Order(const VerdictMatrix& m, std::size_t dim) {
  const std::size_t n = m.size();
  std::vector<double> total(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j) total[i] += m[i][j].dimensions[dim].margin;
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return total[a] > total[b]; });
  return order;
}

std::string Name(const engine::ImageProfile& p) { return std::filesystem::path(p.path).filename().string(); }

// The comparator speaks of "the first/second image"; the user knows file names.
std::string NameImages(std::string reason, const std::string& first, const std::string& second) {
  for (auto [from, to] : {std::pair{"The first image", "'" + first + "'"}, {"the first image", "'" + first + "'"},
                          {"The second image", "'" + second + "'"}, {"the second image", "'" + second + "'"}}) {
    for (auto at = reason.find(from); at != std::string::npos; at = reason.find(from)) reason.replace(at, std::string(from).size(), to);
  }
  return reason;
}

}  // namespace

int RunCompare(int argc, char** argv) {
  std::vector<std::string> paths;
  bool json = false;
  JudgeFlags judge_flags;
  po::options_description options("options");
  options.add_options()("help,h", "show this help")("json", po::bool_switch(&json),
                                                     "print JSON: {winner, probability, order, dimensions:[{name, winner, margin}], reason}");
  AddJudgeFlags(options, judge_flags);
  const CommandText text{"compare", kUsage,
                         "0 compared, 1 usage error, 2 compared but some images failed, 3 fewer than two usable images"};
  if (const auto stop = ParsePathArgs(argc, argv, options, paths, text)) return *stop;
  if (paths.size() < 2 || paths.size() > 4) {
    std::fprintf(stderr, "versus compare: give 2 to 4 images (got %zu)\n%s", paths.size(), kUsage);
    return kExitUsage;
  }

  ImageInputs in;
  try {
    in = LoadImages(paths, false, judge_flags);
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus compare: %s\n", e.what());
    return kExitFailed;
  }
  ReportErrors(in.errors);
  if (in.images.size() < 2) {
    std::fprintf(stderr, "versus compare: need at least two readable images\n");
    return kExitFailed;
  }
  // Keep the user's order (FindImages sorts paths).
  std::stable_sort(in.images.begin(), in.images.end(), [&](auto& a, auto& b) {
    auto pos = [&](const std::string& p) {
      return std::find_if(paths.begin(), paths.end(), [&](auto& q) { return std::filesystem::path(q).lexically_normal() == p; }) - paths.begin();
    };
    return pos(a.path) < pos(b.path);
  });

  const VerdictMatrix m = JudgeAll(in);
  const std::size_t overall = m[0][1].dimensions.size() - 1;
  const std::vector<std::size_t> order = Order(m, overall);
  const std::size_t winner = order[0], runner_up = order[1];
  const engine::Verdict& verdict = m[winner][runner_up];
  const std::string reason = NameImages(verdict.reason, Name(in.images[winner]), Name(in.images[runner_up]));

  nlohmann::json doc;
  doc["winner"] = in.images[winner].path;
  doc["probability"] = verdict.p_a_better;
  doc["order"] = nlohmann::json::array();
  for (std::size_t i : order) doc["order"].push_back(in.images[i].path);
  doc["dimensions"] = nlohmann::json::array();
  for (std::size_t d = 0; d < verdict.dimensions.size(); ++d) {
    const std::vector<std::size_t> dim_order = Order(m, d);
    const double margin = m[dim_order[0]][dim_order[1]].dimensions[d].margin;
    const bool tie = std::abs(margin) < 1e-9;
    doc["dimensions"].push_back({{"name", std::string(engine::DimensionName(verdict.dimensions[d].dimension))},
                                 {"winner", tie ? nlohmann::json(nullptr) : nlohmann::json(in.images[dim_order[0]].path)},
                                 {"margin", margin}});
  }
  doc["reason"] = reason;
  doc["judge"] = std::string(in.judge->name());
  doc["errors"] = nlohmann::json::array();
  for (const auto& e : in.errors) doc["errors"].push_back({{"path", e.path}, {"reason", e.reason}});

  if (json) {
    std::cout << doc.dump(2) << "\n";
  } else {
    std::printf("%s is better (%.0f%%)\n", Name(in.images[winner]).c_str(), 100.0 * verdict.p_a_better);
    if (order.size() > 2) {
      std::printf("order:");
      for (std::size_t i : order) std::printf(" %s", Name(in.images[i]).c_str());
      std::printf("\n");
    }
    for (const auto& d : doc["dimensions"]) {
      const std::string w =
          d["winner"].is_null() ? "tie" : std::filesystem::path(d["winner"].get<std::string>()).filename().string();
      std::printf("  %-12s %-30s margin %.2f\n", d["name"].get<std::string>().c_str(), w.c_str(), d["margin"].get<double>());
    }
    std::printf("%s\n", reason.c_str());
  }
  return in.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
