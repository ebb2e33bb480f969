#pragma once
// Driving real GIMP 3 from a test. Debian 12 has no GIMP 3, so it runs in a Debian 13
// root (prepare.sh: made once, cached outside the clone, versus-gimp3 built inside it);
// the build tree is shared with the root at the same path, so files the tests write
// there are seen by GIMP and the other way round.
#include <string>
#include <vector>

#include "gimp_batch.hpp"

namespace versus::testing {

/// The root and the plug-in built inside it, prepared once per test process.
struct Trixie {
  std::string root;
  std::string skip_reason;  ///< set: the root cannot be made here (the test skips, saying why)
  std::string problem;      ///< set: preparing failed (the test fails with it)
};
const Trixie& PreparedTrixie();

/// Skips the test (GTEST_SKIP with the reason) or fails it when GIMP 3 is not ready.
#define VERSUS_REQUIRE_GIMP3()                                                   \
  do {                                                                           \
    const ::versus::testing::Trixie& trixie = ::versus::testing::PreparedTrixie(); \
    if (!trixie.skip_reason.empty()) GTEST_SKIP() << trixie.skip_reason;         \
    ASSERT_TRUE(trixie.problem.empty()) << trixie.problem;                       \
  } while (false)

/// A folder in the build tree (so the root sees it), removed afterwards.
class SharedScratch {
 public:
  SharedScratch();
  ~SharedScratch();
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

/// A private GIMP 3 profile (GIMP3_DIRECTORY: a copy of the prepared one) with
/// versus-gimp3 installed into plug-ins/versus-gimp3 by
/// `cmake --install … --component gimp3-plugin`, run inside the root.
class Gimp3Profile {
 public:
  Gimp3Profile();
  const fs::path& path() const { return path_; }
  /// Empty if the profile is ready; else what went wrong.
  const std::string& problem() const { return problem_; }

 private:
  SharedScratch dir_;
  fs::path path_;
  std::string problem_;
};

/// Runs `command` (sh) inside the root.
CommandResult RunInTrixie(const std::string& command);

/// Runs GIMP 3 inside the root on `profile`, each command one -b (kScriptFu3Helpers
/// first), then quits (--quit: GIMP 3 stops at the first failing command and would
/// otherwise stay). `program` is gimp-console-3.0 or gimp-3.0 (dialogs, under Xvfb);
/// `environment` and `wrapper` go before it, as for RunGimpBatch.
BatchRun RunGimp3Batch(const Gimp3Profile& profile, const std::vector<std::string>& commands,
                       const std::string& environment = "", const std::string& wrapper = "",
                       const std::string& program = "gimp-console-3.0");

/// Runs `python` (one Python-Fu batch command: GIMP 3's python-fu-eval) in GIMP 3 inside
/// the root on `profile`; what it prints is in the log.
BatchRun RunGimp3Python(const Gimp3Profile& profile, const std::string& python);

}  // namespace versus::testing
