// `versus rate`: rank the images (ranking.cpp), map scores to stars by quantile, and
// write them as xmp:Rating with engine::RatingWriter (atomic, user ratings kept).
#include <cstdio>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "folder_locks.hpp"
#include "option_checks.hpp"
#include "path_text.hpp"
#include "ranking.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct RateFlags {
  std::vector<std::string> paths;
  bool recursive = false;
  bool json = false;
  std::size_t budget = 0;
  std::string target = "auto";
  std::string sidecar_style = "darktable";
  engine::RatingWriteOptions write;
  JudgeFlags judge;
};

constexpr const char* kUsage =
    "usage: versus rate PATH... [-r] [--target auto|embedded|sidecar] [--sidecar-style darktable|lightroom]\n"
    "                   [--overwrite] [--touch] [--dry-run] [--json] [--judge NAME] [--budget N]\n\n"
    "Ranks the images like `versus rank` and writes each one's stars as xmp:Rating (1-5,\n"
    "by fixed cuts on the human scale, MOS 0-100; --stars relative: each fifth of the set,\n"
    "worst to best, gets 1 to 5 stars), plus versus's score (MOS points with the judge's\n"
    "anchors), confidence and judge (Xmp.versus.*). Only those fields change: pixels and\n"
    "every other tag stay as they are, file times are kept, each write is atomic. A\n"
    "rating the user set is kept unless --overwrite.\n\n"
    "--target auto (default) updates an existing sidecar of either style; else it embeds\n"
    "the rating in writable JPEGs (only their XMP segment changes, proven before the\n"
    "rename) and writes a sidecar for everything else: raw files, read-only files, files\n"
    "with unreadable metadata, PNG/TIFF/WebP (where Exiv2 would re-serialise Exif; use\n"
    "--target embedded to embed there anyway). Sidecars are named IMG_1.CR2.xmp\n"
    "(darktable, default) or IMG_1.xmp (lightroom; not where two photos, other than a\n"
    "raw+JPEG pair, share the base name IMG_1); both styles are read.\n\n"
    "Camera raws are ranked from their embedded preview and rated by sidecar only. A\n"
    "raw+JPEG pair (IMG_1.CR2 + IMG_1.JPG in one folder) is one photo: the JPEG is\n"
    "ranked and both get its stars (neither, if the user rated either one).\n\n"
    "example: versus rate ~/shoot -r --dry-run\n\n";

struct FileReport {
  std::string path;
  int stars = 0;
  double score = 0;
  double confidence = 0;
  engine::RatingWriteResult result;
  std::string failure;  ///< non-empty: the write failed, this is why
  std::string companion_of;  ///< set for the raw of a raw+JPEG pair: the image ranked for it
};

const char* ActionName(const FileReport& f) {
  return f.failure.empty() ? engine::RatingActionName(f.result.action) : "failed";
}

nlohmann::json RateJson(const Ranking& ranking, const std::vector<FileReport>& files, const RateFlags& flags,
                        std::size_t stale_temps) {
  nlohmann::json doc;
  doc["files"] = nlohmann::json::array();
  std::size_t counts[5] = {};  // written, would-write, skipped, failed, user ratings kept
  for (const FileReport& f : files) {
    nlohmann::json entry = {{"path", PathText(f.path)},
                            {"stars", f.stars},
                            {"score", f.score},
                            {"confidence", f.confidence},
                            {"previous_rating", f.result.previous ? nlohmann::json(*f.result.previous) : nlohmann::json()},
                            {"action", ActionName(f)},
                            {"target", PathText(f.result.target_file)}};
    const std::string reason = f.failure.empty() ? f.result.reason : f.failure;
    if (!reason.empty()) entry["reason"] = PathText(reason);
    if (!f.companion_of.empty()) entry["companion_of"] = PathText(f.companion_of);
    doc["files"].push_back(entry);
    ++counts[f.failure.empty() ? int(f.result.action) : 3];
    counts[4] += f.result.user_rating_kept;
  }
  doc["errors"] = ErrorsJson(ranking.inputs.errors);
  doc["summary"] = {{"written", counts[0]},          {"would_write", counts[1]},
                    {"skipped", counts[2]},          {"user_ratings_kept", counts[4]},
                    {"failed", counts[3]},           {"not_ranked", ranking.inputs.errors.size()},
                    {"stale_temps_removed", stale_temps}};
  doc["stars_mapping"] = ranking.report.star_thresholds ? "threshold" : "quantile";
  doc["stars"] = StarsName(ranking.report);
  doc["scale"] = ScaleName(ranking.report);
  doc["anchors"] = ranking.report.anchors;
  doc["target"] = flags.target;
  doc["sidecar_style"] = flags.sidecar_style;
  doc["dry_run"] = flags.write.dry_run;
  doc["judge"] = std::string(ranking.inputs.judge->name());
  doc["comparisons"] = ranking.report.judged.comparisons.size();
  return doc;
}

void PrintTable(const std::vector<FileReport>& files) {
  std::printf("%-5s  %7s  %-11s  %-8s  %s\n", "stars", "score", "action", "previous", "path -> target");
  for (const FileReport& f : files) {
    const std::string previous = f.result.previous ? std::to_string(*f.result.previous) : "-";
    std::printf("%-5s  %7.2f  %-11s  %-8s  %s -> %s\n", std::string(std::size_t(std::max(0, f.stars)), '*').c_str(),
                f.score, ActionName(f), previous.c_str(), f.path.c_str(), f.result.target_file.c_str());
    if (!f.result.reason.empty()) std::printf("%38s%s\n", "", f.result.reason.c_str());
  }
}

// Every folder a photo was found in is locked (by the writer, which then writes
// there) before the long ranking, so a second versus on any of them is told at once.
SourceLock LockThrough(engine::RatingWriter& writer) {
  return [&writer](const std::vector<fs::path>& folders) {
    LockInOrder(folders, [&writer](const fs::path& folder) { writer.LockFolder(folder); });
  };
}

FileReport WriteOne(const std::string& path, const engine::RatingValues& values, engine::RatingWriter& writer) {
  FileReport f{path, values.stars, *values.score, *values.confidence, {}, {}, {}};
  try {
    f.result = writer.Write(f.path, values);
  } catch (const engine::Error& e) {
    f.failure = e.what();
    f.result.target_file = writer.TargetFile(f.path);
    std::fprintf(stderr, "versus: %s: %s\n", f.path.c_str(), e.what());
  }
  return f;
}

// A rating the user gave either file of a raw+JPEG pair is the photo's (darktable users
// rate the raw): the other file must not get other stars, which sort would file it by.
std::string PairUserRating(const std::vector<std::string>& pair) {
  for (const std::string& path : pair) {
    try {
      const engine::ImageRatings ratings = engine::ReadRatings(path);
      if (const engine::RatingSource* user = ratings.UserRating()) {
        return "rated " + std::to_string(*user->rating) + " by the user in " + user->file.filename().string() +
               " (kept for both files of the raw+JPEG pair; --overwrite replaces it)";
      }
    } catch (const engine::Error&) {
    }  // unreadable: its write below reports why
  }
  return "";
}

FileReport KeptForPair(const std::string& path, const engine::RatingValues& values, const std::string& reason,
                       const engine::RatingWriter& writer) {
  FileReport f{path, values.stars, *values.score, *values.confidence, {}, {}, {}};
  f.result.target_file = writer.TargetFile(path);
  f.result.user_rating_kept = true;
  f.result.reason = reason;
  try {
    f.result.previous = engine::ReadRatings(path).Rating();
  } catch (const engine::Error&) {
  }
  return f;
}

// Each ranked image, then the companions of its raw+JPEG pair with the same values
// (a raw gets a sidecar: RatingWriter never rewrites raws).
std::vector<FileReport> WriteRatings(const Ranking& ranking, engine::RatingWriter& writer, bool overwrite) {
  const std::vector<double> confidence = engine::StarConfidence(ranking.report);
  std::vector<FileReport> files;
  for (std::size_t i : ranking.report.order) {
    const engine::ImageProfile& image = ranking.inputs.images[i];
    engine::RatingValues values;
    values.stars = ranking.report.stars[i];
    values.score = ranking.report.scores.score[i];
    values.confidence = confidence[i];
    values.judge = std::string(ranking.inputs.judge->name());
    std::vector<std::string> pair{image.path};
    pair.insert(pair.end(), image.companions.begin(), image.companions.end());
    const std::string kept = pair.size() > 1 && !overwrite ? PairUserRating(pair) : "";
    for (const std::string& path : pair) {
      files.push_back(kept.empty() ? WriteOne(path, values, writer) : KeptForPair(path, values, kept, writer));
      if (path != image.path) files.back().companion_of = image.path;
    }
  }
  return files;
}

}  // namespace

int RunRate(int argc, char** argv) {
  RateFlags flags;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("recursive,r", po::bool_switch(&flags.recursive), "also search sub-folders")
      ("target", po::value(&flags.target)->default_value("auto"), "auto, embedded or sidecar (see above)")
      ("sidecar-style", po::value(&flags.sidecar_style)->default_value("darktable"),
       "darktable (IMG_1.CR2.xmp) or lightroom (IMG_1.xmp) for new sidecars")
      ("overwrite", po::bool_switch(&flags.write.overwrite), "replace ratings the user set (else they are kept)")
      ("touch", po::bool_switch(&flags.write.touch), "let file times change (else they are kept)")
      ("dry-run,n", po::bool_switch(&flags.write.dry_run), "print what would change, write nothing")
      ("json", po::bool_switch(&flags.json),
       "print JSON: {files:[{path,stars,score,confidence,previous_rating,action,target,reason,companion_of}],\n"
       "errors:[{path,reason}], summary}; companion_of: the JPEG whose stars the raw of a raw+JPEG pair got")
      ("budget", RangedValue(&flags.budget, "--budget", kBudgetRange)->default_value(0), "most pairs to judge (0 = automatic)");
  AddJudgeFlags(options, flags.judge);
  const CommandText text{"rate", kUsage,
                         "0 all rated (or skipped), 1 usage error, 2 finished but some files could not be ranked or "
                         "written (listed), 3 could not run (nothing ranked, folder locked by another versus)"};
  if (const auto stop = ParsePathArgs(argc, argv, options, flags.paths, text)) return *stop;
  flags.judge.changes_files = true;
  try {
    flags.write.target = engine::ParseRatingTarget(flags.target);
    flags.write.sidecar_style = engine::ParseSidecarStyle(flags.sidecar_style);
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus rate: %s\n", e.what());
    return kExitUsage;
  }
  if (flags.paths.empty()) {
    std::fprintf(stderr, "versus rate: no PATH given\n%s", kUsage);
    return kExitUsage;
  }

  engine::RatingWriter writer(flags.write);
  Ranking ranking;
  try {
    ranking = RankImages(flags.paths, flags.recursive, flags.judge, flags.budget, LockThrough(writer));
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus rate: %s\n", e.what());
    return kExitFailed;
  }
  // A broken JPEG whose raw was judged instead still gets the pair's stars (a sidecar).
  std::set<std::string> rated_with_pair;
  for (const engine::ImageProfile& image : ranking.inputs.images) {
    rated_with_pair.insert(image.companions.begin(), image.companions.end());
  }
  for (const auto& e : ranking.inputs.errors) {
    const char* fate = rated_with_pair.count(e.path) ? "not ranked; rated with its raw+JPEG pair" : "not ranked, not rated";
    std::fprintf(stderr, "versus: %s: %s (%s)\n", e.path.c_str(), e.reason.c_str(), fate);
  }
  const std::vector<FileReport> files = WriteRatings(ranking, writer, flags.write.overwrite);
  const nlohmann::json doc = RateJson(ranking, files, flags, writer.stale_temps_removed());
  const auto& summary = doc["summary"];
  if (flags.json) {
    std::cout << JsonText(doc) << "\n";
  } else {
    PrintTable(files);
    std::fprintf(stderr,
                 "versus rate: %zu written, %zu would be written, %zu skipped (%zu rated by the user%s), %zu failed, "
                 "%zu not ranked\n",
                 summary["written"].get<std::size_t>(), summary["would_write"].get<std::size_t>(),
                 summary["skipped"].get<std::size_t>(), summary["user_ratings_kept"].get<std::size_t>(),
                 flags.write.overwrite ? "" : "; --overwrite replaces them", summary["failed"].get<std::size_t>(),
                 summary["not_ranked"].get<std::size_t>());
  }
  if (files.empty()) return kExitFailed;
  const bool all_fine = summary["failed"] == 0 && summary["not_ranked"] == 0;
  return all_fine ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
