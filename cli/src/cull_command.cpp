// `versus cull PATH...`: groups near-duplicates and bursts, ranks each group by
// pairwise comparison, keeps the best N and reports (or acts on) the rest.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "cull_groups.hpp"
#include "cull_ratings.hpp"
#include "file_transfers.hpp"
#include "image_inputs.hpp"
#include "option_checks.hpp"
#include "path_text.hpp"
#include "ranking.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct CullFlags {
  std::vector<std::string> paths;
  bool recursive = false, json = false, dry_run = false;
  std::size_t keep = 1;
  std::string action;  ///< "", "label", "reject", "move"
  bool reject_closed_eyes = false;  ///< --reject-closed-eyes: a photo with a blink is never kept
  fs::path move_to;
  engine::GroupingOptions grouping;
  JudgeFlags judge;
};

constexpr const char* kUsage =
    "usage: versus cull PATH... [-r] [--keep N] [--gap SECONDS] [--threshold T] [--json]\n"
    "                   [--action label|reject|move DIR] [--reject-closed-eyes] [--dry-run]\n\n"
    "Groups photos the way the shoot happened, ranks each group by comparing its photos\n"
    "pair by pair, and keeps the best N. Every image is in exactly one group:\n"
    "  burst           one camera body's frames in capture-time order (EXIF\n"
    "                  DateTimeOriginal + SubSecTimeOriginal; the body is its serial\n"
    "                  number, else its model, so two cameras are two sequences) with\n"
    "                  pauses of at most --gap; a frame whose mean similarity to the\n"
    "                  burst is under --burst-threshold starts a new one (the scene\n"
    "                  changed), and no burst spans more than --span seconds.\n"
    "  near-duplicate  photos alike whatever their times (mean similarity to the group\n"
    "                  >= --threshold: crops, flips, edits), or re-takes: a body that\n"
    "                  shoots one frame at a time (median pause over --gap) re-taking a\n"
    "                  scene, frames at most twice its median pause and --retake-gap\n"
    "                  apart, mean similarity >= --retake-threshold.\n"
    "  copy            a near-duplicate group whose hashes are identical (re-exports,\n"
    "                  resizes, re-encodes).\n"
    "A group of one is a burst of one frame. Frames taken at different moments (times\n"
    "more than --gap apart) or by two cameras are never copies: a copy keeps its\n"
    "original's time and camera, or loses them. Every test is against the group as a\n"
    "whole, never one link, so look-alike frames of one arena do not chain.\n"
    "Photos without an EXIF time are grouped by similarity alone (--threshold) and\n"
    "listed in file-name sequence (IMG_0412), then modification-time order.\n"
    "Similarity is from perceptual hashes of the decoded image (pHash and colour\n"
    "moments, OpenCV img_hash; each photo is decoded once): 1 identical, 0.75 about 8\n"
    "of 64 pHash bits apart, unrelated photos 0-0.6.\n\n"
    "Defaults, measured on a real two-body sports shoot (621 frames, bursts known) and\n"
    "a labelled near-duplicate set together (bench/README.md):\n"
    "  --gap 1        continuous drive is 3-14 frames/s (0.07-0.33 s); pauses up to 1 s\n"
    "                 are buffer stalls or refocus, a longer one a new press.\n"
    "  --span 10      40 frames at 4 fps fit; a stream of frames each under 1 s apart\n"
    "                 does not become one group.\n"
    "  --burst-threshold 0.2  pans and moving subjects: pairs within real bursts go down\n"
    "                 to 0.06 (10% under 0.43); 0.3 splits 2.5% of them, 0.4 10%.\n"
    "  --threshold 0.75  copies, flips and resizes are 0.9-1.0; frames of one arena\n"
    "                 seconds apart reach 0.84, so those are kept apart by their times.\n"
    "  --retake-gap 60, --retake-threshold 0.25  re-takes of one object 13-49 s apart\n"
    "                 are 0.16-0.6 alike; a burst shooter's separate bursts are as\n"
    "                 alike, which is why re-takes apply only to single-frame bodies.\n\n"
    "Without --action it only reports (group sizes first, so a wrong grouping shows\n"
    "before anything moves). --action move DIR moves every photo not kept\n"
    "(and its XMP sidecars) into DIR, writing an undo journal there (versus undo).\n"
    "--action reject sets xmp:Rating -1 on every photo not kept; --action label gives\n"
    "the keepers the colour label Green (xmp:Label). Both write XMP as `versus rate`\n"
    "does (embedded in JPEGs, else a darktable-style sidecar; atomic; other tags kept;\n"
    "a rating the user set is never replaced).\n\n"
    "Faces: the judge prefers open eyes and sharp eyes (a frame with a blink loses to\n"
    "one without; the reason says \"eyes closed in 'b.jpg'\"). --reject-closed-eyes goes\n"
    "further: a photo in which any face has its eyes closed is never kept, even alone in\n"
    "its group, so --action reject rejects it and --action move moves it away (faces too\n"
    "small, turned away or blurred to tell are not closed).\n\n"
    "example: versus cull ~/shoot -r --keep 1 --action move ~/shoot/culled --dry-run\n\n";

// `--action move DIR` takes two words, which program_options cannot express: take DIR
// out of argv first. A word that starts with '-' is an option, not DIR (`--action move
// --json` must not move the rejects into a folder named "--json"; write ./-dir for that).
std::vector<char*> SplitMoveTarget(int argc, char** argv, CullFlags& flags) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    const bool move = (std::strcmp(argv[i], "--action") == 0 && i + 1 < argc && std::strcmp(argv[i + 1], "move") == 0);
    const bool move_eq = std::strcmp(argv[i], "--action=move") == 0;
    rest.push_back(argv[i]);
    if (!move && !move_eq) continue;
    if (move) rest.push_back(argv[++i]);
    if (i + 1 < argc && argv[i + 1][0] != '-') flags.move_to = argv[++i];
  }
  return rest;
}

using Group = CullGroup;

// A grouping flag: its range checked (option_checks.hpp), its default shown as 0.4, not
// 0.40000000000000002.
po::typed_value<double>* Number(double& value, const char* flag, OptionRange<double> range) {
  return RangedValue(&value, flag, range)->default_value(value, OptionValueText(value));
}
const OptionRange<double> kSeconds{0.0, 31'536'000.0, "0 = off"};
const OptionRange<double> kSimilarity{0.0, 1.0};

std::string FileName(const std::string& path) { return fs::path(path).filename().string(); }

// Why the keeper was kept, from the typed verdict of the keeper (A) against the next best
// (B): "over the next best, 'b.jpg': sharper (1.8x the edge contrast)". When that pair
// went the other way, the keeper won on the sum of its comparisons with the group.
std::string KeeperReason(const engine::Verdict& verdict, std::size_t members, const std::string& keeper,
                         const std::string& next) {
  if (members == 1) return "no near-duplicate";
  const engine::Reason& reason = verdict.reason;
  if (!reason.winner) return "as good as the next best, '" + next + "' (too close to call: copies, or equal quality)";
  const engine::ImageNames names = {"'" + keeper + "'", "'" + next + "'"};
  const std::string over = "over the next best, '" + next + "': ";
  if (*reason.winner == engine::Side::kFirst) return over + engine::WinnerClausesText(reason, names);
  return "best on the sum of its comparisons with the group; " + over +
         engine::ReasonText(reason, names, engine::ReasonEnd::kNone);
}

bool EyesClosed(const engine::ImageProfile& p) { return engine::ClosedEyeCount(p.faces) > 0; }

// --reject-closed-eyes: photos with a blink move behind the others and are not kept;
// the reason says which and how many faces.
void RejectClosedEyes(Group& group, const ImageInputs& in) {
  const auto first_closed = std::stable_partition(group.members.begin(), group.members.end(),
                                                  [&](std::size_t i) { return !EyesClosed(in.images[i]); });
  const auto open = std::size_t(first_closed - group.members.begin());
  if (open == group.members.size()) return;
  group.keep = std::min(group.keep, open);
  std::string names;
  for (std::size_t k = open; k < group.members.size(); ++k) {
    const engine::ImageProfile& p = in.images[group.members[k]];
    names += (names.empty() ? "'" : ", '") + FileName(p.path) + "' (" + std::to_string(engine::ClosedEyeCount(p.faces)) +
             " of " + std::to_string(p.faces.size()) + " faces)";
  }
  group.reason += (open == 0 ? "; nothing kept, eyes closed in " : "; not kept, eyes closed: ") + names;
}

}  // namespace

std::vector<CullGroup> CullGroups(const ImageInputs& in, const engine::GroupingOptions& grouping, std::size_t keep) {
  std::vector<Group> groups;
  // Hashes come from the decode LoadImages already did; times and bodies are metadata.
  for (const engine::PhotoGroup& found : engine::GroupShots(engine::ReadShots(in.images), grouping)) {
    const std::vector<std::size_t>& indices = found.members;
    std::vector<const engine::ImageProfile*> members;
    for (std::size_t i : indices) members.push_back(&in.images[i]);
    const engine::GroupOrder order = engine::OrderGroup(*in.judge, members);
    Group group;
    for (std::size_t k : order.order) group.members.push_back(indices[k]);
    group.keep = std::min(keep, group.members.size());
    const std::string next = members.size() > 1 ? FileName(members[order.order[1]]->path) : "";
    group.reason = KeeperReason(order.best_vs_next, members.size(), FileName(members[order.order[0]]->path), next);
    group.how = found.how;
    group.span_seconds = found.span_seconds;
    groups.push_back(std::move(group));
  }
  return groups;
}

namespace {

// `human`: every photo on the human scale (HumanScaleOf), for a judge with anchors: each
// group then lists its members' scores and stars, best first as in members.
nlohmann::json CullJson(const ImageInputs& in, const std::vector<Group>& groups,
                        const std::optional<engine::RankerReport>& human) {
  nlohmann::json doc{{"groups", nlohmann::json::array()}};
  for (const Group& g : groups) {
    nlohmann::json members = nlohmann::json::array(), keep = nlohmann::json::array(), scores = nlohmann::json::array();
    for (std::size_t k = 0; k < g.members.size(); ++k) {
      members.push_back(PathText(in.images[g.members[k]].path));
      if (k < g.keep) keep.push_back(PathText(in.images[g.members[k]].path));
      if (human) scores.push_back(HumanScoreJson(in, *human, g.members[k]));
    }
    doc["groups"].push_back({{"members", members},
                             {"keep", keep},
                             {"reason", PathText(g.reason)},
                             {"how", engine::GroupKindName(g.how)},
                             {"span_seconds", std::round(g.span_seconds * 1000) / 1000}});
    if (human) doc["groups"].back()["images"] = scores;
  }
  doc["errors"] = ErrorsJson(in.errors);
  if (human) AddScaleJson(*human, doc);
  return doc;
}

// "246 groups: 80 of 1, 67 of 2, ... 2 of 10; largest 10": a wrong grouping (one huge
// group) shows at a glance.
void PrintSizes(const std::vector<Group>& groups) {
  std::map<std::size_t, std::size_t> count_by_size;
  for (const Group& g : groups) ++count_by_size[g.members.size()];
  std::printf("%zu groups:", groups.size());
  const char* separator = " ";
  for (const auto& [size, count] : count_by_size) {
    std::printf("%s%zu of %zu", separator, count, size);
    separator = ", ";
  }
  std::printf("; largest %zu\n", count_by_size.empty() ? 0 : count_by_size.rbegin()->first);
}

void PrintTable(const ImageInputs& in, const std::vector<Group>& groups) {
  PrintSizes(groups);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Group& group = groups[g];
    if (group.members.size() == 1) {
      std::printf("group %zu: 1 photo; %s\n", g + 1, group.reason.c_str());
    } else {
      std::printf("group %zu: %zu photos, %s over %s s; %s\n", g + 1, group.members.size(),
                  engine::GroupKindName(group.how), OptionValueText(group.span_seconds).c_str(), group.reason.c_str());
    }
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
                        flags.dry_run, flags.json ? stderr : stdout);
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
      ("gap", Number(flags.grouping.gap_seconds, "--gap", kSeconds),
       "longest pause (s) between frames of one burst (EXIF capture times); 0 = ignore times")
      ("span", Number(flags.grouping.max_span_seconds, "--span", kSeconds), "longest burst (s)")
      ("burst-threshold", Number(flags.grouping.burst_threshold, "--burst-threshold", kSimilarity),
       "least mean similarity of a frame to its burst; lower = the scene changed")
      ("threshold", Number(flags.grouping.threshold, "--threshold", {0.01, 1.0}),
       "similarity (0-1] from which photos are near-duplicates whatever their times")
      ("retake-gap", Number(flags.grouping.retake_gap_seconds, "--retake-gap", kSeconds),
       "longest pause (s) between re-takes of a single-frame body; 0 = no re-take series")
      ("retake-threshold", Number(flags.grouping.retake_threshold, "--retake-threshold", kSimilarity),
       "least mean similarity of re-takes")
      ("action", po::value(&flags.action), "label | reject | move DIR (default: report only)")
      ("reject-closed-eyes", po::bool_switch(&flags.reject_closed_eyes),
       "never keep a photo in which a face has its eyes closed (even alone in its group)")
      ("dry-run,n", po::bool_switch(&flags.dry_run), "print what --action would do; change nothing")
      ("json", po::bool_switch(&flags.json),
       "print JSON: {groups:[{members, keep, reason, how, span_seconds}], errors:[{path, reason}]}; with a judge "
       "that ships anchors each group also has images:[{path, score, ci_low, ci_high, stars}] (as members: best "
       "first; scores on the human scale as `versus rank` gives them), and the top level anchors, scale, stars");
  AddJudgeFlags(options, flags.judge);
  const CommandText text{"cull", kUsage,
                         "0 done, 1 usage error, 2 done but some inputs failed (listed), 3 nothing could be read"};
  std::vector<char*> args = SplitMoveTarget(argc, argv, flags);
  if (const auto stop = ParsePathArgs(int(args.size()), args.data(), options, flags.paths, text)) return *stop;
  if (const auto stop = CheckFlags(flags)) return *stop;
  flags.judge.changes_files = !flags.action.empty();

  FolderLocks locks;
  ImageInputs in;
  try {
    in = LoadImages(flags.paths, flags.recursive, flags.judge, true, LockForMove(flags, locks));
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus cull: %s\n", e.what());
    return kExitFailed;
  }
  ReportErrors(in.errors);
  std::vector<Group> groups = CullGroups(in, flags.grouping, flags.keep);
  if (flags.reject_closed_eyes) {
    for (Group& group : groups) RejectClosedEyes(group, in);
  }
  if (flags.json) {
    // The keepers are chosen within each group; the scores put every member on the
    // human scale, judged as `versus rank` judges the whole set.
    std::optional<engine::RankerReport> human;
    try {
      human = HumanScaleOf(in, StarScaleOf(flags.judge));
    } catch (const engine::Error& e) {
      std::fprintf(stderr, "versus cull: %s\n", e.what());
      return kExitFailed;
    }
    std::cout << JsonText(CullJson(in, groups, human)) << "\n";
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
