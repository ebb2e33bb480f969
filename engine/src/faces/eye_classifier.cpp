// The eye classifier's file (models/eye_classifier.json, written by versus-fit-eyes) and
// its one question: P(closed) for a face's eye shape.
#include "versus/engine/eye_classifier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "../model_json.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine {
namespace {

constexpr std::string_view kFormat = "versus-eye-classifier-1";
constexpr std::string_view kWhat = "eye classifier";

}  // namespace

EyeClassifier::EyeClassifier(std::vector<Term> terms, double bias, double closed_above, std::string provenance)
    : terms_(std::move(terms)), bias_(bias), closed_above_(closed_above), provenance_(std::move(provenance)) {
  const auto& names = EyeShapeNames();
  for (const Term& t : terms_) {
    const auto it = std::find(names.begin(), names.end(), t.feature);
    if (it == names.end()) throw Error("eye classifier names a feature this build does not have: " + t.feature);
    if (!(t.scale > 0.0)) throw Error("eye classifier has a non-positive scale for " + t.feature);
    index_.push_back(std::size_t(it - names.begin()));
  }
  if (!(closed_above_ > 0.0 && closed_above_ < 1.0)) throw Error("eye classifier's closed_above is not a probability");
}

EyeClassifier EyeClassifier::Load(const std::filesystem::path& path) {
  const nlohmann::json doc = ReadVersionedJson(path, kWhat, kFormat);
  std::vector<Term> terms;
  double bias = 0.0, closed_above = 0.0;
  ReadFields(path, kWhat, [&] {
    for (const auto& t : doc.at("terms")) terms.push_back({t.at("feature"), t.at("mean"), t.at("scale"), t.at("weight")});
    bias = doc.at("bias");
    closed_above = doc.at("closed_above");
  });
  try {
    return EyeClassifier(std::move(terms), bias, closed_above, doc.value("provenance", ""));
  } catch (const Error& e) {
    throw Error(path.string(), std::string(e.what()) + ": " + path.string());
  }
}

void EyeClassifier::Save(const std::filesystem::path& path) const {
  nlohmann::json doc;
  doc["format"] = kFormat;
  doc["provenance"] = provenance_;
  doc["bias"] = bias_;
  doc["closed_above"] = closed_above_;
  doc["terms"] = nlohmann::json::array();
  for (const Term& t : terms_) {
    doc["terms"].push_back({{"feature", t.feature}, {"mean", t.mean}, {"scale", t.scale}, {"weight", t.weight}});
  }
  WriteJson(path, doc);
}

double EyeClassifier::ClosedProbability(const std::vector<double>& shape) const {
  if (shape.size() != EyeShapeNames().size()) return std::numeric_limits<double>::quiet_NaN();
  double logit = bias_;
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    logit += terms_[i].weight * (shape[index_[i]] - terms_[i].mean) / terms_[i].scale;
  }
  return 1.0 / (1.0 + std::exp(-logit));
}

}  // namespace versus::engine
