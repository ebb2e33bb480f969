// Next-batch selection by expected information gain (see active_sampling.hpp).
#include "versus/sorting/active_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <unordered_set>

#include "versus/sorting/error.hpp"

namespace versus::sorting {
namespace {

using Pair = std::pair<std::uint32_t, std::uint32_t>;

inline std::uint64_t Key(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t{a} << 32) | b;
}

inline double BinaryEntropyBits(double p) {
  if (p <= 0 || p >= 1) return 0.0;
  return -(p * std::log2(p) + (1 - p) * std::log2(1 - p));
}

// BALD for a probit outcome Phi(d), d ~ N(mu, v) (Houlsby et al. 2011, eq. 3):
//   I = h(Phi(mu / sqrt(1 + v))) - C / sqrt(v + C^2) exp(-mu^2 / (2 (v + C^2))),
//   C = sqrt(pi ln 2 / 2). The logistic is mapped onto it by sigma(x) ~ Phi(x sqrt(pi/8)).
inline double InformationGain(double mu, double v, Model model) {
  if (model == Model::kBradleyTerry) {
    constexpr double k = 0.6266570686577501;  // sqrt(pi / 8)
    mu *= k;
    v *= k * k;
  }
  constexpr double C2 = 1.0887930451518010;  // pi ln2 / 2
  const double p = 0.5 * std::erfc(-mu / std::sqrt(2.0 * (1.0 + v)));
  return BinaryEntropyBits(p) - std::sqrt(C2 / (v + C2)) * std::exp(-mu * mu / (2.0 * (v + C2)));
}

// Posterior covariance of the scores at mu given so_far (dense, O(n^3): small n only).
// H = sum_c w_c I(d_c) (e_a - e_b)(e_a - e_b)^T + prior I + 11^T / n, where I(d) is the
// Fisher information of one outcome (sigma(d) sigma(-d) for Bradley-Terry,
// phi(d)^2 / (Phi(d) Phi(-d)) for Thurstone). The 11^T/n term only fixes the gauge: it
// cancels in Var(s_i - s_j), the quantity the gain needs. Returns Sigma, row-major.
std::vector<double> DenseCovariance(const ComparisonSet& so_far, const std::vector<double>& mu,
                                    Model model, double prior) {
  const std::size_t n = mu.size();
  std::vector<double> H(n * n, 1.0 / static_cast<double>(n));
  for (std::size_t i = 0; i < n; ++i) H[i * n + i] += prior;
  for (const Comparison& c : so_far.comparisons) {
    if (c.a == c.b || c.a >= n || c.b >= n || !(c.weight > 0)) continue;
    const double d = mu[c.a] - mu[c.b];
    double info;
    if (model == Model::kBradleyTerry) {
      const double p = 1.0 / (1.0 + std::exp(-d));
      info = p * (1 - p);
    } else {
      const double P = 0.5 * std::erfc(-d / std::sqrt(2.0));
      const double phi = 0.3989422804014327 * std::exp(-0.5 * d * d);
      info = phi * phi / std::max(P * (1 - P), 1e-300);
    }
    const double w = c.weight * info;
    H[c.a * n + c.a] += w;
    H[c.b * n + c.b] += w;
    H[c.a * n + c.b] -= w;
    H[c.b * n + c.a] -= w;
  }
  for (std::size_t j = 0; j < n; ++j) {  // Cholesky, lower triangle in place
    double* Lj = &H[j * n];
    double d = Lj[j];
    for (std::size_t k = 0; k < j; ++k) d -= Lj[k] * Lj[k];
    d = std::sqrt(std::max(d, 1e-300));
    Lj[j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double* Li = &H[i * n];
      double x = Li[j];
      for (std::size_t k = 0; k < j; ++k) x -= Li[k] * Lj[k];
      Li[j] = x / d;
    }
  }
  // X = L^-1 (row j holds column j of L^-1, entries j..n-1), then Sigma = X^T X.
  std::vector<double> X(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double* x = &X[j * n];
    for (std::size_t i = j; i < n; ++i) {
      const double* Li = &H[i * n];
      double v = (i == j) ? 1.0 : 0.0;
      for (std::size_t k = j; k < i; ++k) v -= Li[k] * x[k];
      x[i] = v / Li[i];
    }
  }
  // Sigma_ab = sum_k (L^-1)_{k a} (L^-1)_{k b} = sum_j X[j][a] X[j][b].
  std::vector<double> S(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    const double* x = &X[j * n];
    for (std::size_t a = j; a < n; ++a) {
      const double xa = x[a];
      if (xa == 0) continue;
      double* Sa = &S[a * n];
      for (std::size_t b = j; b <= a; ++b) Sa[b] += xa * x[b];
    }
  }
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < a; ++b) S[b * n + a] = S[a * n + b];
  return S;
}

struct Candidate {
  double priority;
  std::uint32_t a, b;
};

}  // namespace

bool SamplingOptions::IsValid(std::string* why) const {
  auto fail = [&](const char* m) {
    if (why) *why = m;
    return false;
  };
  if (window < 1) return fail("window must be >= 1");
  if (max_uses_per_item < 1) return fail("max_uses_per_item must be >= 1");
  if (!(default_sd > 0) || !std::isfinite(default_sd)) return fail("default_sd must be > 0");
  if (!(prior_strength > 0) || !std::isfinite(prior_strength))
    return fail("prior_strength must be > 0");
  return true;
}

std::vector<Pair> NextPairs(const ComparisonSet& so_far, const Scores& current,
                            std::size_t batch_size, const SamplingOptions& options) {
  std::string why;
  if (!options.IsValid(&why)) throw Error("invalid SamplingOptions: " + why);
  const std::size_t n = so_far.item_count;
  if (n > 0xFFFFFFFFull) throw Error("NextPairs: too many items");
  std::vector<Pair> out;
  if (n < 2 || batch_size == 0) return out;
  if (!current.score.empty() && current.score.size() != n)
    throw Error("NextPairs: current.score has " + std::to_string(current.score.size()) +
                " entries but so_far.item_count is " + std::to_string(n) +
                " (pass the fit of so_far, or empty scores before the first fit)");
  const bool have_ci = current.ci_low.size() == n && current.ci_high.size() == n;
  std::vector<double> mu(n, 0.0), var(n, options.default_sd * options.default_sd);
  for (std::size_t i = 0; i < n; ++i) {
    if (!current.score.empty()) {
      mu[i] = current.score[i];
      if (!std::isfinite(mu[i]))
        throw Error("NextPairs: current.score[" + std::to_string(i) + "] is not finite");
    }
    if (have_ci) {
      const double sd = (current.ci_high[i] - current.ci_low[i]) / (2.0 * 1.959963984540054);
      if (std::isfinite(sd) && sd >= 0) var[i] = sd * sd;
    }
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
  auto add = [&](std::uint32_t a, std::uint32_t b) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    const double prio = options.method == SamplingMethod::kNearestScore
                            ? var[a] + var[b]
                            : InformationGain(mu[a] - mu[b], var[a] + var[b], options.model);
    cand.push_back({prio + jitter(rng), a, b});
  };
  const bool exhaustive =
      options.method == SamplingMethod::kInformationGain && n <= options.exhaustive_max_items;
  if (exhaustive && !so_far.comparisons.empty()) {
    // Small n: the gain uses Var(s_a - s_b) from the full covariance. Marginal variances
    // alone (var_a + var_b) overrate neighbours whose difference is already known
    // through a chain of comparisons, and the design degenerates into a path.
    const std::vector<double> S = DenseCovariance(so_far, mu, options.model, options.prior_strength);
    cand.reserve(all_pairs);
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n; ++b) {
        const double v = std::max(S[a * n + a] + S[b * n + b] - 2 * S[a * n + b], 0.0);
        cand.push_back({InformationGain(mu[a] - mu[b], v, options.model) + jitter(rng), a, b});
      }
  } else if (exhaustive) {
    cand.reserve(all_pairs);
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n; ++b) add(a, b);
  } else {
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
      return mu[i] < mu[j] || (mu[i] == mu[j] && i < j);
    });
    const std::size_t extra =
        options.method == SamplingMethod::kInformationGain ? options.random_candidates_per_item : 0;
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
    cand.reserve(n * (options.window + extra));
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t k = 1; k <= options.window && r + k < n; ++k) add(order[r], order[r + k]);
      for (std::size_t k = 0; k < extra; ++k) add(order[r], pick(rng));
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
