// `versus sort PATH --into DIR`: ranks the photos and files them into star folders
// (or rank-prefixed names), sidecars included, with an undo journal.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "file_transfers.hpp"
#include "folder_locks.hpp"
#include "image_inputs.hpp"
#include "option_checks.hpp"
#include "path_text.hpp"
#include "ranking.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct SortFlags {
  std::vector<std::string> paths;
  fs::path into;
  std::string by = "stars";
  bool copy = false, move = false, recursive = false, dry_run = false, json = false;
  std::size_t budget = 0;
  JudgeFlags judge;
};

constexpr const char* kUsage =
    "usage: versus sort PATH... --into DIR [--by stars|rank] [--copy|--move] [-r] [--dry-run] [--json]\n\n"
    "Ranks the photos (as `versus rank` does) and files them into DIR:\n"
    "  --by stars (default): DIR/5-stars/ ... DIR/1-star/, DIR/rejected/: the rating in the\n"
    "                        photo's XMP if it has one (yours, `versus rate`'s, or -1 from\n"
    "                        `versus cull --action reject`), else stars by quantile within\n"
    "                        the set (each star a fifth of the photos, best fifth 5 stars);\n"
    "  --by rank:            DIR/0001-name.jpg, DIR/0002-... best first.\n"
    "XMP sidecars (name.ext.xmp and name.xmp) and the raw of a raw+JPEG pair (IMG_1.CR2\n"
    "beside IMG_1.JPG: one photo, the JPEG judged) travel with their photos. A name already\n"
    "taken in DIR gets -2, -3... (nothing is overwritten). --copy (default) leaves the\n"
    "originals; --move moves them. Every file is recorded in an undo journal in DIR\n"
    "before it is touched: `versus undo JOURNAL` puts everything back exactly.\n"
    "Photos that cannot be decoded are reported and left where they are.\n\n"
    "example: versus sort ~/shoot --into ~/shoot-sorted --move --dry-run\n\n";

std::string StarFolder(int stars) {
  if (stars <= 0) return "rejected";
  return stars == 1 ? "1-star" : std::to_string(stars) + "-stars";
}

// Rank prefixes wide enough for the set, at least 4 digits, so names sort by rank.
std::string RankedName(std::size_t rank, std::size_t count, const std::string& name) {
  const int width = std::max(4, int(std::to_string(count).size()));
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "%0*zu-", std::min(width, 20), rank);
  return prefix + name;
}

// The stars a photo is filed under: its XMP rating when it has one (-1..5, not 0),
// since that is what the photographer's tools show; else versus's stars.
int FilingStars(const std::string& path, int versus_stars) {
  try {
    const std::optional<int> rating = engine::ReadRatings(path).Rating();
    if (rating && *rating != engine::kRatingUnrated) return *rating;
  } catch (const engine::Error&) {
    // Unreadable metadata: file it by versus's ranking.
  }
  return versus_stars;
}

std::vector<ImageDestination> Destinations(const ImageInputs& in, const Ranking& ranking, const SortFlags& flags) {
  std::vector<ImageDestination> out;
  for (std::size_t r = 0; r < ranking.report.order.size(); ++r) {
    const std::size_t i = ranking.report.order[r];
    const std::string name = fs::path(in.images[i].path).filename().string();
    if (flags.by == "rank") {
      out.push_back({in.images[i].path, flags.into, RankedName(r + 1, ranking.report.order.size(), name)});
    } else {
      out.push_back({in.images[i].path, flags.into / StarFolder(FilingStars(in.images[i].path, ranking.report.stars[i])), name});
    }
  }
  return out;
}

nlohmann::json SortJson(const std::vector<PlannedTransfer>& plan, const TransferReport& report, const ImageInputs& in,
                        bool dry_run) {
  nlohmann::json doc{{"transfers", nlohmann::json::array()}, {"dry_run", dry_run}};
  for (const auto& t : plan) {
    doc["transfers"].push_back(
        {{"from", PathText(t.from)}, {"to", PathText(t.to)}, {"sidecar", t.sidecar}, {"companion", t.companion}});
  }
  doc["journal"] = report.journal.empty() ? nlohmann::json(nullptr) : nlohmann::json(PathText(report.journal));
  doc["errors"] = ErrorsJson(in.errors);
  for (const auto& e : ErrorsJson(report.errors)) doc["errors"].push_back(e);
  return doc;
}

std::optional<int> CheckFlags(const SortFlags& flags) {
  const char* problem = nullptr;
  if (flags.paths.empty()) problem = "no PATH given";
  else if (flags.into.empty()) problem = "--into DIR is required";
  else if (flags.by != "stars" && flags.by != "rank") problem = "--by must be stars or rank";
  else if (flags.copy && flags.move) problem = "give --copy or --move, not both";
  if (problem == nullptr) return std::nullopt;
  std::fprintf(stderr, "versus sort: %s\n%s", problem, kUsage);
  return kExitUsage;
}

}  // namespace

int RunSort(int argc, char** argv) {
  SortFlags flags;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("into", po::value(&flags.into), "target folder (made if missing)")
      ("by", po::value(&flags.by)->default_value("stars"), "stars | rank")
      ("copy", po::bool_switch(&flags.copy), "copy the photos (default)")
      ("move", po::bool_switch(&flags.move), "move the photos")
      ("recursive,r", po::bool_switch(&flags.recursive), "also search sub-folders")
      ("dry-run,n", po::bool_switch(&flags.dry_run), "print the plan; change nothing")
      ("json", po::bool_switch(&flags.json), "print JSON: {transfers:[{from,to,sidecar,companion}], journal, dry_run, errors}")
      ("budget", RangedValue(&flags.budget, "--budget", kBudgetRange)->default_value(0), "most pairs to judge (0 = automatic, as rank)");
  AddJudgeFlags(options, flags.judge);
  const CommandText text{"sort", kUsage,
                         "0 all filed, 1 usage error, 2 filed but some inputs failed (listed), 3 nothing could be read"};
  if (const auto stop = ParsePathArgs(argc, argv, options, flags.paths, text)) return *stop;
  if (const auto stop = CheckFlags(flags)) return *stop;
  flags.judge.changes_files = true;

  FolderLocks locks;  // the photos' folders and DIR, unless nothing will change
  const SourceLock lock_sources = [&](std::vector<fs::path> folders) {
    folders.push_back(flags.into);
    if (!flags.dry_run) locks.Lock(folders);
  };
  Ranking ranking;
  try {
    ranking = RankImages(flags.paths, flags.recursive, flags.judge, flags.budget, lock_sources);
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus sort: %s\n", e.what());
    return kExitFailed;
  }
  const ImageInputs& in = ranking.inputs;
  ReportErrors(in.errors);
  if (in.images.empty()) {
    std::fprintf(stderr, "versus sort: no readable photos\n");
    return kExitFailed;
  }
  const std::vector<PlannedTransfer> plan = PlanTransfers(Destinations(in, ranking, flags));
  const TransferMode mode = flags.move ? TransferMode::kMove : TransferMode::kCopy;
  const TransferReport report = CarryOut(plan, mode, flags.into, flags.dry_run, "sort", flags.json ? stderr : stdout, &locks);
  if (flags.json) std::cout << JsonText(SortJson(plan, report, in, flags.dry_run)) << "\n";
  if (report.refused) return kExitFailed;
  return in.errors.empty() && report.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
