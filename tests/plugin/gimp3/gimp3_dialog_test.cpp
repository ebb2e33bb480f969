// The Compare dialog, built and shown by real GIMP 3 under Xvfb (inside the Debian 13
// root): a screenshot is kept as a test artefact
// (build/tests/artifacts/versus-gimp3-compare-dialog.png; docs/gimp3-compare-dialog.png is one).
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "gimp3_session.hpp"

namespace versus::testing {
namespace {

constexpr int kScreenWidth = 1280, kScreenHeight = 800;

TEST(Gimp3PluginDialog, CompareDialogShowsBothEditsAndTheVerdict) {
  VERSUS_REQUIRE_GIMP3();
  const std::string photo = KodakPhoto(5).string();
  ASSERT_TRUE(fs::exists(photo)) << photo;
  const Gimp3Profile profile;
  ASSERT_TRUE(profile.problem().empty()) << profile.problem();
  const SharedScratch scratch;
  const fs::path shot = scratch / "dialog.png";

  const std::string script = (fs::path(VERSUS_SOURCE_DIR) / "tests" / "plugin" / "screenshot_window.sh").string();
  const std::string wrapper = "xvfb-run -a -s '-screen 0 " + std::to_string(kScreenWidth) + "x" +
                              std::to_string(kScreenHeight) + "x24' sh " + ShellQuoted(script) + " " +
                              ShellQuoted(shot.string()) + " 'versus: Compare'";
  // The dialog closes itself 10 s after it is shown (test hook), then the verdict on
  // the pair it showed comes back to Script-Fu like any run's.
  const BatchRun run = RunGimp3Batch(
      profile,
      {"(load \"" + photo + "\") (load \"" + photo + "\")"
       "(gimp-drawable-merge-new-filter (drw 2) \"gegl:gaussian-blur\" 0 LAYER-MODE-REPLACE 1.0"
       " \"std-dev-x\" 2.0 \"std-dev-y\" 2.0)",
       "(let ((r (plug-in-versus-compare RUN-INTERACTIVE 1 (vector (drw 1)) 2 (drw 2))))"
       "  (say \"VERSUS-DIALOG\" (number->string (car r))))"},
      "VERSUS_GIMP_AUTOCLOSE_MS=10000 ", wrapper, "gimp-3.0");
  ASSERT_EQ(run.log.find("screenshot_window: no window"), std::string::npos) << run.log;
  ASSERT_EQ(run.outcomes.size(), 2u) << run.log;
  EXPECT_TRUE(run.outcomes[1].ok) << run.outcomes[1].error;
  const std::vector<double> p = NumbersAfter(run.log, "VERSUS-DIALOG");
  ASSERT_FALSE(p.empty()) << run.log;
  EXPECT_GT(p[0], 0.5) << "left (sharp) should win";

  const fs::path artifacts = fs::path(VERSUS_BINARY_DIR) / "tests" / "artifacts";
  fs::create_directories(artifacts);
  const fs::path kept = artifacts / "versus-gimp3-compare-dialog.png";
  ASSERT_TRUE(fs::exists(shot)) << "no screenshot: " << run.log;
  fs::copy_file(shot, kept, fs::copy_options::overwrite_existing);
  const cv::Mat screen = cv::imread(kept.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(screen.empty()) << "unreadable screenshot at " << kept;
  EXPECT_EQ(screen.cols, kScreenWidth);
  EXPECT_EQ(screen.rows, kScreenHeight);
  // A bare Xvfb screen is one colour; the dialog with two photographs is not.
  cv::Scalar mean, spread;
  cv::meanStdDev(screen, mean, spread);
  EXPECT_GT(spread[0] + spread[1] + spread[2], 30.0) << "the screenshot looks empty: " << kept;
}

}  // namespace
}  // namespace versus::testing
