// Reading a,b,outcome[,weight] CSV with string ids, and anchors files.
#include <gtest/gtest.h>

#include <algorithm>

#include <sstream>

#include "versus/sorting.hpp"

namespace versus::sorting {
namespace {

TEST(PairwiseCsv, PositionalRowsWithOptionalWeight) {
  std::istringstream in("img1,img2,1\n# comment\n\nimg2,img3,0.5,3\n\"img,4\", img1 ,0\n");
  const LabeledComparisons lc = ReadPairwiseCsv(in, "t.csv");
  EXPECT_EQ(lc.ids, (std::vector<std::string>{"img1", "img2", "img3", "img,4"}));
  ASSERT_EQ(lc.data.comparisons.size(), 3u);
  EXPECT_EQ(lc.data.item_count, 4u);
  EXPECT_EQ(lc.data.comparisons[1].weight, 3.0);
  EXPECT_EQ(lc.data.comparisons[1].outcome, 0.5);
  EXPECT_EQ(lc.data.comparisons[2].a, 3u);
  EXPECT_EQ(lc.data.comparisons[2].b, 0u);
}

TEST(PairwiseCsv, HeaderNamesColumnsInAnyOrder) {
  std::istringstream in("rater,weight,B,a,outcome\nann,2,x,y,1\nbob,1,y,z,0.25\n");
  const LabeledComparisons lc = ReadPairwiseCsv(in, "t.csv");
  EXPECT_EQ(lc.ids, (std::vector<std::string>{"y", "x", "z"}));
  EXPECT_EQ(lc.data.comparisons[0].a, 0u);  // y
  EXPECT_EQ(lc.data.comparisons[0].b, 1u);  // x
  EXPECT_EQ(lc.data.comparisons[0].weight, 2.0);
  EXPECT_EQ(lc.data.comparisons[1].outcome, 0.25);
  std::istringstream bad_header("first,second,result\n");
  EXPECT_THROW(ReadPairwiseCsv(bad_header, "t.csv"), Error);
}

TEST(PairwiseCsv, BadRowsThrowWithLineOrAreSkipped) {
  const std::string text = "a,b,1\na,b,nan\na,b,1.5\na,b,x\na,b\na,b,1,-2\n,b,1\nb,c,0\n";
  std::istringstream strict(text);
  try {
    ReadPairwiseCsv(strict, "votes.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("votes.csv:2: ", 0), 0u) << e.what();
  }
  std::istringstream lenient(text);
  CsvReadOptions o;
  o.skip_bad_rows = true;
  const LabeledComparisons lc = ReadPairwiseCsv(lenient, "votes.csv", o);
  EXPECT_EQ(lc.data.comparisons.size(), 2u);
  ASSERT_EQ(lc.row_errors.size(), 6u);
  EXPECT_NE(lc.row_errors[1].find("[0,1]"), std::string::npos) << lc.row_errors[1];
}

TEST(PairwiseCsv, AnItemComparedWithItselfIsABadRow) {
  std::istringstream strict("a,b,1\nc,c,1\n");
  try {
    ReadPairwiseCsv(strict, "t.csv");
    FAIL() << "a self-comparison was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("compared with itself"), std::string::npos) << e.what();
  }
  std::istringstream lenient("a,b,1\nc,c,1\n");
  CsvReadOptions o;
  o.skip_bad_rows = true;
  const LabeledComparisons lc = ReadPairwiseCsv(lenient, "t.csv", o);
  EXPECT_EQ(lc.data.comparisons.size(), 1u);
  EXPECT_EQ(lc.ids, (std::vector<std::string>{"a", "b"})) << "the self-compared item is not an item";
  ASSERT_EQ(lc.row_errors.size(), 1u);
}

TEST(PairwiseCsv, AnchorsExtendIdsAndRejectDuplicates) {
  std::vector<std::string> ids = {"a", "b"};
  std::istringstream in("id,score\nb,1.5\nc,-2\n");
  const auto anchors = ReadAnchorsCsv(in, "anchors.csv", &ids);
  ASSERT_EQ(anchors.size(), 2u);
  EXPECT_EQ(anchors[0].item, 1u);
  EXPECT_EQ(anchors[1].item, 2u);
  EXPECT_EQ(ids.size(), 3u);
  std::istringstream dup("b,1\nb,2\n");
  try {
    ReadAnchorsCsv(dup, "anchors.csv", &ids);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("duplicate anchor id 'b'"), std::string::npos);
  }
  std::istringstream nan("b,nan\n");
  EXPECT_THROW(ReadAnchorsCsv(nan, "anchors.csv", &ids), Error);
}

}  // namespace
}  // namespace versus::sorting
