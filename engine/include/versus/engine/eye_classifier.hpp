#pragma once
/// Closed or open: a logistic model over the shape of both eyes' lids. The inputs are
/// geometric only (the Iris model's lid, iris and brow points, in eye widths), never
/// pixels: the closed and open faces it was fitted on come from different collections,
/// and a model of appearance could learn the collection instead of the eye.
/// Fitted by training/fit_eyes.cpp (`versus-fit-eyes`); shipped as models/eye_classifier.json.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "versus/engine/faces.hpp"

namespace versus::engine {

/// Names of the eye-shape features, in the order EyeShape() returns them.
const std::vector<std::string>& EyeShapeNames();

/// The eye-shape features of a face whose eyes were read (Face::eye_points), each in
/// eye widths (the Iris model's corner-to-corner distance); empty when they were not read.
std::vector<double> EyeShape(const Face& face);

/// File name of the shipped classifier, inside the model folder.
inline constexpr std::string_view kEyeClassifierFile = "eye_classifier.json";

class EyeClassifier {
 public:
  /// One input: a feature of EyeShapeNames(), standardised ((x - mean) / scale), weighed.
  struct Term {
    std::string feature;
    double mean = 0.0, scale = 1.0, weight = 0.0;
  };

  /// Throws engine::Error when a term names a feature this build lacks or has a
  /// non-positive scale.
  EyeClassifier(std::vector<Term> terms, double bias, double closed_above, std::string provenance);

  /// Reads `path`; throws engine::Error naming the path when it is missing, not JSON, of
  /// another format or not a valid classifier.
  static EyeClassifier Load(const std::filesystem::path& path);
  void Save(const std::filesystem::path& path) const;

  /// P(closed) for EyeShape() of a face; NaN for an empty shape.
  double ClosedProbability(const std::vector<double>& shape) const;
  /// Eyes are closed when P(closed) is above this (chosen by the trainer).
  double closed_above() const { return closed_above_; }
  const std::vector<Term>& terms() const { return terms_; }
  double bias() const { return bias_; }

 private:
  std::vector<Term> terms_;
  std::vector<std::size_t> index_;  // terms_[i] reads EyeShape()[index_[i]]
  double bias_ = 0.0;
  double closed_above_ = 0.5;
  std::string provenance_;  // how the file was made: for people, not read by versus
};

}  // namespace versus::engine
