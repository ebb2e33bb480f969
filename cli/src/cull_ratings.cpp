#include "cull_ratings.hpp"

#include <cstdio>

#include "commands.hpp"
#include "folder_locks.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/raw_pairs.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::cli {

namespace fs = std::filesystem;

namespace {

// A rating the user gave either file of a raw+JPEG pair is the photo's (darktable users
// rate the raw): rejecting the other file would file the photo as rejected.
bool PairRatedByUser(const std::string& photo, const std::vector<fs::path>& companions) {
  std::vector<fs::path> pair{photo};
  pair.insert(pair.end(), companions.begin(), companions.end());
  for (const fs::path& file : pair) {
    try {
      if (engine::ReadRatings(file).UserRating() != nullptr) return true;
    } catch (const engine::Error&) {
    }  // unreadable: its write reports why
  }
  return false;
}

}  // namespace

int ApplyRatings(CullMark mark, const std::vector<std::string>& keepers, const std::vector<std::string>& rejects,
                 bool dry_run, std::FILE* report) {
  engine::RatingWriteOptions options;
  options.dry_run = dry_run;
  engine::RatingWriter writer(options);
  engine::RatingValues values;
  if (mark == CullMark::kLabelKeepers) {
    values.set_rating = false;
    values.label = kKeeperLabel;
  } else {
    values.stars = engine::kRatingRejected;
    values.judge = "cull";
  }
  const std::vector<std::string>& files = mark == CullMark::kLabelKeepers ? keepers : rejects;
  try {  // every folder first, in the one order (folder_locks.hpp)
    LockInOrder(FoldersOf({files.begin(), files.end()}), [&writer](const fs::path& f) { writer.LockFolder(f); });
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus cull: %s\n", e.what());
    return kExitFailed;
  }
  std::size_t failed = 0;
  // Each photo, then the raw of its raw+JPEG pair: one mark for both.
  const auto companions = engine::FindCompanions(std::vector<std::filesystem::path>(files.begin(), files.end()));
  std::vector<std::string> marked;
  for (const std::string& path : files) {
    marked.push_back(path);
    const auto found = companions.find(path);
    if (found == companions.end()) continue;
    if (mark == CullMark::kRejectOthers && PairRatedByUser(path, found->second)) {
      marked.pop_back();
      std::fprintf(report, "%-11s %s: rated by the user in a file of its raw+JPEG pair (kept)\n", "skipped",
                   path.c_str());
      continue;
    }
    for (const auto& companion : found->second) marked.push_back(companion.string());
  }
  for (const std::string& path : marked) {
    try {
      const engine::RatingWriteResult r = writer.Write(path, values);
      std::fprintf(report, "%-11s %s -> %s%s%s\n", engine::RatingActionName(r.action), path.c_str(),
                   r.target_file.c_str(), r.reason.empty() ? "" : ": ", r.reason.c_str());
    } catch (const engine::Error& e) {
      ++failed;
      std::fprintf(stderr, "versus cull: %s: %s\n", path.c_str(), e.what());
    }
  }
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
