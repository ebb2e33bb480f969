#pragma once
// Pairs, standardisation and scoring for the learned judge's cross-validation and final
// fit: which columns a model variant sees, which pairs it trains on, how it is judged.
#include <array>
#include <string>
#include <vector>

#include "learned_dataset.hpp"
#include "pairwise_trainer.hpp"

namespace versus::training {

/// Column ranges of a sample's feature row [embedding, measures].
struct ColumnBlock {
  std::string name;
  std::size_t begin = 0, end = 0;
  /// Standardised values are multiplied by this: the L2 penalty shrinks this block's
  /// weights gain^2 times less (a dozen measures beside thousands of embedding columns).
  double gain = 1.0;
};

struct Variant {
  std::string name;
  std::vector<ColumnBlock> blocks;
  bool ladders = true;  ///< train on ladder pairs too (else human pairs only)
  bool biq = true;      ///< train on BIQ2021's human pairs too (false: the first judge's recipe)
  /// > 0: this variant's own L2 penalty and human weight (v1: as it shipped), else the run's.
  double l2 = 0.0, human_weight = 0.0;
  /// > 0: the "tail" block's score is added to the fitted head's score times this, not
  /// fitted with the rest (a head fitted on the tail's own training photos trusts the
  /// tail's in-sample scores far more than they deserve on new photos).
  double tail_blend = 0.0;
};

/// Weight of each HumanSet's pairs (indexed by the enum; 0 = not trained on).
using HumanWeights = std::array<double, kHumanSets>;

/// Per column of the selected blocks: mean and scale over the rows in `train`.
struct Standardiser {
  std::vector<std::size_t> columns;
  std::vector<double> mean, scale;
};

double Feature(const LearnedSample& s, std::size_t column);
Standardiser FitStandardiser(const LearnedData& data, const Variant& v, const std::vector<bool>& train_photo);
/// Every sample's standardised row of the selected columns, row-major.
std::vector<float> Standardise(const LearnedData& data, const Standardiser& z);

/// Human pairs (soft targets Phi((muA-muB)/sqrt(sdA^2+sdB^2))) among photos in `photos`,
/// only within one human set (their scales differ), each set's pairs weighted to sum to
/// its entry of `weight`.
void AddMosPairs(const LearnedData& data, const std::vector<bool>& photos, const HumanWeights& weight, PairSet& pairs);
/// Ladder pairs (milder level wins) of the non-held-out kinds among `photos`; only kinds
/// of `dimension` when it is not kOverall. Weighted to sum to `weight`.
void AddLadderPairs(const LearnedData& data, const std::vector<bool>& photos, engine::Dimension dimension,
                    double weight, PairSet& pairs);

struct LadderScore {
  std::size_t seen_right = 0, seen_total = 0, held_right = 0, held_total = 0;
  std::vector<std::size_t> kind_right = std::vector<std::size_t>(LadderKinds().size());
  std::vector<std::size_t> kind_total = std::vector<std::size_t>(LadderKinds().size());
};
/// Orders ladder pairs of `photos` by `scores` (per sample); kinds of `dimension` only
/// unless it is kOverall.
LadderScore ScoreLadders(const LearnedData& data, const std::vector<bool>& photos, const std::vector<double>& scores,
                         engine::Dimension dimension);

/// Scores of every sample under weights `w` on rows `z` (columns wide).
std::vector<double> Scores(const std::vector<float>& z, std::size_t columns, const std::vector<double>& w);

/// Non-negative beta with sum_k beta_k * parts[k][i] closest to whole[i] in least squares
/// (both centred): how much of the overall score each dimension head's score carries, so
/// scaled dimension margins are log-odds parts of the overall margin.
std::vector<double> NonNegativeFit(const std::vector<std::vector<double>>& parts, const std::vector<double>& whole);

}  // namespace versus::training
