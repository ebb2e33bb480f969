#pragma once
// Driving real GIMP from a test: a private profile with the plug-in installed by its own
// install rule, Script-Fu batch commands, and their outcomes read back from GIMP's output
// (gimp -i -b exits 0 even when a command fails). GIMP 2.10 here; GIMP 3 runs in its
// Debian 13 root (gimp3/gimp3_session.hpp) with the same helpers and parsing.
#include <filesystem>
#include <string>
#include <vector>

#include "test_files.hpp"

namespace versus::testing {

/// True if `program` is on PATH.
bool HaveProgram(const std::string& program);

/// A private GIMP profile (GIMP2_DIRECTORY) with versus-gimp installed into
/// plug-ins/versus-gimp by `cmake --install build --component gimp-plugin`. GIMP's own
/// first-start work is done once per build tree (a template profile, copied).
class GimpProfile {
 public:
  GimpProfile();
  const std::filesystem::path& path() const { return path_; }
  /// Empty if the profile is ready; else what went wrong.
  const std::string& problem() const { return problem_; }

 private:
  TempDir dir_;
  std::filesystem::path path_;
  std::string problem_;
};

/// One `-b` command as GIMP reported it.
struct BatchOutcome {
  bool ok = false;
  std::string error;  ///< GIMP's "Error: ..." text when !ok
};

struct BatchRun {
  std::vector<BatchOutcome> outcomes;  ///< one per command, in order
  std::string log;                     ///< everything GIMP printed (stdout and stderr)
};

/// Script-Fu helpers defined at the start of every command (Script-Fu forgets
/// definitions between -b commands; images stay open), for GIMP 2.10 and GIMP 3:
///   (drw img) the active (2.10) / first selected (3) drawable; (load path) open a file;
///   (say tag text) prints "TAG text" as a GIMP message;
///   (say-compare tag a b) runs plug-in-versus-compare non-interactively on the drawables
///     (drw a) and (drw b) and says "p num-margins m1 .. m6 | reason".
extern const std::string kScriptFuHelpers;
extern const std::string kScriptFu3Helpers;

/// " -b '(begin HELPERS COMMAND)'" for each command, quoted for sh.
std::string BatchArguments(const std::vector<std::string>& commands, const std::string& helpers);

/// Runs `gimp -i` on `profile` with each command as one -b (helpers first), then quits.
/// `environment` is prepended to the command line (e.g. "VAR=1 "), `wrapper` goes just
/// before `gimp` (e.g. "xvfb-run ... sh screenshot_window.sh OUT TITLE").
BatchRun RunGimpBatch(const GimpProfile& profile, const std::vector<std::string>& commands,
                      const std::string& environment = "", const std::string& wrapper = "");

/// Splits GIMP's batch output into one outcome per command.
std::vector<BatchOutcome> ParseBatchOutcomes(const std::string& log);

/// The numbers following "TAG " in the log's message "TAG n1 n2 ..." (stops at the
/// first thing that is not a number); empty if the tag never appears.
std::vector<double> NumbersAfter(const std::string& log, const std::string& tag);

/// The rest of the log line (or message) after "TAG ".
std::string TextAfter(const std::string& log, const std::string& tag);

/// Single-quotes `text` for sh.
std::string ShellQuoted(const std::string& text);

}  // namespace versus::testing
