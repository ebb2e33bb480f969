// The ranking loop (ranker.hpp): design, parallel judging, refits, fit, stars, order.
#include "versus/engine/ranker.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "versus/engine/anchors.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/parallel.hpp"
#include "versus/sorting/human_scale.hpp"
#include "versus/sorting/solver.hpp"
#include "versus/sorting/stars.hpp"

namespace versus::engine {
namespace {

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

std::size_t AllPairCount(std::size_t n) { return n < 2 ? 0 : n * (n - 1) / 2; }

// The judgements so far: the solver's outcomes, and beside them the judge's margins
// (what kMeanLogOdds averages).
struct Judged {
  sorting::ComparisonSet set;
  std::vector<double> log_odds;
  std::size_t given = 0;  // options.prejudged, first in set

  std::size_t Spent() const { return set.comparisons.size() - given; }
};

std::size_t DesignItems(const RankerOptions& options, std::size_t item_count) {
  return options.design_items ? *options.design_items : item_count;
}

// What NextPairs reads when the design pairs only the first m items: those items, the
// judgements among them, and their current scores and variances (from the full fit).
struct DesignView {
  sorting::PairwiseProblem problem;
  sorting::Scores scores;
};

DesignView DesignViewOf(sorting::PairwiseProblem full, const sorting::Scores& scores, std::size_t m) {
  DesignView view;
  view.problem.model = full.model;
  view.problem.prior_strength = full.prior_strength;
  view.problem.data.item_count = m;
  for (const sorting::Comparison& c : full.data.comparisons)
    if (c.a < m && c.b < m) view.problem.data.comparisons.push_back(c);
  for (const sorting::Anchor& a : full.anchors)
    if (a.item < m) view.problem.anchors.push_back(a);
  view.scores.score.assign(scores.score.begin(), scores.score.begin() + std::ptrdiff_t(std::min(m, scores.score.size())));
  if (scores.variance.size() >= m) view.scores.variance.assign(scores.variance.begin(), scores.variance.begin() + std::ptrdiff_t(m));
  return view;
}

// The one place Rank calls sorting's fit, so that a change of sorting's API is one edit
// here. Refits inside the active loop start from the last scores and take the cheap
// intervals (NextPairs reads them); the final fit starts cold, so the result does not
// depend on the path the loop took.
sorting::PairwiseProblem ProblemOf(const RankerOptions& options, const sorting::ComparisonSet& judged) {
  sorting::PairwiseProblem problem;
  problem.model = options.anchors.empty() ? sorting::Model::kBradleyTerry : sorting::Model::kThurstone;
  problem.data = judged;
  problem.anchors = options.anchors;
  return problem;
}

sorting::SolverSummary FitScores(const RankerOptions& options, const sorting::ComparisonSet& judged, bool refit,
                                 sorting::Scores* scores) {
  sorting::PairwiseProblem problem = ProblemOf(options, judged);
  if (refit && scores->score.size() == judged.item_count) problem.initial_scores = scores->score;
  sorting::SolverOptions fit;
  fit.interval_method = refit ? sorting::IntervalMethod::kApproximate : sorting::IntervalMethod::kAuto;
  sorting::SolverSummary summary;
  *scores = sorting::Solve(fit, problem, &summary);
  return summary;
}

PairJudgement Checked(PairJudgement j, std::uint32_t a, std::uint32_t b) {
  if (!(j.p_a_better >= 0.0 && j.p_a_better <= 1.0) || !std::isfinite(j.log_odds)) {
    throw Error("ranker: the judge said P = " + std::to_string(j.p_a_better) + ", log-odds " +
                std::to_string(j.log_odds) + " for items " + std::to_string(a) + " and " + std::to_string(b) +
                " (P must be in [0, 1], log-odds finite)");
  }
  return j;
}

// Judges `pairs` on up to options.parallel threads (the one pool: engine::ParallelFor)
// and appends them in the order given, whatever order the threads finish in.
void JudgeBatch(const PairJudge& judge, const Pairs& pairs, const RankerOptions& options, Judged& judged) {
  std::vector<PairJudgement> out(pairs.size());
  ParallelFor(pairs.size(), std::max(1u, options.parallel), [&](std::size_t i) {
    const auto [a, b] = pairs[i];
    if (options.balance_sides && (a + b) % 2 == 1) {
      const PairJudgement flipped = Checked(judge(b, a), b, a);
      out[i] = {1.0 - flipped.p_a_better, -flipped.log_odds};
    } else {
      out[i] = Checked(judge(a, b), a, b);
    }
  });
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    judged.set.comparisons.push_back({pairs[i].first, pairs[i].second, out[i].p_a_better, options.pair_weight});
    judged.log_odds.push_back(out[i].log_odds);
  }
}

void Progress(const RankerOptions& options, std::size_t done, std::size_t total) {
  if (options.progress) options.progress(done, total);
}

void JudgeAllPairs(const RankerOptions& options, const PairJudge& judge, Judged& judged) {
  const auto n = static_cast<std::uint32_t>(DesignItems(options, judged.set.item_count));
  const std::size_t all = AllPairCount(n);
  judged.set.comparisons.reserve(judged.given + all);
  for (std::uint32_t a = 0; a + 1 < n; ++a) {
    Pairs row;
    for (std::uint32_t b = a + 1; b < n; ++b) row.emplace_back(a, b);
    JudgeBatch(judge, row, options, judged);
    Progress(options, judged.Spent(), all);
  }
}

// A random cycle (connected from the start), then the most informative pairs given the
// current fit, batch by batch, until the budget is spent or after_refit says stop.
void JudgeActively(const RankerOptions& options, const PairJudge& judge, std::size_t limit, Judged& judged,
                   RankerReport& report) {
  const std::size_t n = DesignItems(options, judged.set.item_count);
  const bool part = n < judged.set.item_count;
  Pairs initial = sorting::InitialPairs(n, options.seed);
  if (initial.size() > limit) initial.resize(limit);
  JudgeBatch(judge, initial, options, judged);
  Progress(options, judged.Spent(), limit);
  const std::size_t batch = options.batch_size != 0 ? options.batch_size : std::max<std::size_t>(1, n / 2);
  sorting::SamplingOptions sampling = options.sampling;
  sorting::Scores scores, oracle;
  if (options.design_scores) oracle.score = *options.design_scores;
  FitScores(options, judged.set, true, &scores);
  ++report.refits;
  for (std::uint64_t round = 0; judged.Spent() < limit; ++round) {
    if (options.after_refit && !options.after_refit(scores, judged.set)) break;
    sampling.seed = options.seed * 1000003 + round;
    const std::size_t size = std::min(batch, limit - judged.Spent());
    const sorting::Scores& current = options.design_scores ? oracle : scores;
    const Pairs pairs = part ? [&] {
      const DesignView view = DesignViewOf(ProblemOf(options, judged.set), current, n);
      return sorting::NextPairs(view.problem, view.scores, size, sampling);
    }()
                             : sorting::NextPairs(ProblemOf(options, judged.set), current, size, sampling);
    if (pairs.empty()) break;
    JudgeBatch(judge, pairs, options, judged);
    Progress(options, judged.Spent(), limit);
    FitScores(options, judged.set, true, &scores);
    ++report.refits;
  }
}

// Per item, the mean of its log-odds against every other item (a against b counts +, b
// against a -): the least-squares scores of a complete design.
sorting::Scores MeanLogOdds(const Judged& judged) {
  const std::size_t n = judged.set.item_count;
  sorting::Scores scores;
  scores.score.assign(n, 0.0);
  for (std::size_t k = 0; k < judged.log_odds.size(); ++k) {
    scores.score[judged.set.comparisons[k].a] += judged.log_odds[k];
    scores.score[judged.set.comparisons[k].b] -= judged.log_odds[k];
  }
  for (double& s : scores.score) s /= double(std::max<std::size_t>(n, 1));
  return scores;
}

void Equalise(const std::vector<std::vector<std::size_t>>& groups, RankerReport& report) {
  for (const std::vector<std::size_t>& members : groups) {
    if (members.size() < 2) continue;
    for (std::vector<double>* values : {&report.scores.score, &report.scores.ci_low, &report.scores.ci_high,
                                        &report.scores.variance}) {
      if (values->empty()) continue;
      double sum = 0;
      for (std::size_t i : members) sum += (*values)[i];
      for (std::size_t i : members) (*values)[i] = sum / double(members.size());
    }
  }
}

// Item indices by score, best first (ties keep index order).
void OrderBestFirst(RankerReport& report) {
  const std::vector<double>& score = report.scores.score;
  report.order.resize(score.size());
  std::iota(report.order.begin(), report.order.end(), 0);
  std::stable_sort(report.order.begin(), report.order.end(), [&](auto a, auto b) { return score[a] > score[b]; });
}

void CheckAgainstItems(const RankerOptions& options, std::size_t n) {
  for (const sorting::Anchor& anchor : options.anchors) {
    if (anchor.item >= n) throw Error("ranker: anchor item " + std::to_string(anchor.item) + " of " + std::to_string(n) + " items");
  }
  for (const auto& members : options.identical_items) {
    for (std::size_t i : members) {
      if (i >= n) throw Error("ranker: identical item " + std::to_string(i) + " of " + std::to_string(n) + " items");
    }
  }
  if (options.design_items && *options.design_items > n) {
    throw Error("ranker: design_items " + std::to_string(*options.design_items) + " of " + std::to_string(n) + " items");
  }
  for (const sorting::Comparison& c : options.prejudged) {
    if (c.a >= n || c.b >= n) throw Error("ranker: a prejudged pair names an item beyond the " + std::to_string(n));
  }
  if (options.design_scores && options.design_scores->size() != n) {
    throw Error("ranker: design_scores has " + std::to_string(options.design_scores->size()) + " entries for " +
                std::to_string(n) + " items");
  }
}

// Rank()'s scores are probits on the anchors' scale (mos / sigma): MOS points for the n
// images, the anchors dropped.
void ToMosPoints(double sigma, std::size_t n, sorting::Scores& scores) {
  for (auto [values, factor] : {std::pair{&scores.score, sigma}, {&scores.ci_low, sigma}, {&scores.ci_high, sigma},
                                {&scores.variance, sigma * sigma}}) {
    if (values->size() > n) values->resize(n);
    for (double& v : *values) v *= factor;
  }
}

}  // namespace

bool RankerOptions::IsValid(std::string* why) const {
  auto fail = [why](const std::string& text) {
    if (why != nullptr) *why = text;
    return false;
  };
  if (fit == ScoreFit::kMeanLogOdds && design != PairDesign::kAllPairs) {
    return fail("fit kMeanLogOdds needs design kAllPairs (it averages over every other item)");
  }
  if (fit == ScoreFit::kMeanLogOdds && !anchors.empty()) return fail("anchors need fit kBradleyTerry");
  if (fit == ScoreFit::kMeanLogOdds && !prejudged.empty()) return fail("prejudged needs fit kBradleyTerry");
  if (!(pair_weight > 0) || !std::isfinite(pair_weight)) return fail("pair_weight must be > 0 and finite");
  if (design_scores && design == PairDesign::kAllPairs) return fail("design_scores needs an active design");
  std::string sampling_why;
  if (!sampling.IsValid(&sampling_why)) return fail("sampling: " + sampling_why);
  return true;
}

void Rank(const RankerOptions& options, std::size_t item_count, const PairJudge& judge, RankerReport* report) {
  std::string why;
  if (!options.IsValid(&why)) throw Error("ranker: " + why);
  if (report == nullptr || !judge) throw Error("ranker: Rank needs a judge and a report");
  if (item_count > 0xFFFFFFFFull) throw Error("ranker: more than 2^32 items");
  CheckAgainstItems(options, item_count);
  *report = {};
  Judged judged;
  judged.set.item_count = item_count;
  judged.set.comparisons = options.prejudged;
  judged.given = options.prejudged.size();
  judged.log_odds.assign(judged.given, 0.0);
  const std::size_t design_n = DesignItems(options, item_count);
  const std::size_t all = AllPairCount(design_n);
  const std::size_t all_limit = options.budget == 0 ? options.all_pairs_limit : options.budget;
  report->design = options.design != PairDesign::kAuto ? options.design
                   : all <= all_limit                  ? PairDesign::kAllPairs
                                                       : PairDesign::kActive;
  if (report->design == PairDesign::kAllPairs) {
    if (options.budget != 0 && all > options.budget) {
      throw Error("ranker: every pair of " + std::to_string(design_n) + " items is " + std::to_string(all) +
                  " comparisons, over the budget of " + std::to_string(options.budget));
    }
    JudgeAllPairs(options, judge, judged);
  } else {
    const std::size_t limit = options.budget != 0 ? options.budget : sorting::DefaultComparisonBudget(design_n);
    JudgeActively(options, judge, limit, judged, *report);
  }
  if (options.fit == ScoreFit::kMeanLogOdds) {
    report->scores = MeanLogOdds(judged);
  } else {
    report->fit = FitScores(options, judged.set, false, &report->scores);
    if (!report->fit.IsSolutionUsable()) throw Error("ranker: the score fit failed: " + report->fit.message);
  }
  Equalise(options.identical_items, *report);
  report->stars = sorting::StarsByQuantile(report->scores.score);
  OrderBestFirst(*report);
  report->judged = std::move(judged.set);
}

void RankOnHumanScale(const HumanScaleOptions& options, const Comparator& judge,
                      const std::vector<ImageProfile>& images, const JudgeAnchors& anchors, RankerReport* report) {
  if (report == nullptr) throw Error("ranker: RankOnHumanScale needs a report");
  if (anchors.anchors.empty() || !(anchors.sigma > 0)) throw Error("ranker: anchors need k > 0 photos and sigma > 0");
  if (!(options.mutual_weight >= 0) || !std::isfinite(options.mutual_weight))
    throw Error("ranker: mutual_weight must be >= 0 and finite");
  const std::size_t n = images.size(), k = anchors.anchors.size();
  if (n == 0) {
    *report = {};
    report->judged.item_count = k;
    report->anchors = k;
    if (options.stars == StarScale::kAbsolute) report->star_thresholds = sorting::StarThresholds{anchors.star_thresholds};
    return;
  }
  const std::vector<std::vector<double>> p = JudgeAgainstAnchors(judge, images, anchors, options.jobs, options.progress);
  RankerOptions ranker;
  ranker.design_items = n;
  ranker.prejudged.reserve(n * k);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) ranker.prejudged.push_back({std::uint32_t(i), std::uint32_t(n + j), p[i][j], 1.0});
  }
  for (std::size_t j = 0; j < k; ++j) ranker.anchors.push_back({std::uint32_t(n + j), anchors.anchors[j].mos / anchors.sigma});
  ranker.identical_items = options.identical_items;
  ranker.parallel = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Pairs of images: none at weight 0, else the budget (every pair when they fit in it).
  const std::size_t budget = options.budget != 0 ? options.budget : sorting::DefaultComparisonBudget(n);
  if (options.mutual_weight == 0 || n < 2) {
    ranker.design = PairDesign::kAllPairs;
    ranker.design_items = 1;  // no pair to judge
  } else {
    ranker.budget = std::min(budget, AllPairCount(n));
    ranker.pair_weight = options.mutual_weight;
  }
  ranker.progress = options.progress;
  const PairJudge mutual = ComparatorJudge(judge, images);  // the design pairs images only
  Rank(ranker, n + k, mutual, report);
  ToMosPoints(anchors.sigma, n, report->scores);
  report->anchors = k;
  if (options.stars == StarScale::kAbsolute) report->star_thresholds = sorting::StarThresholds{anchors.star_thresholds};
  report->stars = report->star_thresholds ? sorting::StarsByThreshold(report->scores.score, *report->star_thresholds)
                                          : sorting::StarsByQuantile(report->scores.score);
  OrderBestFirst(*report);
}

}  // namespace versus::engine
