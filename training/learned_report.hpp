#pragma once
// How versus-train reports a model variant: the train/test splits (CV folds by photo and
// the two cross-dataset directions) and the summary of each split's figures.
#include <cmath>
#include <string>
#include <vector>

#include "learned_folds.hpp"

namespace versus::training {

/// "0.771 +- 0.040" (mean and sample sd); "-" when empty.
std::string MeanSd(const std::vector<double>& v);
/// "0.771"
std::string Fixed(double x);
/// right / total, NaN when total is 0.
double Ratio(std::size_t right, std::size_t total);

/// One train/test split of the photos: a CV fold, or a cross-dataset direction.
struct Split {
  std::vector<bool> train, test;
};

/// Folds 0..k-1 (`fold` per photo), then CLIVE -> BIQ2021 and BIQ2021 -> CLIVE (every
/// photo of the tested human set, and the ladders made from it, left out of training).
std::vector<Split> Splits(const LearnedData& data, const std::vector<unsigned>& fold, unsigned folds);

struct SplitResult {
  double clive = NAN, biq = NAN;  ///< Spearman on the test photos of each set
  LadderScore ladders;
};

struct Report {
  std::vector<double> clive, biq, seen, held;  ///< per CV fold
  double clive_to_biq = NAN, biq_to_clive = NAN;
  LadderScore pooled;  ///< CV test folds, per kind
};

/// The results of Splits()'s splits, in its order, summarised.
Report Summarise(const std::vector<SplitResult>& r, unsigned folds);

/// The pooled per-kind ladder accuracy, three kinds a line.
void PrintPerKind(const std::string& name, const LadderScore& pooled);

}  // namespace versus::training
