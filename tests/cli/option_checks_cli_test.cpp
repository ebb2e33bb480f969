// Every numeric flag refuses values outside its range with a usage error (exit 1) that
// names the flag and the accepted range, before any image is read.
#include <gtest/gtest.h>

#include "cli_test_support.hpp"

namespace versus::testing {
namespace {

struct BadOption {
  const char* command;  ///< arguments after `versus`
  const char* flag;     ///< the flag the message must name
};

class OptionChecks : public ::testing::TestWithParam<BadOption> {};

TEST_P(OptionChecks, RefusedWithTheAcceptedRange) {
  TempDir dir;
  cv::imwrite((dir / "a.png").string(), SyntheticScene(64, 48, 1));
  const CommandResult r = RunCommand(Versus() + " " + GetParam().command + " " + Quote(dir / "a.png"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find(std::string(GetParam().flag) + " must be from"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    EveryCommand, OptionChecks,
    ::testing::Values(BadOption{"rank --judge features --jobs -1", "--jobs"},
                      BadOption{"rank --judge features --jobs 100000", "--jobs"},
                      BadOption{"rank --judge features --max-pixels 0", "--max-pixels"},
                      BadOption{"rank --judge features --max-pixels -5", "--max-pixels"},
                      BadOption{"rank --judge features --budget -3", "--budget"},
                      BadOption{"rate --judge features --budget -1 --dry-run", "--budget"},
                      BadOption{"sort --judge features --budget -1 --into /nonexistent-versus", "--budget"},
                      BadOption{"cull --judge features --keep 0", "--keep"},
                      BadOption{"cull --judge features --keep -2", "--keep"},
                      BadOption{"cull --judge features --gap -1", "--gap"},
                      BadOption{"cull --judge features --threshold 1.5", "--threshold"},
                      BadOption{"cull --judge features --threshold nan", "--threshold"},
                      BadOption{"cull --judge features --burst-threshold -0.1", "--burst-threshold"}));

TEST(OptionChecks, NegativeUnsignedIsCalledNegative) {
  const CommandResult r = RunCommand(Versus() + " rank --judge features --jobs -1 x.jpg");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("got a negative number"), std::string::npos) << r.err;
}

// An unknown judge is a usage error (exit 1, not 3) that lists the judges, for every
// command that judges, before any image is read.
TEST(OptionChecks, UnknownJudgeIsAUsageErrorListingTheJudges) {
  TempDir dir;
  cv::imwrite((dir / "a.png").string(), SyntheticScene(64, 48, 1));
  for (const char* command : {"rank", "compare", "cull", "rate --dry-run"}) {
    const CommandResult r = RunCommand(Versus() + " " + command + " --judge nope " + Quote(dir / "a.png") + " " +
                                       Quote(dir / "a.png"));
    EXPECT_EQ(r.status, 1) << command << ": " << r.err;
    EXPECT_NE(r.err.find("unknown judge 'nope' (available: features, learned, learned-v1, lmm)"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

// `--action move --json` once moved the rejects into a folder named "--json".
TEST(OptionChecks, CullMoveTakesNoOptionAsItsFolder) {
  TempDir dir;
  cv::imwrite((dir / "a.png").string(), SyntheticScene(64, 48, 1));
  cv::imwrite((dir / "b.png").string(), SyntheticScene(64, 48, 1));
  const CommandResult r = RunCommand("cd " + Quote(dir.path()) + " && " + Versus() +
                                     " cull --judge features --gap 0 . --action move --json");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("--action move needs a folder"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "--json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "a.png") && std::filesystem::exists(dir / "b.png"));
}

TEST(OptionChecks, SpecialZeroValuesStayAccepted) {
  TempDir dir;
  cv::imwrite((dir / "a.png").string(), SyntheticScene(64, 48, 1));
  cv::imwrite((dir / "b.png").string(), SyntheticScene(64, 48, 2));
  const CommandResult r =
      RunCommand(Versus() + " rank --judge features --jobs 0 --budget 0 --json " + Quote(dir.path()));
  EXPECT_EQ(r.status, 0) << r.err;
}

}  // namespace
}  // namespace versus::testing
