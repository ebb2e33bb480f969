#include "gimp3_session.hpp"

#include <cstdlib>

namespace versus::testing {
namespace {

const fs::path kScripts = fs::path(VERSUS_SOURCE_DIR) / "tests" / "plugin" / "gimp3";
const fs::path kBuild = fs::path(VERSUS_BINARY_DIR) / "gimp3-trixie";
constexpr int kSkipStatus = 77;

// The last line of the script's output that says why it skipped.
std::string SkipReason(const std::string& err) {
  const auto at = err.rfind("SKIPPED: ");
  if (at == std::string::npos) return "GIMP 3 root not available: " + err;
  const auto start = at + 9;
  return "GIMP 3 (Debian 13 root) not available: " + err.substr(start, err.find('\n', start) - start);
}

}  // namespace

const Trixie& PreparedTrixie() {
  static const Trixie trixie = [] {
    Trixie t;
    const CommandResult made = RunCommand(ShellQuoted((kScripts / "prepare.sh").string()) + " " +
                                          ShellQuoted(VERSUS_BINARY_DIR));
    if (made.status == kSkipStatus) {
      t.skip_reason = SkipReason(made.err);
    } else if (made.status != 0) {
      t.problem = "tests/plugin/gimp3/prepare.sh failed (" + std::to_string(made.status) + "):\n" + made.err;
    } else {
      t.root = made.out.substr(0, made.out.find('\n'));
    }
    return t;
  }();
  return trixie;
}

SharedScratch::SharedScratch() {
  fs::create_directories(kBuild / "runs");
  std::string pattern = (kBuild / "runs" / "run-XXXXXX").string();
  path_ = ::mkdtemp(pattern.data());
}

SharedScratch::~SharedScratch() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

CommandResult RunInTrixie(const std::string& command) {
  return RunCommand(ShellQuoted((kScripts / "in_trixie.sh").string()) + " " + ShellQuoted(PreparedTrixie().root) +
                    " " + ShellQuoted(kBuild.string()) + " " + ShellQuoted(command));
}

Gimp3Profile::Gimp3Profile() : path_(dir_ / "profile") {
  const CommandResult installed =
      RunInTrixie("cp -a " + ShellQuoted((kBuild / "profile-template").string()) + " " + ShellQuoted(path_.string()) +
                  " && cmake --install " + ShellQuoted(kBuild.string()) + " --component gimp3-plugin --prefix " +
                  ShellQuoted(path_.string()));
  if (installed.status != 0) problem_ = "installing versus-gimp3 into a GIMP 3 profile failed: " + installed.out + installed.err;
}

namespace {

BatchRun RunGimp3(const Gimp3Profile& profile, const std::string& arguments, const std::string& environment,
                  const std::string& wrapper, const std::string& program) {
  const std::string line = "GIMP3_DIRECTORY=" + ShellQuoted(profile.path().string()) + " " + environment + wrapper +
                           " " + program + " -i --quit " + arguments + " 2>&1";
  BatchRun run;
  run.log = RunInTrixie(line).out;
  run.outcomes = ParseBatchOutcomes(run.log);
  return run;
}

}  // namespace

BatchRun RunGimp3Python(const Gimp3Profile& profile, const std::string& python) {
  return RunGimp3(profile, "--batch-interpreter=python-fu-eval -b " + ShellQuoted(python), "", "", "gimp-console-3.0");
}

BatchRun RunGimp3Batch(const Gimp3Profile& profile, const std::vector<std::string>& commands,
                       const std::string& environment, const std::string& wrapper, const std::string& program) {
  return RunGimp3(profile, "--batch-interpreter=plug-in-script-fu-eval" + BatchArguments(commands, kScriptFu3Helpers),
                  environment, wrapper, program);
}

}  // namespace versus::testing
