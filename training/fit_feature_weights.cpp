// versus-fit-features: fits the feature judge's weights (models/feature_judge.json) and
// reports how well it does, cross-validated, next to single-measure baselines.
//
// Model: logit P(A better) = w . (z(A) - z(B)), z = standardised measures. Fitted by
// Newton's method on a weighted cross-entropy with soft targets plus an L2 penalty:
//   - distortion ladders (same scene, target 1 for the milder level), from Kodak photos;
//   - pairs of real photos with human MOS, target Phi((muA - muB) / sqrt(sdA^2 + sdB^2)),
//     the probability matrix Compare2Score trains on.
// motion_blur ladders are never trained on: they measure generalisation to a distortion
// the judge has not seen.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <random>
#include <sstream>

#include <boost/program_options.hpp>
#include <opencv2/core.hpp>

#include "feature_dataset.hpp"
#include "versus/engine.hpp"
#include "versus/sorting.hpp"
#include "versus/sorting/link_function.hpp"

namespace {

namespace po = boost::program_options;
using versus::training::LadderImage;
using versus::training::MosImage;
using Vec = std::vector<double>;

constexpr const char* kUnseenDistortion = "motion_blur";

struct Pair {
  Vec diff;       // z(A) - z(B)
  double target;  // P(A better)
  double weight;
};

struct Standardiser {
  Vec mean, scale;
  Vec operator()(const Vec& x) const {
    Vec z(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = (x[i] - mean[i]) / scale[i];
    return z;
  }
};

Standardiser FitStandardiser(const std::vector<const Vec*>& rows) {
  const std::size_t d = rows.front()->size();
  Standardiser s{Vec(d, 0.0), Vec(d, 0.0)};
  for (const Vec* r : rows) for (std::size_t i = 0; i < d; ++i) s.mean[i] += (*r)[i] / double(rows.size());
  for (const Vec* r : rows) for (std::size_t i = 0; i < d; ++i) s.scale[i] += std::pow((*r)[i] - s.mean[i], 2) / double(rows.size());
  for (double& v : s.scale) v = std::max(std::sqrt(v), 1e-9);
  return s;
}

double Dot(const Vec& a, const Vec& b) { return std::inner_product(a.begin(), a.end(), b.begin(), 0.0); }
Vec Diff(const Vec& a, const Vec& b) { Vec d(a.size()); for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i]; return d; }

// Newton's method on sum_k w_k CE(y_k, sigmoid(beta . x_k)) + l2/2 |beta|^2.
Vec FitLogistic(const std::vector<Pair>& pairs, double l2) {
  const int d = int(pairs.front().diff.size());
  Vec beta(d, 0.0);
  for (int iter = 0; iter < 50; ++iter) {
    cv::Mat H = cv::Mat::eye(d, d, CV_64F) * l2, g(d, 1, CV_64F);
    for (int i = 0; i < d; ++i) g.at<double>(i) = l2 * beta[i];
    for (const Pair& p : pairs) {
      const double q = versus::sorting::WinProbability(Dot(beta, p.diff));
      const double r = p.weight * (q - p.target), c = p.weight * q * (1 - q);
      for (int i = 0; i < d; ++i) {
        g.at<double>(i) += r * p.diff[i];
        for (int j = 0; j < d; ++j) H.at<double>(i, j) += c * p.diff[i] * p.diff[j];
      }
    }
    cv::Mat step;
    cv::solve(H, g, step, cv::DECOMP_CHOLESKY);
    double change = 0;
    for (int i = 0; i < d; ++i) { beta[i] -= step.at<double>(i); change = std::max(change, std::abs(step.at<double>(i))); }
    if (change < 1e-9) break;
  }
  return beta;
}

struct Split {
  std::vector<bool> photo_test;  // per ladder source photo
  std::vector<bool> mos_test;    // per MOS image
};

struct Data {
  std::vector<LadderImage> ladders;
  std::vector<MosImage> mos;
  std::size_t photos = 0;
};

std::vector<Pair> LadderPairs(const Data& data, const Standardiser& z, const std::vector<bool>& photo_test,
                              bool want_test, bool include_unseen) {
  std::vector<Pair> pairs;
  for (const LadderImage& a : data.ladders) {
    if (photo_test[a.photo] != want_test) continue;
    for (const LadderImage& b : data.ladders) {
      if (b.photo != a.photo || b.level <= a.level) continue;
      // Same kind of distortion, or the pristine photo against any level of it.
      if (!(a.distortion == b.distortion || a.level == 0)) continue;
      if (!include_unseen && b.distortion == kUnseenDistortion) continue;
      pairs.push_back({Diff(z(a.measures), z(b.measures)), 1.0, 1.0});
    }
  }
  return pairs;
}

std::vector<Pair> MosPairs(const Data& data, const Standardiser& z, const std::vector<bool>& mos_test) {
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < data.mos.size(); ++i) {
    if (mos_test[i]) continue;
    for (std::size_t j = i + 1; j < data.mos.size(); ++j) {
      if (mos_test[j]) continue;
      const MosImage &a = data.mos[i], &b = data.mos[j];
      const double t = 0.5 * std::erfc(-(a.mos - b.mos) / std::sqrt(2.0 * (a.mos_std * a.mos_std + b.mos_std * b.mos_std)));
      pairs.push_back({Diff(z(a.measures), z(b.measures)), t, 1.0});
    }
  }
  return pairs;
}

struct Options {
  double mos_weight = 2.0;
  double l2 = 1e-3;
};

// Each group's weights sum to 1 (MOS: mos_weight), so the mix does not depend on counts.
std::vector<Pair> TrainingPairs(const Data& data, const Standardiser& z, const Split& split, const Options& o) {
  std::vector<Pair> ladder = LadderPairs(data, z, split.photo_test, false, false);
  std::vector<Pair> mos = MosPairs(data, z, split.mos_test);
  for (Pair& p : ladder) p.weight = 1.0 / double(ladder.size());
  for (Pair& p : mos) p.weight = o.mos_weight / double(mos.size());
  ladder.insert(ladder.end(), mos.begin(), mos.end());
  return ladder;
}

Standardiser StandardiserFor(const Data& data) {
  std::vector<const Vec*> rows;
  for (const auto& l : data.ladders) rows.push_back(&l.measures);
  for (const auto& m : data.mos) rows.push_back(&m.measures);
  return FitStandardiser(rows);
}

struct Evaluation {
  double spearman = 0.0;
  double ladder_accuracy = 0.0;
  double unseen_accuracy = 0.0;
};

Evaluation Evaluate(const Data& data, const Standardiser& z, const Vec& beta, const Split& split) {
  Evaluation e;
  Vec predicted, mos;
  for (std::size_t i = 0; i < data.mos.size(); ++i) {
    if (!split.mos_test[i]) continue;
    predicted.push_back(Dot(beta, z(data.mos[i].measures)));
    mos.push_back(data.mos[i].mos);
  }
  e.spearman = versus::sorting::SpearmanCorrelation(predicted, mos);
  std::size_t right = 0, total = 0, unseen_right = 0, unseen_total = 0;
  for (const LadderImage& a : data.ladders) {
    if (!split.photo_test[a.photo]) continue;
    for (const LadderImage& b : data.ladders) {
      if (b.photo != a.photo || b.level <= a.level || !(a.distortion == b.distortion || a.level == 0)) continue;
      const bool ok = Dot(beta, Diff(z(a.measures), z(b.measures))) > 0;
      (b.distortion == kUnseenDistortion ? unseen_right : right) += ok;
      (b.distortion == kUnseenDistortion ? unseen_total : total) += 1;
    }
  }
  e.ladder_accuracy = double(right) / double(std::max<std::size_t>(1, total));
  e.unseen_accuracy = double(unseen_right) / double(std::max<std::size_t>(1, unseen_total));
  return e;
}

void MeanSd(const Vec& v, double* mean, double* sd) {
  *mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  double s = 0;
  for (double x : v) s += (x - *mean) * (x - *mean);
  *sd = std::sqrt(s / double(std::max<std::size_t>(1, v.size() - 1)));
}

void PrintBaselines(const Data& data) {
  std::printf("single-measure baselines, Spearman with MOS on all %zu photos:\n", data.mos.size());
  for (const char* name : {"sharpness_working", "sharpness", "brisque", "noise"}) {
    const std::size_t i = versus::engine::MeasureIndex(name);
    const int dir = versus::engine::MeasureTable()[i].direction;
    Vec x, y;
    for (const auto& m : data.mos) { x.push_back(dir * m.measures[i]); y.push_back(m.mos); }
    std::printf("  %-18s %+.3f\n", name, versus::sorting::SpearmanCorrelation(x, y));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string photos = "../shared/data/photos/kodak24", mos_dir = "../shared/data/mos/clive-dev", out;
  unsigned seed = 1, folds = 5, jobs = 0;
  Options o;
  po::options_description desc(
      "versus-fit-features: fit the feature judge's weights and report cross-validated accuracy\n\n"
      "example: build/bin/versus-fit-features --out models/feature_judge.json\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("photos", po::value(&photos)->default_value(photos), "pristine photos for distortion ladders")
      ("mos", po::value(&mos_dir)->default_value(mos_dir), "folder with mos.csv and images/ (human scores)")
      ("out", po::value(&out), "write the fitted weights here (JSON); without it, only report")
      ("seed", po::value(&seed)->default_value(seed), "seed for the fold split")
      ("folds", po::value(&folds)->default_value(folds), "cross-validation folds")
      ("mos-weight", po::value(&o.mos_weight)->default_value(o.mos_weight), "weight of human pairs vs ladder pairs")
      ("l2", po::value(&o.l2)->default_value(o.l2), "L2 penalty")
      ("jobs,j", po::value(&jobs)->default_value(0), "threads for measuring (0 = cores)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "versus-fit-features: %s\n", e.what());
    return 1;
  }
  if (vm.count("help")) { std::cout << desc << "\n"; return 0; }

  Data data;
  std::fprintf(stderr, "measuring ladders from %s ...\n", photos.c_str());
  data.ladders = versus::training::MeasureLadders(photos, jobs, &data.photos);
  std::fprintf(stderr, "measuring %s ...\n", mos_dir.c_str());
  data.mos = versus::training::MeasureMosSet(mos_dir, jobs);
  PrintBaselines(data);

  const Standardiser z = StandardiserFor(data);
  std::mt19937 rng(seed);
  std::vector<std::size_t> photo_fold(data.photos), mos_fold(data.mos.size());
  for (std::size_t i = 0; i < photo_fold.size(); ++i) photo_fold[i] = i % folds;
  for (std::size_t i = 0; i < mos_fold.size(); ++i) mos_fold[i] = i % folds;
  std::shuffle(photo_fold.begin(), photo_fold.end(), rng);
  std::shuffle(mos_fold.begin(), mos_fold.end(), rng);

  Vec rho, acc, unseen;
  for (unsigned f = 0; f < folds; ++f) {
    Split split{std::vector<bool>(data.photos), std::vector<bool>(data.mos.size())};
    for (std::size_t i = 0; i < data.photos; ++i) split.photo_test[i] = photo_fold[i] == f;
    for (std::size_t i = 0; i < data.mos.size(); ++i) split.mos_test[i] = mos_fold[i] == f;
    const Vec beta = FitLogistic(TrainingPairs(data, z, split, o), o.l2);
    const Evaluation e = Evaluate(data, z, beta, split);
    rho.push_back(e.spearman); acc.push_back(e.ladder_accuracy); unseen.push_back(e.unseen_accuracy);
    std::printf("fold %u: Spearman %.3f, ladder accuracy %.3f, unseen %s %.3f\n", f, e.spearman, e.ladder_accuracy,
                kUnseenDistortion, e.unseen_accuracy);
  }
  double m_rho, s_rho, m_acc, s_acc, m_un, s_un;
  MeanSd(rho, &m_rho, &s_rho); MeanSd(acc, &m_acc, &s_acc); MeanSd(unseen, &m_un, &s_un);
  std::ostringstream summary;
  summary.precision(3);
  summary << std::fixed << folds << "-fold CV (seed " << seed << "): Spearman with MOS " << m_rho << " +- " << s_rho
          << "; same-scene ladder accuracy " << m_acc << " +- " << s_acc << "; unseen " << kUnseenDistortion << " "
          << m_un << " +- " << s_un;
  std::printf("%s\n", summary.str().c_str());

  Split everything{std::vector<bool>(data.photos, false), std::vector<bool>(data.mos.size(), false)};
  const Vec beta = FitLogistic(TrainingPairs(data, z, everything, o), o.l2);
  const auto& table = versus::engine::MeasureTable();
  std::printf("weights (log-odds per standard deviation):\n");
  for (std::size_t i = 0; i < table.size(); ++i) std::printf("  %-18s %+.3f\n", std::string(table[i].name).c_str(), beta[i]);
  if (!out.empty()) {
    versus::engine::FeatureWeights w{z.mean, z.scale, beta,
                                     "versus-fit-features --seed " + std::to_string(seed) + " on kodak24 ladders + clive-dev MOS pairs; " + summary.str()};
    w.Save(out);
    std::printf("wrote %s\n", out.c_str());
  }
  return 0;
}
