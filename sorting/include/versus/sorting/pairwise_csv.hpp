#pragma once
/// Reading pairwise outcomes with string ids from CSV (what `versus fit` reads).
///
/// Rows: `a,b,outcome[,weight]`. outcome: 1 = a won, 0 = b won, 0.5 = tie, or any
/// probability in [0,1]; weight (default 1) counts repeated outcomes. An optional header
/// row names the columns (a, b, outcome, weight in any order; extra columns ignored);
/// without one the columns are positional. Fields may be double-quoted; blank lines
/// and lines starting with '#' are skipped. Ids are case-sensitive, trimmed strings.
#include <istream>
#include <string>
#include <vector>

#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/pairwise_problem.hpp"

namespace versus::sorting {

struct CsvReadOptions {
  /// false: the first bad row throws Error ("FILE:LINE: why"). true: bad rows are skipped
  /// and described in row_errors.
  bool skip_bad_rows = false;
};

struct LabeledComparisons {
  std::vector<std::string> ids;  ///< item index -> id, in order of first appearance
  ComparisonSet data;
  std::vector<std::string> row_errors;  ///< "FILE:LINE: why" for skipped rows
};

/// source_name is used in messages only.
LabeledComparisons ReadPairwiseCsv(std::istream& in, const std::string& source_name,
                                   const CsvReadOptions& options = {});

/// Anchors file: `id,score` rows (optional header `id,score`). Ids not yet in *ids are
/// appended to it (and so become items). Error: a duplicate id, a non-finite score, a
/// malformed row (anchors are few and must all be right: no skipping).
std::vector<Anchor> ReadAnchorsCsv(std::istream& in, const std::string& source_name,
                                   std::vector<std::string>* ids);

/// One CSV record split into fields (RFC 4180 quotes, surrounding spaces trimmed).
std::vector<std::string> SplitCsvLine(const std::string& line);

}  // namespace versus::sorting
