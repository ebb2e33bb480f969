// The same pixels get the same verdict from versus-gimp3 in GIMP 3.0 (Debian 13 root) as
// from versus-gimp in GIMP 2.10 (this machine): a sharp photo and a copy blurred and
// saved by GIMP 3, opened in both.
#include <gtest/gtest.h>

#include "gimp3_session.hpp"

namespace versus::testing {
namespace {

const std::string kPhoto = KodakPhoto(5).string();

// How far the two GIMPs may differ: their GEGL and OpenCV versions differ.
constexpr double kSameVerdict = 0.01;

TEST(Gimp3AgainstGimp210, SameProbabilityForTheSameSharpAndBlurredPair) {
  VERSUS_REQUIRE_GIMP3();
#ifndef VERSUS_HAVE_GIMP2_PLUGIN
  GTEST_SKIP() << "versus-gimp (GIMP 2.10) is not built here (libgimp2.0-dev missing)";
#endif
  if (!HaveProgram("gimp")) GTEST_SKIP() << "GIMP 2.10 is not installed";
  ASSERT_TRUE(fs::exists(kPhoto)) << kPhoto;
  const SharedScratch scratch;
  const std::string blurred = (scratch / "kodim05-blurred.png").string();
  const Gimp3Profile profile3;
  ASSERT_TRUE(profile3.problem().empty()) << profile3.problem();

  // Images get IDs by the order GIMP makes them (exporting may make one of its own), so
  // the pair is named inside one command.
  const std::string compare_pair = "(let ((sharp (load \"" + kPhoto + "\")) (blurred (load \"" + blurred + "\")))"
                                   " (say-compare \"VERSUS-AB\" sharp blurred) (say-compare \"VERSUS-BA\" blurred sharp))";
  const BatchRun gimp3 = RunGimp3Batch(
      profile3, {"(load \"" + kPhoto + "\")"
                 "(gimp-drawable-merge-new-filter (drw 1) \"gegl:gaussian-blur\" 0 LAYER-MODE-REPLACE 1.0"
                 " \"std-dev-x\" 2.0 \"std-dev-y\" 2.0)"
                 "(gimp-file-save RUN-NONINTERACTIVE 1 \"" + blurred + "\" -1)",
                 compare_pair});
  ASSERT_EQ(gimp3.outcomes.size(), 2u) << gimp3.log;
  ASSERT_TRUE(fs::exists(blurred)) << gimp3.log;

  const GimpProfile profile2;
  ASSERT_TRUE(profile2.problem().empty()) << profile2.problem();
  const BatchRun gimp2 = RunGimpBatch(profile2, {compare_pair});
  ASSERT_EQ(gimp2.outcomes.size(), 1u) << gimp2.log;

  for (const char* tag : {"VERSUS-AB", "VERSUS-BA"}) {
    const std::vector<double> p3 = NumbersAfter(gimp3.log, tag), p2 = NumbersAfter(gimp2.log, tag);
    ASSERT_EQ(p3.size(), 8u) << tag << ": " << gimp3.log;
    ASSERT_EQ(p2.size(), 8u) << tag << ": " << gimp2.log;
    std::cout << tag << ": GIMP 3.0 " << p3[0] << ", GIMP 2.10 " << p2[0] << "\n";
    EXPECT_NEAR(p3[0], p2[0], kSameVerdict) << tag;
  }
  EXPECT_GT(NumbersAfter(gimp3.log, "VERSUS-AB")[0], 0.5) << "the sharp photo should win in GIMP 3";
}

}  // namespace
}  // namespace versus::testing
