// Next-batch selection by expected information gain (see active_sampling.hpp).
#include "versus/sorting/active_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <unordered_set>

#include "posterior_covariance_pvt.hpp"
#include "versus/sorting/error.hpp"

namespace versus::sorting {
namespace {

using Pair = std::pair<std::uint32_t, std::uint32_t>;

inline std::uint64_t Key(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t{a} << 32) | b;
}

// Expected Fisher information of one outcome when d ~ N(mu, v): the information curve
// approximated by a Gaussian bump of the same peak and area (Bradley-Terry: peak 1/4,
// area 1; Thurstone: peak 2/pi, area ~1.6), which makes the expectation closed-form.
inline double ExpectedInformation(double mu, double v, Model model) {
  const double peak = model == Model::kBradleyTerry ? 0.25 : 0.6366197723675814;
  const double c = model == Model::kBradleyTerry ? 2.5464790894703255 : 1.0;  // 8/pi, 1
  return peak * std::sqrt(c / (c + v)) * std::exp(-mu * mu / (2.0 * (c + v)));
}

// Large n: partners are drawn within this score distance, 1.5 widths of the information
// curve (an outcome there still carries ~1/3 of the peak information). Measured in the
// bench: 1.2-2.5 logits all work; nearest-few pairing and weighting pairs by estimated
// gain both do worse, because early estimates are noisy and close pairs build a chain.
inline double BandHalfWidth(Model model) {
  return model == Model::kBradleyTerry ? 2.3936536824085963 : 1.5;  // 1.5 sqrt(8/pi), 1.5
}

// How many items sit near each item's score, per unit score (box kernel, Silverman's
// bandwidth). A score error costs rank (and Spearman) in proportion to this density, so
// crowded score regions are worth more comparisons than the sparse tails.
std::vector<double> RankDensity(const std::vector<double>& mu) {
  const std::size_t n = mu.size();
  std::vector<double> sorted = mu;
  std::sort(sorted.begin(), sorted.end());
  double mean = 0, sq = 0;
  for (double x : mu) mean += x;
  mean /= static_cast<double>(n);
  for (double x : mu) sq += (x - mean) * (x - mean);
  const double sd = std::sqrt(sq / static_cast<double>(n));
  const double iqr = sorted[(3 * n) / 4] - sorted[n / 4];
  const double spread = iqr > 0 ? std::min(sd, iqr / 1.349) : sd;
  std::vector<double> rho(n, 1.0);
  if (!(spread > 1e-9)) return rho;  // no fit yet: every item alike
  const double h = 1.06 * spread * std::pow(static_cast<double>(n), -0.2);
  for (std::size_t i = 0; i < n; ++i) {
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), mu[i] - h);
    const auto hi = std::upper_bound(sorted.begin(), sorted.end(), mu[i] + h);
    rho[i] = static_cast<double>(hi - lo) / (2.0 * h * static_cast<double>(n));
  }
  return rho;
}

struct Candidate {
  double priority;
  std::uint32_t a, b;
};

// Small n: a rank-weighted A-optimal design. A comparison of (a, b) with expected
// information I shrinks the posterior covariance Sigma by the rank-one update
// I Sigma u u^T Sigma / (1 + I u^T Sigma u), u = e_a - e_b, so the expected drop of
// sum_i rho_i^2 Var(s_i) (rank error ~ density x score error) is
//   I (G_aa + G_bb - 2 G_ab) / (1 + I Var(s_a - s_b)),   G = Sigma diag(rho^2) Sigma.
// O(n^3) per batch, once.
class DesignCriterion {
 public:
  DesignCriterion(const PairwiseProblem& so_far, std::vector<double> mu)
      : n_(mu.size()), mu_(std::move(mu)), model_(so_far.model) {
    std::vector<double> rho2 = RankDensity(mu_);
    for (double& r : rho2) r *= r;
    S_ = internal::DenseCovariance(so_far.data, mu_, model_, so_far.prior_strength);
    std::vector<double> SW(n_ * n_);
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t k = 0; k < n_; ++k) SW[i * n_ + k] = S_[i * n_ + k] * rho2[k];
    G_.assign(n_ * n_, 0.0);
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t k = 0; k < n_; ++k) {
        const double x = SW[i * n_ + k];
        const double* Sk = &S_[k * n_];
        double* Gi = &G_[i * n_];
        for (std::size_t j = 0; j < n_; ++j) Gi[j] += x * Sk[j];
      }
  }

  double operator()(std::uint32_t a, std::uint32_t b) const {
    const double v = std::max(S_[a * n_ + a] + S_[b * n_ + b] - 2 * S_[a * n_ + b], 0.0);
    const double gain = std::max(G_[a * n_ + a] + G_[b * n_ + b] - 2 * G_[a * n_ + b], 0.0);
    const double info = ExpectedInformation(mu_[a] - mu_[b], v, model_);
    return info * gain / (1.0 + info * v);
  }

 private:
  std::size_t n_;
  std::vector<double> mu_;
  Model model_;
  std::vector<double> S_, G_;
};

std::vector<std::uint32_t> ScoreOrder(const std::vector<double>& mu) {
  std::vector<std::uint32_t> order(mu.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    return mu[i] < mu[j] || (mu[i] == mu[j] && i < j);
  });
  return order;
}

// Large n: for each item, `window` partners drawn uniformly from the items within
// BandHalfWidth of its score (a band, not the nearest few: the nearest few make a
// chain-like graph whose far ends drift apart), plus random partners that keep the
// comparison graph an expander. O(n log n + n * candidates).
std::vector<Pair> BandPartners(const std::vector<double>& mu, Model model,
                               const SamplingOptions& options, std::mt19937_64& rng) {
  const std::size_t n = mu.size();
  const std::vector<std::uint32_t> order = ScoreOrder(mu);
  std::vector<double> sorted(n);
  for (std::size_t r = 0; r < n; ++r) sorted[r] = mu[order[r]];
  const double w = BandHalfWidth(model);
  std::uniform_int_distribution<std::uint32_t> any(0, static_cast<std::uint32_t>(n - 1));
  std::vector<Pair> out;
  out.reserve(n * (options.window + options.random_candidates_per_item));
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t lo = std::lower_bound(sorted.begin(), sorted.end(), sorted[r] - w) - sorted.begin();
    const std::size_t hi = std::upper_bound(sorted.begin(), sorted.end(), sorted[r] + w) - sorted.begin();
    std::uniform_int_distribution<std::size_t> near(lo, hi - 1);
    for (std::size_t k = 0; k < options.window; ++k) {
      const std::size_t q = near(rng);
      if (q != r) out.emplace_back(std::min(order[r], order[q]), std::max(order[r], order[q]));
    }
    for (std::size_t k = 0; k < options.random_candidates_per_item; ++k) {
      const std::uint32_t q = any(rng);
      if (q != order[r]) out.emplace_back(std::min(order[r], q), std::max(order[r], q));
    }
  }
  return out;
}

}  // namespace

bool SamplingOptions::IsValid(std::string* why) const {
  auto fail = [&](const char* m) {
    if (why) *why = m;
    return false;
  };
  if (window < 1) return fail("window must be >= 1");
  if (max_uses_per_item < 1) return fail("max_uses_per_item must be >= 1");
  if (!(default_sd > 0) || !std::isfinite(default_sd)) return fail("default_sd must be > 0");
  return true;
}

std::vector<Pair> NextPairs(const PairwiseProblem& problem, const Scores& current,
                            std::size_t batch_size, const SamplingOptions& options) {
  std::string why;
  if (!options.IsValid(&why)) throw Error("invalid SamplingOptions: " + why);
  if (!(problem.prior_strength > 0) || !std::isfinite(problem.prior_strength))
    throw Error("invalid PairwiseProblem: prior_strength must be finite and > 0");
  const ComparisonSet& so_far = problem.data;
  const std::size_t n = so_far.item_count;
  if (n > 0xFFFFFFFFull) throw Error("NextPairs: too many items");
  std::vector<Pair> out;
  if (n < 2 || batch_size == 0) return out;
  if (!current.score.empty() && current.score.size() != n)
    throw Error("NextPairs: current.score has " + std::to_string(current.score.size()) +
                " entries but so_far.item_count is " + std::to_string(n) +
                " (pass the fit of so_far, or empty scores before the first fit)");
  const bool have_variance = current.variance.size() == n;
  std::vector<double> mu(n, 0.0), var(n, options.default_sd * options.default_sd);
  for (std::size_t i = 0; i < n; ++i) {
    if (!current.score.empty()) {
      mu[i] = current.score[i];
      if (!std::isfinite(mu[i]))
        throw Error("NextPairs: current.score[" + std::to_string(i) + "] is not finite");
    }
    if (have_variance && std::isfinite(current.variance[i]) && current.variance[i] >= 0)
      var[i] = current.variance[i];
  }
  const std::size_t all_pairs = n * (n - 1) / 2;
  batch_size = std::min(batch_size, all_pairs);
  std::mt19937_64 rng(options.seed ^ 0x9E3779B97F4A7C15ull);
  std::uniform_real_distribution<double> jitter(0.0, 1e-9);
  std::unordered_set<std::uint64_t> chosen;
  chosen.reserve(batch_size * 2);

  if (options.method == SamplingMethod::kRandom) {
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
    while (out.size() < batch_size) {
      std::uint32_t a = pick(rng), b = pick(rng);
      if (a == b || !chosen.insert(Key(a, b)).second) continue;
      out.emplace_back(std::min(a, b), std::max(a, b));
    }
    return out;
  }

  std::unordered_set<std::uint64_t> seen;
  seen.reserve(so_far.comparisons.size() * 2);
  for (const Comparison& c : so_far.comparisons)
    if (c.a != c.b && c.a < n && c.b < n) seen.insert(Key(c.a, c.b));

  // Candidates and their priority.
  std::vector<Candidate> cand;
  if (options.method == SamplingMethod::kInformationGain && n <= options.exhaustive_max_items) {
    if (so_far.comparisons.empty()) {  // nothing known: every pair alike
      for (std::uint32_t a = 0; a < n; ++a)
        for (std::uint32_t b = a + 1; b < n; ++b) cand.push_back({jitter(rng), a, b});
    } else {
      const DesignCriterion criterion(problem, mu);
      cand.reserve(all_pairs);
      for (std::uint32_t a = 0; a < n; ++a)
        for (std::uint32_t b = a + 1; b < n; ++b) cand.push_back({criterion(a, b) + jitter(rng), a, b});
    }
  } else if (options.method == SamplingMethod::kInformationGain) {
    // Large n: a balanced band design, in random order (each item once per batch first).
    for (const Pair& p : BandPartners(mu, problem.model, options, rng)) cand.push_back({jitter(rng), p.first, p.second});
  } else {
    // kNearestScore: score-order neighbours, most uncertain first.
    const std::vector<std::uint32_t> order = ScoreOrder(mu);
    cand.reserve(n * options.window);
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t k = 1; k <= options.window && r + k < n; ++k) {
        const std::uint32_t a = std::min(order[r], order[r + k]), b = std::max(order[r], order[r + k]);
        cand.push_back({var[a] + var[b] + jitter(rng), a, b});
      }
  }
  std::sort(cand.begin(), cand.end(),
            [](const Candidate& x, const Candidate& y) { return x.priority > y.priority; });

  // Greedy: best first, each item at most `uses` times, unseen pairs before seen ones.
  const std::size_t uses = std::max<std::size_t>(
      options.max_uses_per_item, (2 * batch_size + n - 1) / n);
  std::vector<std::uint32_t> used(n, 0);
  for (int pass = 0; pass < 3 && out.size() < batch_size; ++pass) {
    for (const Candidate& c : cand) {
      if (out.size() >= batch_size) break;
      const std::uint64_t key = Key(c.a, c.b);
      if (pass < 2 && seen.count(key)) continue;           // passes 0, 1: new pairs only
      if (pass == 0 && (used[c.a] >= uses || used[c.b] >= uses)) continue;  // 0: spread
      if (!chosen.insert(key).second) continue;
      ++used[c.a];
      ++used[c.b];
      out.emplace_back(c.a, c.b);
    }
  }
  // Candidate mode can run out of distinct pairs on tiny windows: top up at random.
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
  for (std::size_t tries = 0; out.size() < batch_size && tries < 100 * batch_size; ++tries) {
    const std::uint32_t a = pick(rng), b = pick(rng);
    if (a == b || !chosen.insert(Key(a, b)).second) continue;
    out.emplace_back(std::min(a, b), std::max(a, b));
  }
  return out;
}

std::size_t DefaultComparisonBudget(std::size_t n) {
  if (n < 2) return 0;
  const double all = 0.5 * static_cast<double>(n) * static_cast<double>(n - 1);
  const double per_item = std::max(8.0, 1.5 * std::log2(static_cast<double>(n)));
  return static_cast<std::size_t>(std::min(all, std::ceil(static_cast<double>(n) * per_item)));
}

std::vector<Pair> InitialPairs(std::size_t n, std::uint64_t seed) {
  std::vector<Pair> out;
  if (n < 2) return out;
  std::vector<std::uint32_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0u);
  std::mt19937_64 rng(seed);
  std::shuffle(perm.begin(), perm.end(), rng);
  const std::size_t count = n == 2 ? 1 : n;
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint32_t a = perm[k], b = perm[(k + 1) % n];
    out.emplace_back(std::min(a, b), std::max(a, b));
  }
  return out;
}

}  // namespace versus::sorting
