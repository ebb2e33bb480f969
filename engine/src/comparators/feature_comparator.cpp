// The feature judge: logistic model on standardised measure differences, with the
// verdict's reason built from the dimensions that carried it.
#include "versus/engine/feature_comparator.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "versus/engine/error.hpp"
#include "versus/engine/face_weighing.hpp"
#include "versus/engine/measures.hpp"
#include "versus/engine/verdict_reason.hpp"
#include "versus/sorting/link_function.hpp"
#include "../model_json.hpp"

namespace versus::engine {
namespace {

constexpr const char* kFormat = "versus-feature-judge/1";

// The weights of every measure this build has, each named once, with a positive scale.
FeatureWeights Parse(const nlohmann::json& doc, const std::filesystem::path& path) {
  FeatureWeights w;
  const auto& table = MeasureTable();
  w.mean.assign(table.size(), 0.0);
  w.scale.assign(table.size(), 1.0);
  w.weight.assign(table.size(), 0.0);
  std::vector<bool> seen(table.size(), false);
  for (const auto& m : doc.at("measures")) {
    const std::string name = m.at("name");
    std::size_t i = 0;
    try {
      i = MeasureIndex(name);
    } catch (const Error&) {
      throw Error(path.string(), "weights file names a measure this build does not have: " + name);
    }
    w.mean[i] = m.at("mean");
    w.scale[i] = m.at("scale");
    w.weight[i] = m.at("weight");
    if (!(w.scale[i] > 0.0)) throw Error(path.string(), "weights file has a non-positive scale for " + name);
    seen[i] = true;
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!seen[i]) throw Error(path.string(), "weights file lacks measure " + std::string(table[i].name) + ": refit it");
  }
  w.provenance = doc.value("provenance", "");
  return w;
}

}  // namespace

FeatureWeights FeatureWeights::Load(const std::filesystem::path& path) {
  const nlohmann::json doc = ReadVersionedJson(path, "feature judge weights", kFormat);
  return ReadFields(path, "feature judge weights", [&] { return Parse(doc, path); });
}

void FeatureWeights::Save(const std::filesystem::path& path) const {
  nlohmann::json doc;
  doc["format"] = kFormat;
  doc["provenance"] = provenance;
  const auto& table = MeasureTable();
  for (std::size_t i = 0; i < table.size(); ++i) {
    doc["measures"].push_back(
        {{"name", table[i].name}, {"mean", mean[i]}, {"scale", scale[i]}, {"weight", weight[i]}});
  }
  WriteJson(path, doc);
}

FeatureComparator::FeatureComparator(FeatureWeights weights) : weights_(std::move(weights)) {}

double FeatureComparator::Score(const ImageProfile& p) const {
  double s = 0.0;
  for (std::size_t i = 0; i < weights_.weight.size(); ++i) {
    s += weights_.weight[i] * (p.measures[i] - weights_.mean[i]) / weights_.scale[i];
  }
  return s;
}

Verdict FeatureComparator::Compare(const ImageProfile& a, const ImageProfile& b) const {
  const auto& table = MeasureTable();
  Verdict v;
  for (Dimension d : TechnicalDimensions()) v.dimensions.push_back({d, 0.0});
  double total = 0.0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const double term = weights_.weight[i] * (a.measures[i] - b.measures[i]) / weights_.scale[i];
    total += term;
    for (DimensionVerdict& d : v.dimensions) {
      if (d.dimension == table[i].dimension) d.margin += term;
    }
  }
  total += AddFaceDimensions(v.dimensions, a, b);
  v.dimensions.push_back({Dimension::kOverall, total});
  v.log_odds = total;
  v.p_a_better = sorting::WinProbability(total);
  v.reason = MeasuredReason(v.dimensions, total, a, b);
  return v;
}

}  // namespace versus::engine
