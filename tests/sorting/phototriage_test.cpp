// Real data: the PhotoTriage human votes (24,186 pairs, LEFT/RIGHT counts per pair).
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "test_util.hpp"
#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

const std::string kVotes = std::string(VERSUS_SHARED_DIR) + "/data/pairs/phototriage_pairwise_votes.csv";

// Converts the study's rows to ours: a,b,outcome,weight with the LEFT votes as wins of
// compareFile1 and the RIGHT votes as wins of compareFile2 (file names are unique ids).
std::string ToPairwiseCsv(std::istream& in) {
  std::string line;
  std::getline(in, line);
  const auto header = SplitCsvLine(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t k = 0; k < header.size(); ++k) col[header[k]] = k;
  std::ostringstream out;
  out << "a,b,outcome,weight\n";
  while (std::getline(in, line)) {
    const auto f = SplitCsvLine(line);
    if (f.size() < header.size()) continue;
    const std::string& a = f[col.at("compareFile1")];
    const std::string& b = f[col.at("compareFile2")];
    out << a << ',' << b << ",1," << f[col.at("LEFT")] << '\n';
    out << a << ',' << b << ",0," << f[col.at("RIGHT")] << '\n';
  }
  return out.str();
}

TEST(PhotoTriage, FitsRealHumanVotes) {
  std::ifstream file(kVotes);
  if (!file) GTEST_SKIP() << "not found: " << kVotes;
  std::istringstream csv(ToPairwiseCsv(file));
  const LabeledComparisons lc = ReadPairwiseCsv(csv, "phototriage");
  ASSERT_GT(lc.ids.size(), 1000u);
  SolverSummary sum;
  const Scores sc = Solve(SolverOptions{}, testing::Problem(lc.data), &sum);
  EXPECT_TRUE(sum.Converged()) << sum.BriefReport();
  // Series are separate shoots: the graph has (at least) one component per series.
  EXPECT_GT(sum.connected_components, 100u);
  for (std::size_t i = 0; i < sc.score.size(); ++i) {
    ASSERT_TRUE(std::isfinite(sc.score[i]));
    ASSERT_LE(sc.ci_low[i], sc.score[i]);
    ASSERT_GE(sc.ci_high[i], sc.score[i]);
  }
  // In-sample sanity: the fitted scores agree with the majority of most pairs.
  std::size_t agree = 0, decided = 0;
  std::vector<double> margin(lc.data.comparisons.size() / 2);
  for (std::size_t k = 0; k + 1 < lc.data.comparisons.size(); k += 2) {
    const auto& left = lc.data.comparisons[k];
    const auto& right = lc.data.comparisons[k + 1];
    if (left.weight == right.weight) continue;
    ++decided;
    agree += (left.weight > right.weight) == (sc.score[left.a] > sc.score[left.b]);
  }
  // Human votes are noisy and intransitive: measured 0.858 on this file.
  EXPECT_GT(static_cast<double>(agree) / decided, 0.8);
  // The Thurstone fit of the same data ranks items the same way, broadly.
  const Scores th = Solve(SolverOptions{}, testing::Problem(lc.data, Model::kThurstone), &sum);
  EXPECT_GT(SpearmanCorrelation(sc.score, th.score), 0.95);
}

}  // namespace
}  // namespace versus::sorting
