#pragma once
// What `rank` and `compare` share: the judge and decode flags, and turning the user's
// paths into profiled images plus a list of what failed.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "versus/engine.hpp"

namespace versus::cli {

/// --stars values: thresholds on the human scale, or fifths of the set.
inline constexpr const char* kStarsAbsolute = "absolute";
inline constexpr const char* kStarsRelative = "relative";

struct JudgeFlags {
  std::string judge;
  std::string stars = kStarsAbsolute;  ///< --stars (ranking.hpp)
  unsigned jobs = 0;
  double max_megapixels = 250;
  bool follow_links = false;  ///< --follow-links: -r may leave the named folders through symlinks
  /// The command changes files (rate, sort, cull --action): links to photos outside the
  /// named folders are then listed, not acted on through (unless --follow-links).
  bool changes_files = false;
  /// Each judge's settings, set by the flags the registry lists for it (--server,
  /// --model, --lmm-*: used by --judge lmm only).
  engine::ComparatorConfig config;
  bool dump_requests = false;  ///< --lmm-dump-request
  /// Not a flag: given each decoded image before its pixels are dropped (from worker
  /// threads, concurrently), so `report` makes thumbnails from the decode judging does.
  std::function<void(const std::string& path, const engine::DecodedImage& image)> on_decoded;
};

/// How a command describes itself to ParsePathArgs.
struct CommandText {
  const char* name;        ///< "rank"
  const char* usage;       ///< usage line, what it does, an example
  const char* exit_codes;  ///< one line for --help
};

/// Parses argv: `options` plus any number of positional paths into `paths`. Returns
/// the exit code to stop with (bad flags: usage error; --help: printed, ok), or nullopt
/// to go on. The "help" option must be in `options`.
std::optional<int> ParsePathArgs(int argc, char** argv, const boost::program_options::options_description& options,
                                 std::vector<std::string>& paths, const CommandText& text);

/// Adds --judge (an unknown name is a usage error listing the judges), --jobs,
/// --max-pixels and every judge's own flags, generated from the registry
/// (engine/comparators.hpp: --server, --model, --lmm-*, with their ranges).
void AddJudgeFlags(boost::program_options::options_description& options, JudgeFlags& flags);

struct ImageInputs {
  std::unique_ptr<engine::Comparator> judge;
  std::vector<engine::ImageProfile> images;
  std::vector<engine::InputError> errors;
  std::size_t skipped = 0;  ///< non-image files found in folders
  unsigned jobs = 0;        ///< --jobs: threads judging against anchors (0 = one per core)
};

/// Called with the folders of every image found, before any is decoded: a command that
/// changes files locks them there (folder_locks.hpp), so a second versus is refused at
/// once. Throws engine::Error to stop.
using SourceLock = std::function<void(const std::vector<std::filesystem::path>& folders)>;

/// Finds, decodes and measures every image (progress bar on a terminal); with
/// `perceptual_hash` also hashes each (cull). With `merge_pairs` a raw+JPEG pair is one
/// photo: the JPEG is judged and the raw listed in its `companions` (engine/raw_pairs.hpp).
/// Throws engine::Error only for problems with the judge itself or from `lock_sources`,
/// never for a bad image.
ImageInputs LoadImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                       bool perceptual_hash = false, const SourceLock& lock_sources = {}, bool merge_pairs = true);

/// `{"name": value, ...}` of a profile's measures, with `faces` (faces found) and
/// `eyes_closed` (faces whose eyes are closed; "can't tell" is not closed) where faces were read.
nlohmann::json MeasuresJson(const engine::ImageProfile& profile);

/// `[{box: [x, y, w, h] (fractions of the upright picture), eyes: "open" | "closed" |
/// "can't tell", why, openness, closed_probability, eye_sharpness, eye_focus, score}]`, one per face.
nlohmann::json FaceDetailsJson(const engine::ImageProfile& profile);

/// Prints `versus: <path>: <reason>` for each error to stderr.
void ReportErrors(const std::vector<engine::InputError>& errors);

/// The list of judges for --help text.
std::string JudgeHelp();

}  // namespace versus::cli
