// `versus cull PATH...`: groups near-duplicates and bursts, ranks each group by
// pairwise comparison, keeps the best N and reports (or acts on) the rest.
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "cull_ratings.hpp"
#include "file_transfers.hpp"
#include "image_inputs.hpp"
#include "option_checks.hpp"
#include "path_text.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct CullFlags {
  std::vector<std::string> paths;
  bool recursive = false, json = false, dry_run = false;
  std::size_t keep = 1;
  std::string action;  ///< "", "label", "reject", "move"
  fs::path move_to;
  engine::GroupingOptions grouping;
  JudgeFlags judge;
};

constexpr const char* kUsage =
    "usage: versus cull PATH... [-r] [--keep N] [--threshold T] [--gap SECONDS] [--json]\n"
    "                   [--action label|reject|move DIR] [--dry-run]\n\n"
    "Groups near-duplicates and bursts, ranks each group by comparing its photos pair by\n"
    "pair, and keeps the best N. Two photos are grouped when their perceptual hashes\n"
    "(pHash and colour moments of the decoded image, OpenCV img_hash) give a similarity\n"
    ">= --threshold, or when EXIF DateTimeOriginal puts them within --gap seconds and\n"
    "the similarity is >= --burst-threshold; groups are the connected components. Every\n"
    "image is in exactly one group (a photo with no near-duplicate is a group of one).\n"
    "Similarity is 1 - max-normalised hash distance: 1 identical, 0.75 (default) about\n"
    "8 of 64 pHash bits; raise it for fewer, tighter groups.\n"
    "Without --action it only reports. --action move DIR moves every photo not kept\n"
    "(and its XMP sidecars) into DIR, writing an undo journal there (versus undo).\n"
    "--action reject sets xmp:Rating -1 on every photo not kept; --action label gives\n"
    "the keepers the colour label Green (xmp:Label). Both write XMP as `versus rate`\n"
    "does (embedded in JPEGs, else a darktable-style sidecar; atomic; other tags kept;\n"
    "a rating the user set is never replaced).\n\n"
    "example: versus cull ~/shoot -r --keep 1 --action move ~/shoot/culled --dry-run\n\n";

// `--action move DIR` takes two words, which program_options cannot express: take DIR
// out of argv first.
std::vector<char*> SplitMoveTarget(int argc, char** argv, CullFlags& flags) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    const bool move = (std::strcmp(argv[i], "--action") == 0 && i + 1 < argc && std::strcmp(argv[i + 1], "move") == 0);
    const bool move_eq = std::strcmp(argv[i], "--action=move") == 0;
    rest.push_back(argv[i]);
    if (!move && !move_eq) continue;
    if (move) rest.push_back(argv[++i]);
    if (i + 1 < argc) flags.move_to = argv[++i];
  }
  return rest;
}

struct Group {
  std::vector<std::size_t> members;  ///< image indices, best first
  std::size_t keep = 0;              ///< how many of the first members are kept
  std::string reason;
};

// 0.4, not 0.40000000000000002, in --help.
std::string Shortest(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string FileName(const std::string& path) { return fs::path(path).filename().string(); }

// "The first image is better: sharper (1.8x the edge contrast)." -> "over the next
// best, 'b.jpg': sharper (1.8x the edge contrast)".
std::string KeeperReason(const engine::Verdict& verdict, std::size_t members, const std::string& next) {
  if (members == 1) return "no near-duplicate";
  std::string text = verdict.reason;
  if (!text.empty() && text.back() == '.') text.pop_back();
  const std::string over = "over the next best, '" + next + "': ";
  if (text.find("too close to call") != std::string::npos) {
    return "as good as the next best, '" + next + "' (too close to call: copies, or equal quality)";
  }
  const std::string head = "The first image is better";
  if (text.rfind(head, 0) != 0) return "best on the sum of its comparisons with the group; " + over + text;
  text.erase(0, head.size());
  if (text.rfind(": ", 0) == 0) text.erase(0, 2);
  if (text.rfind(" overall", 0) == 0) text = "better overall" + text.substr(8);
  return over + text;
}

std::vector<Group> CullGroups(const ImageInputs& in, const CullFlags& flags) {
  std::vector<engine::PerceptualHash> hashes;
  std::vector<std::optional<double>> times;
  for (const auto& image : in.images) {
    hashes.push_back(image.hash);
    times.push_back(engine::CaptureTime(image.path));
  }
  std::vector<Group> groups;
  for (const auto& indices : engine::GroupNearDuplicates(hashes, times, flags.grouping)) {
    std::vector<const engine::ImageProfile*> members;
    for (std::size_t i : indices) members.push_back(&in.images[i]);
    const engine::GroupOrder order = engine::OrderGroup(*in.judge, members);
    Group group;
    for (std::size_t k : order.order) group.members.push_back(indices[k]);
    group.keep = std::min(flags.keep, group.members.size());
    const std::string next = members.size() > 1 ? FileName(members[order.order[1]]->path) : "";
    group.reason = KeeperReason(order.best_vs_next, members.size(), next);
    groups.push_back(std::move(group));
  }
  return groups;
}

nlohmann::json CullJson(const ImageInputs& in, const std::vector<Group>& groups) {
  nlohmann::json doc{{"groups", nlohmann::json::array()}};
  for (const Group& g : groups) {
    nlohmann::json members = nlohmann::json::array(), keep = nlohmann::json::array();
    for (std::size_t k = 0; k < g.members.size(); ++k) {
      members.push_back(PathText(in.images[g.members[k]].path));
      if (k < g.keep) keep.push_back(PathText(in.images[g.members[k]].path));
    }
    doc["groups"].push_back({{"members", members}, {"keep", keep}, {"reason", g.reason}});
  }
  doc["errors"] = ErrorsJson(in.errors);
  return doc;
}

void PrintTable(const ImageInputs& in, const std::vector<Group>& groups) {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Group& group = groups[g];
    std::printf("group %zu: %zu photo(s); %s\n", g + 1, group.members.size(), group.reason.c_str());
    for (std::size_t k = 0; k < group.members.size(); ++k) {
      std::printf("  %-6s %s\n", k < group.keep ? "keep" : "-", in.images[group.members[k]].path.c_str());
    }
  }
}

int Act(const ImageInputs& in, const std::vector<Group>& groups, const CullFlags& flags, FolderLocks& locks) {
  std::vector<std::string> keepers, rejects;
  std::vector<ImageDestination> moves;
  for (const Group& g : groups) {
    for (std::size_t k = 0; k < g.members.size(); ++k) {
      const std::string& path = in.images[g.members[k]].path;
      (k < g.keep ? keepers : rejects).push_back(path);
      if (k >= g.keep) moves.push_back({path, flags.move_to, FileName(path)});
    }
  }
  if (flags.action == "label" || flags.action == "reject") {
    return ApplyRatings(flags.action == "label" ? CullMark::kLabelKeepers : CullMark::kRejectOthers, keepers, rejects,
                        flags.dry_run);
  }
  const TransferReport report =
      CarryOut(PlanTransfers(moves), TransferMode::kMove, flags.move_to, flags.dry_run, "cull",
               flags.json ? stderr : stdout, &locks);
  if (report.refused) return kExitFailed;
  return report.errors.empty() ? kExitOk : kExitSomeFailed;
}

// --action move locks the photos' folders and DIR before the photos are read (reject
// and label lock through the rating writer, cull_ratings.cpp).
SourceLock LockForMove(const CullFlags& flags, FolderLocks& locks) {
  if (flags.action != "move" || flags.dry_run) return {};
  return [&flags, &locks](std::vector<fs::path> folders) {
    folders.push_back(flags.move_to);
    locks.Lock(folders);
  };
}

std::optional<int> CheckFlags(const CullFlags& flags) {
  const char* problem = nullptr;
  if (flags.paths.empty()) problem = "no PATH given";
  else if (!flags.action.empty() && flags.action != "label" && flags.action != "reject" && flags.action != "move")
    problem = "--action must be label, reject or move DIR";
  else if (flags.action == "move" && flags.move_to.empty()) problem = "--action move needs a folder: --action move DIR";
  if (problem == nullptr) return std::nullopt;
  std::fprintf(stderr, "versus cull: %s\n%s", problem, kUsage);
  return kExitUsage;
}

}  // namespace

int RunCull(int argc, char** argv) {
  CullFlags flags;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("recursive,r", po::bool_switch(&flags.recursive), "also search sub-folders")
      ("keep", RangedValue(&flags.keep, "--keep", {std::size_t{1}, std::size_t{1000000}})->default_value(1), "photos kept per group, best first")
      ("threshold", RangedValue(&flags.grouping.threshold, "--threshold", {0.01, 1.0})->default_value(flags.grouping.threshold),
       "similarity (0-1] from which two photos are near-duplicates")
      ("burst-threshold", RangedValue(&flags.grouping.burst_threshold, "--burst-threshold", {0.0, 1.0})
           ->default_value(flags.grouping.burst_threshold, Shortest(flags.grouping.burst_threshold)),
       "similarity enough for photos taken within --gap seconds")
      ("gap", RangedValue(&flags.grouping.gap_seconds, "--gap", {0.0, 31'536'000.0, "0 = ignore times"})->default_value(flags.grouping.gap_seconds),
       "seconds between captures (EXIF DateTimeOriginal) that still make one series (bursts, re-takes); 0 = ignore times")
      ("action", po::value(&flags.action), "label | reject | move DIR (default: report only)")
      ("dry-run,n", po::bool_switch(&flags.dry_run), "print what --action would do; change nothing")
      ("json", po::bool_switch(&flags.json), "print JSON: {groups:[{members, keep, reason}], errors:[{path, reason}]}");
  AddJudgeFlags(options, flags.judge);
  const CommandText text{"cull", kUsage,
                         "0 done, 1 usage error, 2 done but some inputs failed (listed), 3 nothing could be read"};
  std::vector<char*> args = SplitMoveTarget(argc, argv, flags);
  if (const auto stop = ParsePathArgs(int(args.size()), args.data(), options, flags.paths, text)) return *stop;
  if (const auto stop = CheckFlags(flags)) return *stop;

  FolderLocks locks;
  ImageInputs in;
  try {
    in = LoadImages(flags.paths, flags.recursive, flags.judge, true, LockForMove(flags, locks));
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus cull: %s\n", e.what());
    return kExitFailed;
  }
  ReportErrors(in.errors);
  const std::vector<Group> groups = CullGroups(in, flags);
  if (flags.json) {
    std::cout << JsonText(CullJson(in, groups)) << "\n";
  } else {
    PrintTable(in, groups);
  }
  std::fprintf(stderr, "versus cull: %zu photos in %zu groups, %zu failed\n", in.images.size(), groups.size(),
               in.errors.size());
  if (in.images.empty()) return kExitFailed;
  const int acted = flags.action.empty() ? kExitOk : Act(in, groups, flags, locks);
  if (acted != kExitOk) return acted;
  return in.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
