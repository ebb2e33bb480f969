#include "learned_folds.hpp"

#include <algorithm>
#include <cmath>

namespace versus::training {
namespace {

using engine::Dimension;

bool KindMatches(int kind, Dimension dimension) {
  return dimension == Dimension::kOverall || LadderKinds()[kind].dimension == dimension;
}

// Calls `pair(better, worse)` for every ladder pair of each photo in `photos`: the photo
// against each level of each kind, and milder against stronger levels of one kind.
template <typename F>
void ForEachLadderPair(const LearnedData& data, const std::vector<bool>& photos, F pair) {
  std::vector<std::vector<std::size_t>> by_photo(data.photos.size());
  for (std::size_t i = 0; i < data.samples.size(); ++i) by_photo[data.samples[i].photo].push_back(i);
  for (std::size_t p = 0; p < by_photo.size(); ++p) {
    if (!photos[p]) continue;
    for (std::size_t i : by_photo[p]) {
      for (std::size_t j : by_photo[p]) {
        const LearnedSample &a = data.samples[i], &b = data.samples[j];
        if (b.kind < 0 || b.level <= a.level || !(a.kind < 0 || a.kind == b.kind)) continue;
        pair(i, j);
      }
    }
  }
}

}  // namespace

double Feature(const LearnedSample& s, std::size_t column) {
  return column < s.embedding.size() ? double(s.embedding[column]) : s.measures[column - s.embedding.size()];
}

Standardiser FitStandardiser(const LearnedData& data, const Variant& v, const std::vector<bool>& train_photo) {
  Standardiser z;
  std::vector<double> gain;
  for (const ColumnBlock& b : v.blocks) {
    for (std::size_t c = b.begin; c < b.end; ++c) {
      z.columns.push_back(c);
      gain.push_back(b.gain);
    }
  }
  z.mean.assign(z.columns.size(), 0.0);
  z.scale.assign(z.columns.size(), 0.0);
  double n = 0;
  for (const LearnedSample& s : data.samples) {
    if (!train_photo[s.photo] || (s.kind >= 0 && LadderKinds()[s.kind].held_out)) continue;
    n += 1;
    for (std::size_t k = 0; k < z.columns.size(); ++k) {
      const double x = Feature(s, z.columns[k]);
      z.mean[k] += x;
      z.scale[k] += x * x;
    }
  }
  for (std::size_t k = 0; k < z.columns.size(); ++k) {
    z.mean[k] /= n;
    const double var = z.scale[k] / n - z.mean[k] * z.mean[k];
    z.scale[k] = (var > 1e-12 ? std::sqrt(var) : 1.0) / gain[k];  // constant columns (dead units) stay 0
  }
  return z;
}

std::vector<float> Standardise(const LearnedData& data, const Standardiser& z) {
  std::vector<float> rows;
  rows.reserve(data.samples.size() * z.columns.size());
  for (const LearnedSample& s : data.samples) {
    for (std::size_t k = 0; k < z.columns.size(); ++k) rows.push_back(float((Feature(s, z.columns[k]) - z.mean[k]) / z.scale[k]));
  }
  return rows;
}

namespace {

// Every pair of the rated photos in `rated` (sample indices), weighted to sum to `weight`.
void AddPairsWithin(const LearnedData& data, const std::vector<std::size_t>& rated, double weight, PairSet& pairs) {
  if (rated.size() < 2 || weight <= 0.0) return;
  const double count = double(rated.size()) * double(rated.size() - 1) / 2.0;
  for (std::size_t x = 0; x < rated.size(); ++x) {
    for (std::size_t y = x + 1; y < rated.size(); ++y) {
      const LearnedSample &a = data.samples[rated[x]], &b = data.samples[rated[y]];
      const double spread = std::sqrt(2.0 * (a.mos_std * a.mos_std + b.mos_std * b.mos_std));
      const double p = 0.5 * std::erfc(-(a.mos - b.mos) / spread);
      pairs.Add(std::int64_t(rated[x]), std::int64_t(rated[y]), float(p), float(weight / count));
    }
  }
}

}  // namespace

void AddMosPairs(const LearnedData& data, const std::vector<bool>& photos, const HumanWeights& weight, PairSet& pairs) {
  std::array<std::vector<std::size_t>, kHumanSets> rated;
  for (std::size_t i = 0; i < data.samples.size(); ++i) {
    const LearnedSample& s = data.samples[i];
    if (s.kind < 0 && photos[s.photo] && !std::isnan(s.mos)) rated[std::size_t(s.set)].push_back(i);
  }
  for (std::size_t set = 0; set < kHumanSets; ++set) AddPairsWithin(data, rated[set], weight[set], pairs);
}

void AddLadderPairs(const LearnedData& data, const std::vector<bool>& photos, Dimension dimension, double weight,
                    PairSet& pairs) {
  std::vector<std::pair<std::size_t, std::size_t>> found;
  ForEachLadderPair(data, photos, [&](std::size_t better, std::size_t worse) {
    const int kind = data.samples[worse].kind;
    if (!LadderKinds()[kind].held_out && KindMatches(kind, dimension)) found.push_back({better, worse});
  });
  for (const auto& [better, worse] : found) {
    pairs.Add(std::int64_t(better), std::int64_t(worse), 1.0f, float(weight / double(found.size())));
  }
}

LadderScore ScoreLadders(const LearnedData& data, const std::vector<bool>& photos, const std::vector<double>& scores,
                         Dimension dimension) {
  LadderScore result;
  ForEachLadderPair(data, photos, [&](std::size_t better, std::size_t worse) {
    const int kind = data.samples[worse].kind;
    if (!KindMatches(kind, dimension)) return;
    const bool right = scores[better] > scores[worse];
    result.kind_right[kind] += right;
    result.kind_total[kind] += 1;
    if (LadderKinds()[kind].held_out) {
      result.held_right += right;
      result.held_total += 1;
    } else {
      result.seen_right += right;
      result.seen_total += 1;
    }
  });
  return result;
}

std::vector<double> Scores(const std::vector<float>& z, std::size_t columns, const std::vector<double>& w) {
  std::vector<double> scores(z.size() / columns, 0.0);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    for (std::size_t k = 0; k < columns; ++k) scores[i] += w[k] * z[i * columns + k];
  }
  return scores;
}

namespace {

std::vector<double> Centred(std::vector<double> v) {
  double mean = 0;
  for (double x : v) mean += x / double(v.size());
  for (double& x : v) x -= mean;
  return v;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

std::vector<double> NonNegativeFit(const std::vector<std::vector<double>>& parts, const std::vector<double>& whole) {
  std::vector<std::vector<double>> x;
  for (const auto& p : parts) x.push_back(Centred(p));
  const std::vector<double> y = Centred(whole);
  const std::size_t k = x.size();
  std::vector<std::vector<double>> gram(k, std::vector<double>(k));
  std::vector<double> cross(k), beta(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    cross[i] = Dot(x[i], y);
    for (std::size_t j = 0; j < k; ++j) gram[i][j] = Dot(x[i], x[j]);
  }
  // Coordinate descent on the normal equations, each coordinate clipped at 0: converges
  // for a positive semi-definite Gram matrix, and five coordinates need no more.
  for (int sweep = 0; sweep < 500; ++sweep) {
    for (std::size_t i = 0; i < k; ++i) {
      if (gram[i][i] <= 0) continue;
      double rest = cross[i];
      for (std::size_t j = 0; j < k; ++j) {
        if (j != i) rest -= gram[i][j] * beta[j];
      }
      beta[i] = std::max(0.0, rest / gram[i][i]);
    }
  }
  return beta;
}

}  // namespace versus::training
