// versus-fit-eyes: fits the eye classifier (models/eye_classifier.json): a logistic model
// of P(closed) over the shape of both eyes (engine::EyeShape: lid gaps, lid heights, iris
// shown, crease and brow distances, in eye widths), and reports how well it does.
//
// Protocol (fixed before any result was seen): ../shared/data/eyes split by a seeded hash
// of the source photo (EyesSplit): one photo in three is the evaluation part; the rest is
// the fitting part, in 5 folds. Each fold's faces are scored by a model fitted on the
// other four; those out-of-fold scores choose the threshold (the smallest that flags at
// most 1% of the open eyes judged); the shipped model is then fitted on the whole fitting
// part. The evaluation part is read only for the figures printed last. Only judged faces
// (not "can't tell") are fitted on and choose the threshold.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>
#include <opencv2/core.hpp>

#include "eyes_set.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace engine = versus::engine;
using versus::training::PrintBoth;
using versus::training::EyeSample;
using Vec = std::vector<double>;

struct Settings {
  versus::training::EyesSplit split;
  double l2 = 1.0;
  std::vector<std::string> features;  // of engine::EyeShapeNames()
};

// Indices of `features` in EyeShape()'s order.
std::vector<std::size_t> FeatureIndices(const std::vector<std::string>& features) {
  const auto& names = engine::EyeShapeNames();
  std::vector<std::size_t> index;
  for (const std::string& f : features) {
    const auto it = std::find(names.begin(), names.end(), f);
    if (it == names.end()) throw engine::Error("no eye-shape feature named " + f);
    index.push_back(std::size_t(it - names.begin()));
  }
  return index;
}

// Logistic regression by Newton's method on standardised features, L2 on the weights
// (not the bias).
engine::EyeClassifier Fit(const std::vector<const EyeSample*>& rows, const Settings& s) {
  const std::vector<std::size_t> index = FeatureIndices(s.features);
  const int n = int(rows.size()), d = int(index.size());
  std::vector<engine::EyeClassifier::Term> terms(d);
  for (int j = 0; j < d; ++j) {
    double sum = 0, sq = 0;
    for (const EyeSample* r : rows) sum += r->shape[index[j]], sq += r->shape[index[j]] * r->shape[index[j]];
    const double mean = sum / n;
    terms[j] = {s.features[j], mean, std::max(std::sqrt(std::max(sq / n - mean * mean, 0.0)), 1e-9), 0.0};
  }
  cv::Mat x(n, d + 1, CV_64F), y(n, 1, CV_64F);
  for (int i = 0; i < n; ++i) {
    x.at<double>(i, 0) = 1.0;
    for (int j = 0; j < d; ++j) x.at<double>(i, j + 1) = (rows[i]->shape[index[j]] - terms[j].mean) / terms[j].scale;
    y.at<double>(i) = rows[i]->closed;
  }
  cv::Mat w = cv::Mat::zeros(d + 1, 1, CV_64F), penalty = s.l2 * cv::Mat::eye(d + 1, d + 1, CV_64F);
  penalty.at<double>(0, 0) = 0.0;
  for (int iteration = 0; iteration < 50; ++iteration) {
    cv::Mat p = x * w;
    cv::exp(-p, p);
    p = 1.0 / (1.0 + p);
    cv::Mat curvature = p.mul(1.0 - p);
    const cv::Mat gradient = x.t() * (p - y) + penalty * w;
    const cv::Mat hessian = x.t() * x.mul(cv::repeat(curvature, 1, d + 1)) + penalty;
    cv::Mat step;
    cv::solve(hessian, gradient, step, cv::DECOMP_CHOLESKY);
    w -= step;
    if (cv::norm(step) < 1e-10) break;
  }
  for (int j = 0; j < d; ++j) terms[j].weight = w.at<double>(j + 1);
  return engine::EyeClassifier(std::move(terms), w.at<double>(0), 0.5, "");
}

std::vector<const EyeSample*> JudgedIn(const std::vector<EyeSample>& set, bool (*in)(const EyeSample&, int), int fold) {
  std::vector<const EyeSample*> rows;
  for (const EyeSample& s : set)
    if (s.Judged() && in(s, fold)) rows.push_back(&s);
  return rows;
}

bool InFittingPartBut(const EyeSample& s, int fold) { return s.fold >= 0 && s.fold != fold; }

std::string Provenance(const Settings& s, std::size_t rows) {
  std::ostringstream out;
  out << "build/bin/versus-fit-eyes --seed " << s.split.seed << " --folds " << s.split.folds << " --l2 " << s.l2
      << " on ../shared/data/eyes: fitted on the " << rows
      << " judged faces of the fitting part (two photos in three by a seeded hash); threshold from its out-of-fold "
         "scores (at most 1% of open eyes flagged); evaluated on the other third";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  std::string models, data = std::string(VERSUS_SHARED_DIR) + "/data/eyes", out, cache, features;
  bool no_evaluation = false;
  po::options_description desc(
      "versus-fit-eyes: fits the eye classifier on ../shared/data/eyes\n\n"
      "example: build/bin/versus-fit-eyes --out models/eye_classifier.json\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("out", po::value(&out), "write the classifier here (models/eye_classifier.json)")
      ("seed", po::value(&s.split.seed)->default_value(s.split.seed), "seed of the split by source photo")
      ("folds", po::value(&s.split.folds)->default_value(s.split.folds), "folds of the fitting part")
      ("l2", po::value(&s.l2)->default_value(s.l2), "L2 penalty on the standardised weights")
      ("features", po::value(&features), "comma-separated eye-shape features (default: all)")
      ("no-evaluation", po::bool_switch(&no_evaluation), "print the fitting part's figures only (choosing settings)")
      ("cache", po::value(&cache), "keep the faces' points in this file and read them from it when it exists")
      ("data", po::value(&data)->default_value(data), "the eyes set (labels.csv)")
      ("models", po::value(&models), "model folder (default: the installed one)");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  s.features = engine::EyeShapeNames();
  if (!features.empty()) {
    s.features.clear();
    std::stringstream list(features);
    for (std::string f; std::getline(list, f, ',');) s.features.push_back(f);
  }
  engine::EnsureVipsStarted();
  const engine::FaceFinder finder(models.empty() ? engine::ModelDirectory() : fs::path(models), engine::EyeJudging::kShapeOnly);
  const std::vector<EyeSample> set = versus::training::ReadEyesSet(finder, data, s.split, cache);
  versus::training::PrintParts(set, s.split.folds);

  // Out-of-fold scores of the fitting part choose the threshold.
  std::vector<double> out_of_fold(set.size(), std::nan(""));
  for (int fold = 0; fold < s.split.folds; ++fold) {
    const engine::EyeClassifier model = Fit(JudgedIn(set, InFittingPartBut, fold), s);
    for (std::size_t i = 0; i < set.size(); ++i)
      if (set[i].fold == fold) out_of_fold[i] = versus::training::ClosedScore(model, set[i]);
  }
  Vec open_judged;
  for (std::size_t i = 0; i < set.size(); ++i)
    if (set[i].fold >= 0 && !set[i].closed && set[i].Judged()) open_judged.push_back(out_of_fold[i]);
  const double threshold = versus::training::OnePercentThreshold(open_judged);
  std::printf("fitting part, out-of-fold (%d folds, l2 %g, %zu features): closed above P = %.4f\n", s.split.folds, s.l2,
              s.features.size(), threshold);
  auto oof = [&](const EyeSample& e) { return out_of_fold[std::size_t(&e - set.data())]; };
  PrintBoth("classifier", set, versus::training::kFittingPart, threshold, oof);
  const double lid_threshold = versus::training::LidThreshold(set);
  std::printf("  (the lid formula alone, mean openness of both eyes; closed under %.3f)\n", -lid_threshold);
  PrintBoth("lid openness", set, versus::training::kFittingPart, lid_threshold, versus::training::LidScore);

  const std::vector<const EyeSample*> fitting = JudgedIn(set, InFittingPartBut, -1);
  const engine::EyeClassifier fitted = Fit(fitting, s);
  const engine::EyeClassifier model(fitted.terms(), fitted.bias(), threshold, Provenance(s, fitting.size()));
  std::printf("fitted on the fitting part's %zu judged faces: bias %.3f; weights (per standard deviation) and means:\n",
              fitting.size(), model.bias());
  for (const auto& t : model.terms()) std::printf("  %-24s %+7.3f  mean %.4f\n", t.feature.c_str(), t.weight, t.mean);
  if (!out.empty()) {
    model.Save(out);
    std::printf("wrote %s\n", out.c_str());
  }
  if (no_evaluation) return 0;
  std::printf("evaluation part (never fitted or chosen on), the model fitted on the whole fitting part:\n");
  PrintBoth("classifier", set, versus::training::kEvaluationPart, threshold,
            [&](const EyeSample& e) { return versus::training::ClosedScore(model, e); });
  PrintBoth("lid openness", set, versus::training::kEvaluationPart, lid_threshold, versus::training::LidScore);
  return 0;
}
