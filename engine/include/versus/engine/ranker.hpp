#pragma once
/// The one ranking loop: pairwise judgements in, scores, stars and an order out.
///
/// `versus rank|rate|sort`, `compare`'s order of 2-4 images, `cull`'s order inside a
/// group, the GIMP plug-in's ranking, versus-bench-sorting and the active-sampling tests
/// all run Rank(): it owns the design (every pair, or a random cycle then
/// sorting::NextPairs batches under a budget), the parallel judging schedule (one
/// engine::ParallelFor), the refits, the fit (Bradley-Terry, Thurstone with anchors, or
/// the mean log-odds of a complete design), stars by quantile and the order. The judge is
/// any callable giving P(a better than b), so the bench drives the same loop with a
/// simulated judge (SimulatedJudge) as users do with a comparator (ComparatorJudge).
///
///   RankerOptions options;             // defaults are what `versus rank` runs
///   options.budget = 500;
///   RankerReport report;
///   Rank(options, images.size(), ComparatorJudge(*judge, images), &report);
///   for (std::size_t i : report.order) ...
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "versus/engine/comparator.hpp"
#include "versus/sorting/active_sampling.hpp"
#include "versus/sorting/comparisons.hpp"
#include "versus/sorting/solver.hpp"
#include "versus/sorting/pairwise_problem.hpp"
#include "versus/sorting/stars.hpp"

namespace versus::engine {

struct JudgeAnchors;  // anchors.hpp

/// One judgement of item `a` against item `b`.
struct PairJudgement {
  double p_a_better = 0.5;  ///< in [0, 1]: the outcome the Bradley-Terry fit reads
  double log_odds = 0.0;    ///< the judge's overall margin, finite: what kMeanLogOdds averages
};

/// A judgement known only by its probability (a simulated judge, a hard win): the
/// log-odds of p, clamped to +-kMaxLogOdds so a certain outcome stays finite.
PairJudgement JudgementFromProbability(double p);
inline constexpr double kMaxLogOdds = 20.0;

/// Judges item a against item b (indices below the item count). Called from up to
/// RankerOptions::parallel threads at once; must be antisymmetric as engine::Comparator
/// is. The first exception it throws stops the judging and leaves Rank().
using PairJudge = std::function<PairJudgement(std::uint32_t a, std::uint32_t b)>;

/// `comparator` on images[a] against images[b] (P and the overall margin). The images
/// must outlive the judge.
PairJudge ComparatorJudge(const Comparator& comparator, std::vector<const ImageProfile*> images);
PairJudge ComparatorJudge(const Comparator& comparator, const std::vector<ImageProfile>& images);

/// For tests and the bench: hard Bradley-Terry outcomes drawn from `truth` (1 with
/// probability 1 / (1 + exp(-(truth[a] - truth[b])))). The draw depends only on the seed
/// and the unordered pair, so the judge is deterministic and thread-safe, and
/// antisymmetric: judge(b, a) = 1 - judge(a, b).
PairJudge SimulatedJudge(std::vector<double> truth, std::uint64_t seed);

enum class PairDesign {
  /// kAllPairs when n(n-1)/2 <= the budget (budget 0: <= all_pairs_limit), else kActive.
  kAuto,
  /// Every unordered pair once, row by row (a < b): exact, for small sets and cheap judges.
  kAllPairs,
  /// A random cycle (sorting::InitialPairs: connected from the start), then batches of
  /// sorting::NextPairs given the current fit, refitting after each, until the budget.
  kActive,
};

enum class ScoreFit {
  /// MAP Bradley-Terry on the judge's P (sorting/): scores in logits with 95% intervals
  /// and variances. With anchors: Thurstone MAP with the anchors held fixed (probits).
  kBradleyTerry,
  /// Each item's mean log-odds against all the others: the least-squares fit of the
  /// judge's margins, exact and instant when every pair was judged (compare's 2-4
  /// images, cull's groups). No intervals. Needs kAllPairs.
  kMeanLogOdds,
};

/// After each refit of a kActive loop: the scores so far and the judgements they came
/// from. Return false to stop judging (the bench stops at a target accuracy).
using RefitCallback = std::function<bool(const sorting::Scores& scores, const sorting::ComparisonSet& judged)>;

struct RankerOptions {
  PairDesign design = PairDesign::kAuto;
  /// Most pairs judged. 0 = automatic: every pair up to all_pairs_limit of them, else
  /// sorting::DefaultComparisonBudget(n) (~n * max(8, 1.5 log2 n)).
  std::size_t budget = 0;
  /// kAuto with budget 0 judges every pair up to this many (cheap judges: exact).
  std::size_t all_pairs_limit = 200'000;
  /// kActive: pairs per batch between refits; 0 = max(1, n / 2), so a budget of
  /// ~2 * max(8, 1.5 log2 n) batches (the bench found smaller batches no better).
  std::size_t batch_size = 0;
  /// How kActive picks each batch. Its `seed` is replaced per batch (derived from `seed`
  /// below) and its `model` set from the fit.
  sorting::SamplingOptions sampling;
  /// Seed of the initial cycle and of each batch: same options and judge, same result.
  std::uint64_t seed = 0;
  /// Pairs judged at once (engine::ParallelFor): > 1 for judges that wait on a server.
  unsigned parallel = 1;
  /// Put the pair (a, b) to the judge as (b, a) when a + b is odd, so each item comes
  /// first in about half its pairs: a model's preference for one position then cancels
  /// out instead of favouring the items listed first.
  bool balance_sides = false;
  ScoreFit fit = ScoreFit::kBradleyTerry;
  /// Items with known scores (on the Thurstone probit scale), held fixed by the fit so
  /// the others land on their scale. Empty: the prior fixes the gauge.
  std::vector<sorting::Anchor> anchors;
  /// Groups of items known to be identical (copies of one photo): after the fit each
  /// member gets the group's mean score, interval and standard error, so they tie.
  std::vector<std::vector<std::size_t>> identical_items;
  /// Judgements made before Rank (RankOnHumanScale: each image against the anchors): in
  /// every fit and first in report.judged, not counted in the budget. Not with kMeanLogOdds.
  std::vector<sorting::Comparison> prejudged;
  /// The design pairs only items 0..design_items-1 (the rest, e.g. anchors judged in
  /// `prejudged`, are only fitted); the budget and kAuto count pairs of these. nullopt: all.
  std::optional<std::size_t> design_items;
  /// Weight in the fit of each pair the design judges (prejudged ones keep their own).
  double pair_weight = 1.0;
  /// kActive only, the bench's oracle: choose pairs as if these were the fitted scores
  /// (the true ones: what adaptive pairing could do with a perfect fit). Empty = the fit.
  std::optional<std::vector<double>> design_scores;
  /// Pairs judged so far and the total planned, after each batch (or row of pairs).
  std::function<void(std::size_t done, std::size_t total)> progress;
  /// kActive: called after each refit; may stop the loop early.
  RefitCallback after_refit;

  /// False with a sentence in *why (when given) naming the option and what is accepted.
  bool IsValid(std::string* why) const;
};

struct RankerReport {
  /// What the judge said, in the order judged (a < b as listed by the design).
  sorting::ComparisonSet judged;
  /// Per item: score (higher is better), posterior variance (scores.StandardError(i))
  /// and 95% interval (variance and interval empty for kMeanLogOdds).
  sorting::Scores scores;
  /// Per item: 1..5 stars by quantile within the set (sorting::StarsByQuantile).
  std::vector<int> stars;
  /// Item indices, best first (ties keep index order).
  std::vector<std::size_t> order;
  PairDesign design = PairDesign::kAllPairs;  ///< the design actually run
  std::size_t refits = 0;                      ///< fits before the final one (kActive)
  sorting::SolverSummary fit;                  ///< the final fit (kBradleyTerry)
  /// RankOnHumanScale: anchors each item was judged against (judged then holds items
  /// 0..n-1 and the anchors as items n..n+k-1); 0: scores are log-odds relative to the set.
  std::size_t anchors = 0;
  /// The cuts (MOS points) absolute stars were given by; empty: stars by quantile.
  std::optional<sorting::StarThresholds> star_thresholds;
};

/// Ranks `item_count` items with `judge`. Throws engine::Error for invalid options;
/// rethrows the first exception the judge throws (judgements made so far are lost to
/// the caller, not to a judge with a cache).
void Rank(const RankerOptions& options, std::size_t item_count, const PairJudge& judge, RankerReport* report);

/// RankOnHumanScale's default weight of a judgement between two images.
inline constexpr double kDefaultMutualWeight = 0.5;

/// How RankOnHumanScale gives stars.
enum class StarScale {
  kAbsolute,  ///< the anchors' fixed cuts on the MOS scale: the same photo, the same stars in any set
  kRelative,  ///< fifths of the set (sorting::StarsByQuantile)
};

struct HumanScaleOptions {
  StarScale stars = StarScale::kAbsolute;
  unsigned jobs = 0;  ///< threads judging (0 = one per core)
  /// Most pairs of images judged against each other (the Ranker's design: every pair
  /// when they fit, else active sampling); 0 = sorting::DefaultComparisonBudget(n)
  /// (~n * max(8, 1.5 log2 n): linear, never all n^2 pairs of a large set).
  std::size_t budget = 0;
  /// Weight of each image-vs-image judgement in the fit, against 1 for each image-vs-
  /// anchor one. 0: anchors only (Compare2Score's fit; no pairs judged). The default
  /// (kDefaultMutualWeight) and why: sorting/README.md "Scores on the human scale".
  double mutual_weight = kDefaultMutualWeight;
  /// As RankerOptions::identical_items.
  std::vector<std::vector<std::size_t>> identical_items;
  /// Images judged against every anchor so far and the total, then pairs of images
  /// judged so far and the total planned.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Scores on the human scale (MOS 0-100, Compare2Score): each image judged against the
/// judge's k anchors (JudgeAgainstAnchors, n * k judgements), and the images against
/// each other by Rank()'s design (at most options.budget pairs, weighted
/// options.mutual_weight); one Thurstone MAP fit of both with the anchors held at
/// mos / sigma, scores and intervals times sigma (MOS points); stars by the anchors' cuts
/// or by quantile; the order best first. report.judged holds the anchor judgements
/// (items n..n+k-1 are the anchors) then the pairs of images. What `versus rank|rate|
/// sort|report|compare|cull` and the plug-in run for a judge that ships anchors
/// (LoadAnchors). Throws engine::Error from the judge or the fit.
void RankOnHumanScale(const HumanScaleOptions& options, const Comparator& judge,
                      const std::vector<ImageProfile>& images, const JudgeAnchors& anchors, RankerReport* report);

/// Per item, the probability that its star is right: the normal approximation of its
/// score (the fit's standard error) integrated over its star's bracket: between the
/// absolute cuts (report.star_thresholds), else with edges midway between neighbouring
/// stars' closest scores. 1 where there is no spread.
std::vector<double> StarConfidence(const RankerReport& report);

/// Groups of profiles with identical content, for RankerOptions::identical_items: same
/// size and measures (computed from the decoded pixels, deterministic; a learned judge's
/// embedding may not be bit-exact between runs of its network).
std::vector<std::vector<std::size_t>> IdenticalImages(const std::vector<ImageProfile>& images);

}  // namespace versus::engine
