// A verdict's one-sentence reason, from the dimensions that carried it, in the words of
// the measures where they agree (shared by every comparator that reports dimensions).
#include "versus/engine/verdict_reason.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace versus::engine {
namespace {

// Below this |log-odds| a dimension is not worth a mention in the reason.
constexpr double kMentionMargin = 0.15;

std::string Format(const char* fmt, double a, double b = 0.0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

double Value(const ImageProfile& p, std::string_view measure) { return p.measures.at(MeasureIndex(measure)); }

// "eyes closed in the second image (2 of 10 faces)": a group photo's blinks are counted.
std::string BlinkPhrase(const ImageProfile& loser, const std::string& loser_name) {
  const int closed = ClosedEyeCount(loser.faces);
  std::string text = "eyes closed in " + loser_name;
  if (loser.faces.size() > 1) text += " (" + std::to_string(closed) + " of " + std::to_string(loser.faces.size()) + " faces)";
  return text;
}

// "sharper (2.1x the edge contrast)": a dimension's win, in the words of its measures.
// `loser_name` ("the second image") for the phrases that name the other image.
std::string Phrase(Dimension d, const ImageProfile& winner, const ImageProfile& loser, const std::string& loser_name) {
  switch (d) {
    case Dimension::kEyes: return BlinkPhrase(loser, loser_name);
    case Dimension::kFaceFocus: return "sharper eyes";
    case Dimension::kSharpness: {
      const double ratio = std::pow(10.0, Value(winner, "sharpness") - Value(loser, "sharpness"));
      return ratio >= 1.1 ? Format("sharper (%.1fx the edge contrast)", ratio) : "sharper";
    }
    case Dimension::kNoise:
      if (Value(winner, "noise") >= Value(loser, "noise")) return "less noisy";
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
      if (Value(winner, "blockiness") >= Value(loser, "blockiness")) return "fewer compression artefacts";
      return Format("fewer compression artefacts (block edges %.2f vs %.2f)", Value(winner, "blockiness"),
                    Value(loser, "blockiness"));
    case Dimension::kOverall: return "better overall";
  }
  return "better";
}

}  // namespace

std::string VerdictReason(const std::vector<DimensionVerdict>& dims, double total, const ImageProfile& a,
                          const ImageProfile& b) {
  const bool a_wins = total >= 0.0;
  const ImageProfile& winner = a_wins ? a : b;
  const ImageProfile& loser = a_wins ? b : a;
  const std::string who = a_wins ? "The first image" : "The second image";
  const std::string other = a_wins ? "the second image" : "the first image";
  if (std::abs(total) < 0.1) return "The two images are too close to call.";

  std::vector<DimensionVerdict> favour;  // margins signed so that > 0 favours the winner
  for (const DimensionVerdict& d : dims) {
    if (d.dimension != Dimension::kOverall) favour.push_back({d.dimension, a_wins ? d.margin : -d.margin});
  }
  std::sort(favour.begin(), favour.end(), [](auto& x, auto& y) { return x.margin > y.margin; });

  std::string reason = who + " is better";
  if (favour.empty() || favour[0].margin < kMentionMargin) return reason + " overall, by a small margin.";
  reason += ": " + Phrase(favour[0].dimension, winner, loser, other);
  if (favour.size() > 1 && favour[1].margin >= kMentionMargin) {
    reason += ", and " + Phrase(favour[1].dimension, winner, loser, other);
  }
  const DimensionVerdict& worst = favour.back();
  if (worst.margin <= -kMentionMargin) {
    reason += ", though the other wins on " + std::string(DimensionName(worst.dimension));
  }
  return reason + ".";
}

}  // namespace versus::engine
