// versus-gimp3 inside real GIMP 3.0 (Debian 13 root), headless: the PDB procedures
// called from Script-Fu. One GIMP start per test, several checks per start.
#include <gtest/gtest.h>

#include "gimp3_session.hpp"

namespace versus::testing {
namespace {

// GimpPDBStatusType as Python prints it: GIMP_PDB_SUCCESS, GIMP_PDB_EXECUTION_ERROR.
constexpr int kPdbSuccess = 3, kPdbExecutionError = 0;

// 768x512, plenty of fine detail for a blur to remove.
const std::string kPhoto = KodakPhoto(5).string();

std::string Load() { return "(load \"" + kPhoto + "\")"; }

// A Gaussian blur applied in GIMP 3 (GEGL) to image `image`'s drawable, left unsaved.
std::string Blur(int image, double std_dev) {
  const std::string s = std::to_string(std_dev);
  return "(gimp-drawable-merge-new-filter (drw " + std::to_string(image) +
         ") \"gegl:gaussian-blur\" 0 LAYER-MODE-REPLACE 1.0 \"std-dev-x\" " + s + " \"std-dev-y\" " + s + ")";
}

std::string TinyImage() {
  return "(let* ((img (car (gimp-image-new 1 1 RGB)))"
         "       (dot (car (gimp-layer-new img \"dot\" 1 1 RGB-IMAGE 100 LAYER-MODE-NORMAL))))"
         "  (gimp-image-insert-layer img dot 0 0))";
}

class Gimp3PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VERSUS_REQUIRE_GIMP3();
    ASSERT_TRUE(fs::exists(kPhoto)) << kPhoto;
    profile_ = std::make_unique<Gimp3Profile>();
    ASSERT_TRUE(profile_->problem().empty()) << profile_->problem();
  }

  // Runs the commands and checks GIMP reported one outcome per command and that
  // neither GIMP nor the plug-in crashed.
  BatchRun Run(const std::vector<std::string>& commands) {
    BatchRun run = RunGimp3Batch(*profile_, commands);
    EXPECT_EQ(run.outcomes.size(), commands.size()) << run.log;
    EXPECT_EQ(run.log.find("crashed"), std::string::npos) << run.log;
    return run;
  }

  std::unique_ptr<Gimp3Profile> profile_;
};

// Images 1 and 2 are the same file opened twice; image 2 is then blurred in GIMP and
// not saved, so only the pixels in GIMP tell them apart.
TEST_F(Gimp3PluginTest, CompareSharpAgainstItsUnsavedBlurredEdit) {
  const BatchRun run = Run({
      Load() + Load() + Blur(2, 2.0),
      "(say-compare \"VERSUS-AB\" 1 2)",
      "(say-compare \"VERSUS-BA\" 2 1)",
      // The same comparison with A turned into an RGBA, a 16-bit and a grey image.
      "(let ((img (car (gimp-image-duplicate 1)))) (gimp-layer-add-alpha (drw img)) (say-compare \"VERSUS-ALPHA\" img 2))",
      "(let ((img (car (gimp-image-duplicate 1)))) (gimp-image-convert-precision img PRECISION-U16-NON-LINEAR)"
      " (say-compare \"VERSUS-U16\" img 2))",
      "(let ((a (car (gimp-image-duplicate 1))) (b (car (gimp-image-duplicate 2))))"
      " (gimp-image-convert-grayscale a) (gimp-image-convert-grayscale b) (say-compare \"VERSUS-GREY\" a b))",
  });
  for (const BatchOutcome& outcome : run.outcomes) EXPECT_TRUE(outcome.ok) << outcome.error;

  const std::vector<double> ab = NumbersAfter(run.log, "VERSUS-AB");
  ASSERT_EQ(ab.size(), 8u) << "p, count, 6 margins: " << run.log;
  EXPECT_GT(ab[0], 0.5) << "the sharp original should win: " << run.log;
  EXPECT_EQ(ab[1], 6);
  EXPECT_GT(ab[2], 0.0) << "sharpness margin should favour A";
  EXPECT_NE(TextAfter(run.log, "VERSUS-AB").find("| The first image is better"), std::string::npos) << run.log;

  const std::vector<double> ba = NumbersAfter(run.log, "VERSUS-BA");
  ASSERT_FALSE(ba.empty()) << run.log;
  EXPECT_NEAR(ba[0], 1.0 - ab[0], 1e-6) << "swapping the sides must swap the verdict";

  // Opaque alpha and 16-bit non-linear precision carry the same picture: the same verdict.
  for (const char* tag : {"VERSUS-ALPHA", "VERSUS-U16"}) {
    const std::vector<double> p = NumbersAfter(run.log, tag);
    ASSERT_FALSE(p.empty()) << tag << ": " << run.log;
    EXPECT_NEAR(p[0], ab[0], 1e-6) << tag;
  }
  const std::vector<double> grey = NumbersAfter(run.log, "VERSUS-GREY");
  ASSERT_FALSE(grey.empty()) << run.log;
  EXPECT_GT(grey[0], 0.5) << "a grey sharp image still beats its blurred copy";
}

// GIMP 3 stops a batch at the first failing command, so the refusal comes last.
TEST_F(Gimp3PluginTest, BadInputsGetAClearMessage) {
  const BatchRun run = RunGimp3Batch(*profile_, {
      Load(),
      "(say-compare \"VERSUS-SELF\" 1 1)",
      "(let ((small (car (gimp-image-duplicate 1)))) (gimp-image-scale small 384 256)"
      " (say-compare \"VERSUS-SIZES\" 1 small))",
  });
  ASSERT_EQ(run.outcomes.size(), 3u) << run.log;
  EXPECT_TRUE(run.outcomes[0].ok) << run.outcomes[0].error;
  EXPECT_TRUE(run.outcomes[1].ok) << run.outcomes[1].error;
  const std::vector<double> self = NumbersAfter(run.log, "VERSUS-SELF");
  ASSERT_FALSE(self.empty()) << run.log;
  EXPECT_NEAR(self[0], 0.5, 1e-9) << "an image against itself is even";

  EXPECT_FALSE(run.outcomes[2].ok);
  EXPECT_NE(run.outcomes[2].error.find("plug-in-versus-compare"), std::string::npos) << run.log;
  EXPECT_NE(run.outcomes[2].error.find("is 768x512 but B"), std::string::npos) << run.log;
  EXPECT_NE(run.outcomes[2].error.find("is 384x256"), std::string::npos) << run.log;
  EXPECT_EQ(run.log.find("crashed"), std::string::npos) << run.log;
}

// Three edits of one photo, blurred more and more, plus a 1x1 image that cannot be
// judged: ranked best first, the tiny one left out with its reason.
TEST_F(Gimp3PluginTest, RankThreeOpenImages) {
  const BatchRun run = Run({
      Load() + Load() + Load() + Blur(2, 1.0) + Blur(3, 3.0),
      TinyImage(),
      "(let ((r (plug-in-versus-rank RUN-NONINTERACTIVE)))"
      "  (say \"VERSUS-RANK-IDS\" (string-append (number->string (car r)) (numbers (cadr r))))"
      "  (say \"VERSUS-RANK-SCORES\" (numbers (cadddr r)))"
      "  (say \"VERSUS-RANK-STARS\" (numbers (list-ref r 5)))"
      "  (say \"VERSUS-RANK-SUMMARY\" (list-ref r 6)))",
  });
  for (const BatchOutcome& outcome : run.outcomes) EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(NumbersAfter(run.log, "VERSUS-RANK-IDS"), (std::vector<double>{3, 1, 2, 3})) << run.log;
  const std::vector<double> scores = NumbersAfter(run.log, "VERSUS-RANK-SCORES");
  ASSERT_EQ(scores.size(), 3u) << run.log;
  EXPECT_GT(scores[0], scores[1]);
  EXPECT_GT(scores[1], scores[2]);
  const std::vector<double> stars = NumbersAfter(run.log, "VERSUS-RANK-STARS");
  ASSERT_EQ(stars.size(), 3u) << run.log;
  EXPECT_GT(stars[0], stars[2]);
  // GIMP 3.0.4 gives an image opened by the PDB's gimp-file-load no file (it is
  // "[Untitled]"; opened from the GUI it is named by its file), so the label is GIMP's.
  EXPECT_EQ(TextAfter(run.log, "VERSUS-RANK-SUMMARY").rfind("1. [Untitled]  score", 0), 0u) << run.log;
  EXPECT_NE(run.log.find("skipped: [Untitled] is 1x1 pixels: too small to judge"), std::string::npos) << run.log;
}

// Python-Fu (GIMP 3's python-fu-eval): the procedure through its config object, on the
// sharp photo and an unsaved blurred copy, and a refusal read back as a status.
TEST_F(Gimp3PluginTest, CallableFromPythonFu) {
  const std::string python =
      "from gi.repository import Gimp, Gio\n"
      "def load():\n"
      "    return Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path('" + kPhoto + "'))\n"
      "def compare(a, b):\n"
      "    proc = Gimp.get_pdb().lookup_procedure('plug-in-versus-compare')\n"
      "    config = proc.create_config()\n"
      "    config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)\n"
      "    config.set_property('image', a)\n"
      "    config.set_core_object_array('drawables', [a.get_layers()[0]])\n"
      "    config.set_property('image-b', b)\n"
      "    config.set_property('drawable-b', b.get_layers()[0])\n"
      "    return proc.run(config)\n"
      "sharp, blurred = load(), load()\n"
      "blur = Gimp.DrawableFilter.new(blurred.get_layers()[0], 'gegl:gaussian-blur', '')\n"
      "blur.get_config().set_property('std-dev-x', 2.0)\n"
      "blur.get_config().set_property('std-dev-y', 2.0)\n"
      "blur.update()\n"
      "blurred.get_layers()[0].merge_filter(blur)\n"
      "r = compare(sharp, blurred)\n"
      "print('VERSUS-PY-STATUS', int(r.index(0)), flush=True)\n"
      "print('VERSUS-PY', r.index(1), r.index(2), flush=True)\n"
      "small = load()\n"
      "small.scale(384, 256)\n"
      "r = compare(sharp, small)\n"
      "print('VERSUS-PY-REFUSED', int(r.index(0)), flush=True)\n";
  const BatchRun run = RunGimp3Python(*profile_, python);
  EXPECT_EQ(NumbersAfter(run.log, "VERSUS-PY-STATUS"), std::vector<double>{double(kPdbSuccess)}) << run.log;
  const std::vector<double> verdict = NumbersAfter(run.log, "VERSUS-PY");
  ASSERT_EQ(verdict.size(), 2u) << "p, number of margins: " << run.log;
  EXPECT_GT(verdict[0], 0.5) << "the sharp photo should win: " << run.log;
  EXPECT_EQ(verdict[1], 6);
  EXPECT_EQ(NumbersAfter(run.log, "VERSUS-PY-REFUSED"), std::vector<double>{double(kPdbExecutionError)})
      << run.log;
  EXPECT_EQ(run.log.find("crashed"), std::string::npos) << run.log;
}

}  // namespace
}  // namespace versus::testing
