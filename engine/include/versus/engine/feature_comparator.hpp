#pragma once
/// The feature judge: a logistic model on differences of the measures.
///   logit P(A better) = sum_i w_i * (z_i(A) - z_i(B)),  z_i = (x_i - mean_i) / std_i
/// Each term belongs to one dimension, so the margins per dimension are exact parts of
/// the overall log-odds. Weights are fitted by training/fit_feature_weights.cpp and
/// shipped as models/feature_judge.json.
#include <filesystem>
#include <string>
#include <vector>

#include "versus/engine/comparator.hpp"

namespace versus::engine {

struct FeatureWeights {
  std::vector<double> mean;    ///< per measure, aligned with MeasureTable()
  std::vector<double> scale;   ///< per measure, > 0
  std::vector<double> weight;  ///< per measure, log-odds per standardised unit
  std::string provenance;      ///< how the weights were fitted (command, data)

  /// Reads the JSON weights file; throws engine::Error naming the path if it is
  /// missing, malformed or does not match the measure table.
  static FeatureWeights Load(const std::filesystem::path& path);
  void Save(const std::filesystem::path& path) const;
};

class FeatureComparator final : public Comparator {
 public:
  explicit FeatureComparator(FeatureWeights weights);
  std::string_view name() const override { return "features"; }
  Verdict Compare(const ImageProfile& a, const ImageProfile& b) const override;
  /// The absolute score w.z(x) of one image: differences of scores are log-odds.
  double Score(const ImageProfile& p) const;

 private:
  FeatureWeights weights_;
};

}  // namespace versus::engine
