#include "edit_comparison.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "versus/engine/anchors.hpp"

namespace versus::plugin {
namespace {

namespace fs = std::filesystem;

std::string SizeText(const RgbaPixels& p) { return std::to_string(p.width) + "x" + std::to_string(p.height); }

std::string Capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = char(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

cv::Mat ToBgrOnWhite(const RgbaPixels& pixels) {
  cv::Mat bgr(pixels.height, pixels.width, CV_8UC3);
  const std::uint8_t* in = pixels.rgba.data();
  for (int y = 0; y < pixels.height; ++y) {
    auto* out = bgr.ptr<std::uint8_t>(y);
    for (int x = 0; x < pixels.width; ++x, in += 4, out += 3) {
      // over white: c * a + 255 * (1 - a), rounded; integer form of the same.
      const int alpha = in[3];
      for (int c = 0; c < 3; ++c) out[2 - c] = std::uint8_t((in[c] * alpha + 255 * (255 - alpha) + 127) / 255);
    }
  }
  return bgr;
}

void CheckMeasurable(const RgbaPixels& pixels, std::string_view label) {
  const std::string name(label);
  if (pixels.rgba.size() != std::size_t(pixels.width) * std::size_t(pixels.height) * 4 || pixels.width <= 0 ||
      pixels.height <= 0) {
    throw engine::Error(name, name + ": no pixels to compare (empty layer)");
  }
  if (pixels.width < kMinimumSide || pixels.height < kMinimumSide) {
    throw engine::Error(name, name + " is " + SizeText(pixels) + " pixels: too small to judge (versus needs at least " +
                                  std::to_string(kMinimumSide) + "x" + std::to_string(kMinimumSide) + ")");
  }
}

void CheckSameSize(const RgbaPixels& a, std::string_view label_a, const RgbaPixels& b, std::string_view label_b) {
  if (a.width == b.width && a.height == b.height) return;
  throw engine::Error(std::string(label_a) + " is " + SizeText(a) + " but " + std::string(label_b) + " is " +
                      SizeText(b) +
                      ": versus compares two edits of the same picture at the same size (a scaled-down copy "
                      "only looks sharper). Scale one to the other's size (Image > Scale Image) and compare again.");
}

fs::path PluginModelDirectory() {
  if (const char* env = std::getenv("VERSUS_MODEL_DIR"); env != nullptr && *env != '\0') return env;
  const fs::path bin = engine::ExecutableDirectory();
  std::error_code ec;
  if (!bin.empty() && fs::is_directory(bin / "models", ec)) return bin / "models";
  return engine::ModelDirectory();
}

std::string SidesReason(const engine::Verdict& verdict, std::string_view first_side, std::string_view second_side) {
  return engine::ReasonText(verdict.reason,
                            {"the " + std::string(first_side) + " image", "the " + std::string(second_side) + " image"});
}

std::string VerdictHeadline(double p_a_better, std::string_view name_a, std::string_view name_b) {
  const double p = std::max(p_a_better, 1.0 - p_a_better);
  const long percent = std::lround(100.0 * p);
  if (percent == 50) return "Too close to call, 50%";
  return Capitalised(p_a_better >= 0.5 ? name_a : name_b) + " is better, " + std::to_string(percent) + "%";
}

// The feature judge, not the default (learned) one: the plug-in is installed as one
// executable plus its JSON weights in GIMP's plug-in folder (no LibTorch module beside
// it), and a dialog that recomputes on every change wants answers in well under a second.
EditJudge::EditJudge() : comparator_(engine::MakeComparator(kPluginJudge, {PluginModelDirectory(), {}})) {}

engine::ImageProfile EditJudge::Profile(const RgbaPixels& pixels, const std::string& label) const {
  CheckMeasurable(pixels, label);
  try {
    return engine::Profile(engine::FromPixels(ToBgrOnWhite(pixels)), label, comparator_.get());
  } catch (const engine::Error& e) {
    throw engine::Error(label, label + ": " + e.what());
  }
}

engine::Verdict EditJudge::CompareEdits(const Edit& a, const Edit& b) const {
  CheckMeasurable(a.pixels, a.label);
  CheckMeasurable(b.pixels, b.label);
  CheckSameSize(a.pixels, a.label, b.pixels, b.label);
  return comparator_->Compare(Profile(a.pixels, a.label), Profile(b.pixels, b.label));
}

Ranking EditJudge::RankEdits(std::size_t count, const std::function<Edit(std::size_t)>& read_edit) const {
  Ranking ranking;
  std::vector<engine::ImageProfile> profiles;
  std::vector<std::size_t> input_of_profile;
  for (std::size_t i = 0; i < count; ++i) {
    std::string label = "image " + std::to_string(i + 1);
    try {
      const Edit edit = read_edit(i);
      label = edit.label;
      profiles.push_back(Profile(edit.pixels, edit.label));
      input_of_profile.push_back(i);
    } catch (const engine::Error& e) {
      ranking.skipped.push_back({label, e.what()});
    }
  }
  const std::size_t n = profiles.size();
  if (n < 2) {
    throw engine::Error("ranking needs at least two open images that can be judged (" + std::to_string(n) +
                        " of " + std::to_string(count) + " could)");
  }
  // The same scale and stars as `versus rank` gives the saved files: each image against
  // the judge's anchors and, editors holding a handful, against every other one; without
  // anchors the Ranker judges every pair, exactly.
  engine::RankerReport report;
  if (const auto anchors = engine::LoadAnchors(comparator_->name(), PluginModelDirectory())) {
    engine::HumanScaleOptions options;
    options.jobs = 1;
    engine::RankOnHumanScale(options, *comparator_, profiles, *anchors, &report);
  } else {
    engine::Rank(engine::RankerOptions{}, n, engine::ComparatorJudge(*comparator_, profiles), &report);
  }
  ranking.comparisons = report.judged.comparisons.size();
  for (std::size_t p : report.order) {
    ranking.best_first.push_back({input_of_profile[p], report.scores.score[p], report.stars[p]});
  }
  return ranking;
}

std::vector<double> Margins(const engine::Verdict& verdict) {
  std::vector<double> margins;
  for (const engine::DimensionVerdict& d : verdict.dimensions) {
    // The PDB's margins are the five technical ones and overall: the plug-in reads no faces.
    if (d.dimension == engine::Dimension::kEyes || d.dimension == engine::Dimension::kFaceFocus) continue;
    margins.push_back(d.margin);
  }
  return margins;
}

std::string RankingText(const Ranking& ranking, const std::vector<std::string>& labels) {
  std::string text;
  char line[64];
  for (std::size_t r = 0; r < ranking.best_first.size(); ++r) {
    const RankedImage& image = ranking.best_first[r];
    std::snprintf(line, sizeof line, "%zu. ", r + 1);
    text += line + labels.at(image.input_index);
    std::snprintf(line, sizeof line, "  score %.2f  ", image.score);
    text += line + std::string(std::size_t(std::max(0, image.stars)), '*') + "\n";
  }
  for (const engine::InputError& e : ranking.skipped) text += "skipped: " + e.reason + "\n";
  return text;
}

}  // namespace versus::plugin
