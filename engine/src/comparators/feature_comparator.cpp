// The feature judge: logistic model on standardised measure differences, with the
// verdict's reason built from the dimensions that carried it.
#include "versus/engine/feature_comparator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"

namespace versus::engine {
namespace {

constexpr const char* kFormat = "versus-feature-judge/1";
// Below this |log-odds| a dimension is not worth a mention in the reason.
constexpr double kMentionMargin = 0.15;

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::string Format(const char* fmt, double a, double b = 0.0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

double Value(const ImageProfile& p, std::string_view measure) { return p.measures.at(MeasureIndex(measure)); }

// "sharper (2.1x the edge contrast)": a dimension's win, in the words of its measures.
std::string Phrase(Dimension d, const ImageProfile& winner, const ImageProfile& loser) {
  switch (d) {
    case Dimension::kSharpness: {
      const double ratio = std::pow(10.0, Value(winner, "sharpness") - Value(loser, "sharpness"));
      return ratio >= 1.1 ? Format("sharper (%.1fx the edge contrast)", ratio) : "sharper";
    }
    case Dimension::kNoise:
      return Format("less noisy (noise %.1f vs %.1f levels)", std::exp2(Value(winner, "noise")) - 1.0,
                    std::exp2(Value(loser, "noise")) - 1.0);
    case Dimension::kExposure: {
      auto clipped = [](const ImageProfile& p) {  // percent, from the log2(1 + percent) measures
        return std::exp2(Value(p, "highlight_clipping")) + std::exp2(Value(p, "shadow_clipping")) - 2.0;
      };
      const double clip_w = clipped(winner), clip_l = clipped(loser);
      if (clip_l - clip_w >= 1.0) return Format("better exposed (%.0f%% vs %.0f%% of pixels clipped)", clip_w, clip_l);
      return "better exposed (mid-tones closer to mid-grey)";
    }
    case Dimension::kColour: return "more natural colour";
    case Dimension::kCompression:
      return Format("fewer compression artefacts (block edges %.2f vs %.2f)", Value(winner, "blockiness"),
                    Value(loser, "blockiness"));
    case Dimension::kOverall: return "better overall";
  }
  return "better";
}

std::string Reason(const std::vector<DimensionVerdict>& dims, double total, const ImageProfile& a,
                   const ImageProfile& b) {
  const bool a_wins = total >= 0.0;
  const ImageProfile& winner = a_wins ? a : b;
  const ImageProfile& loser = a_wins ? b : a;
  const std::string who = a_wins ? "The first image" : "The second image";
  if (std::abs(total) < 0.1) return "The two images are too close to call.";

  std::vector<DimensionVerdict> favour;  // margins signed so that > 0 favours the winner
  for (const DimensionVerdict& d : dims) {
    if (d.dimension != Dimension::kOverall) favour.push_back({d.dimension, a_wins ? d.margin : -d.margin});
  }
  std::sort(favour.begin(), favour.end(), [](auto& x, auto& y) { return x.margin > y.margin; });

  std::string reason = who + " is better";
  if (favour.empty() || favour[0].margin < kMentionMargin) return reason + " overall, by a small margin.";
  reason += ": " + Phrase(favour[0].dimension, winner, loser);
  if (favour.size() > 1 && favour[1].margin >= kMentionMargin) reason += ", and " + Phrase(favour[1].dimension, winner, loser);
  const DimensionVerdict& worst = favour.back();
  if (worst.margin <= -kMentionMargin) {
    reason += ", though the other wins on " + std::string(DimensionName(worst.dimension));
  }
  return reason + ".";
}

}  // namespace

FeatureWeights FeatureWeights::Load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(path.string(), "feature judge weights not found: " + path.string());
  nlohmann::json doc;
  try {
    in >> doc;
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string(), "feature judge weights are not valid JSON: " + path.string() + " (" + e.what() + ")");
  }
  if (doc.value("format", "") != kFormat) {
    throw Error(path.string(), "not a feature judge weights file (" + std::string(kFormat) + "): " + path.string());
  }
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

void FeatureWeights::Save(const std::filesystem::path& path) const {
  nlohmann::json doc;
  doc["format"] = kFormat;
  doc["provenance"] = provenance;
  const auto& table = MeasureTable();
  for (std::size_t i = 0; i < table.size(); ++i) {
    doc["measures"].push_back(
        {{"name", table[i].name}, {"mean", mean[i]}, {"scale", scale[i]}, {"weight", weight[i]}});
  }
  std::ofstream out(path);
  out << doc.dump(2) << "\n";
  if (!out) throw Error(path.string(), "could not write " + path.string());
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
  v.dimensions.push_back({Dimension::kOverall, total});
  v.p_a_better = Sigmoid(total);
  v.reason = Reason(v.dimensions, total, a, b);
  return v;
}

}  // namespace versus::engine
