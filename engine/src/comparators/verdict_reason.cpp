// The one formatter of verdict reasons, and a measuring judge's reason from the
// dimensions that carried it. The words of each dimension are one table.
#include "versus/engine/verdict_reason.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "versus/engine/faces.hpp"
#include "versus/engine/measures.hpp"

namespace versus::engine {
namespace {

// Below this |log-odds| a verdict is too close to call.
constexpr double kTooCloseMargin = 0.1;
// Below this |log-odds| a dimension is not worth a mention in the reason.
constexpr double kMentionMargin = 0.15;

using Values = std::optional<std::array<double, 2>>;

double Value(const ImageProfile& p, std::string_view measure) { return p.measures.at(MeasureIndex(measure)); }

std::string Format(const char* fmt, double a, double b = 0.0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

// How a reason speaks of one dimension's win: its words, the numbers behind them (only
// where they support the words) and those numbers in parentheses.
struct DimensionWords {
  Dimension dimension;
  const char* words;        // "sharper"; with `names_other`, "eyes closed in" + the other image's name
  const char* words_alone;  // without numbers; nullptr = `words`
  Values (*values)(const ImageProfile& winner, const ImageProfile& loser);
  std::string (*detail)(const std::array<double, 2>& values);
  bool names_other = false;  // the words are about the other image, named after them
};

Values NoValues(const ImageProfile&, const ImageProfile&) { return std::nullopt; }
std::string NoDetail(const std::array<double, 2>&) { return ""; }

// Edge contrast (10^sharpness), shown as a ratio from 1.1x up.
Values EdgeContrast(const ImageProfile& w, const ImageProfile& l) {
  const double cw = std::pow(10.0, Value(w, "sharpness")), cl = std::pow(10.0, Value(l, "sharpness"));
  if (!(cw >= 1.1 * cl)) return std::nullopt;
  return std::array{cw, cl};
}
std::string EdgeContrastDetail(const std::array<double, 2>& v) { return Format("%.1fx the edge contrast", v[0] / v[1]); }

// Noise in grey levels (2^noise - 1), when the winner measures less.
Values NoiseLevels(const ImageProfile& w, const ImageProfile& l) {
  if (Value(w, "noise") >= Value(l, "noise")) return std::nullopt;
  return std::array{std::exp2(Value(w, "noise")) - 1.0, std::exp2(Value(l, "noise")) - 1.0};
}
std::string NoiseDetail(const std::array<double, 2>& v) { return Format("noise %.1f vs %.1f levels", v[0], v[1]); }

// Percent of pixels clipped (from the log2(1 + percent) measures), from 1 point apart.
Values ClippedPercent(const ImageProfile& w, const ImageProfile& l) {
  auto clipped = [](const ImageProfile& p) {
    return std::exp2(Value(p, "highlight_clipping")) + std::exp2(Value(p, "shadow_clipping")) - 2.0;
  };
  const double cw = clipped(w), cl = clipped(l);
  if (!(cl - cw >= 1.0)) return std::nullopt;
  return std::array{cw, cl};
}
std::string ClippedDetail(const std::array<double, 2>& v) {
  return Format("%.0f%% vs %.0f%% of pixels clipped", v[0], v[1]);
}

// Block-edge strength, when the difference shows in the two decimals the reason prints.
Values BlockEdges(const ImageProfile& w, const ImageProfile& l) {
  if (!(Value(l, "blockiness") - Value(w, "blockiness") >= 0.01)) return std::nullopt;
  return std::array{Value(w, "blockiness"), Value(l, "blockiness")};
}
std::string BlockDetail(const std::array<double, 2>& v) { return Format("block edges %.2f vs %.2f", v[0], v[1]); }

// A group photo's blinks counted: {faces with closed eyes, faces} in the other image,
// when it has more than one face.
Values BlinksOfOther(const ImageProfile&, const ImageProfile& l) {
  if (l.faces.size() < 2) return std::nullopt;
  return std::array{double(ClosedEyeCount(l.faces)), double(l.faces.size())};
}
std::string BlinksDetail(const std::array<double, 2>& v) { return Format("%.0f of %.0f faces", v[0], v[1]); }

const std::vector<DimensionWords>& WordsTable() {
  static const std::vector<DimensionWords> kTable = {
      {Dimension::kSharpness, "sharper", nullptr, EdgeContrast, EdgeContrastDetail},
      {Dimension::kNoise, "less noisy", nullptr, NoiseLevels, NoiseDetail},
      {Dimension::kExposure, "better exposed", "better exposed (mid-tones closer to mid-grey)", ClippedPercent,
       ClippedDetail},
      {Dimension::kColour, "more natural colour", nullptr, NoValues, NoDetail},
      {Dimension::kCompression, "fewer compression artefacts", nullptr, BlockEdges, BlockDetail},
      {Dimension::kOverall, "better overall", nullptr, NoValues, NoDetail},
      {Dimension::kEyes, "eyes closed in", nullptr, BlinksOfOther, BlinksDetail, true},
      {Dimension::kFaceFocus, "sharper eyes", nullptr, NoValues, NoDetail},
  };
  return kTable;
}

const DimensionWords* WordsOf(Dimension d) {
  for (const DimensionWords& w : WordsTable()) {
    if (w.dimension == d) return &w;
  }
  return nullptr;
}

// "sharper (2.1x the edge contrast)", "eyes closed in 'b.jpg' (2 of 10 faces)": a clause
// in the words of its dimension, the other image named from `names` where the words need it.
std::string ClauseText(const ReasonClause& clause, const ImageNames& names) {
  const DimensionWords* w = WordsOf(clause.dimension);
  if (w == nullptr) return "better on " + std::string(DimensionName(clause.dimension));
  std::string words = !clause.values && w->words_alone != nullptr ? w->words_alone : w->words;
  if (w->names_other) {
    words += " " + WordsText({{ReasonWord::Kind::kImage, "", IndexOf(Other(clause.favours)), false}}, names);
  }
  if (!clause.values) return words;
  return words + " (" + w->detail(*clause.values) + ")";
}

std::string WithoutFinalPeriod(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string WinnerClausesText(const Reason& reason, const ImageNames& names) {
  if (!reason.words.empty()) return WithoutFinalPeriod(WordsText(reason.words, names));
  if (!reason.winner) return "";
  std::vector<std::string> wins;
  std::string though;
  for (const ReasonClause& c : reason.clauses) {
    if (c.favours == *reason.winner) {
      wins.push_back(ClauseText(c, names));
    } else {
      though = ", though the other wins on " + std::string(DimensionName(c.dimension));
    }
  }
  if (wins.empty()) return "better overall, by a small margin";
  std::string text = wins[0];
  for (std::size_t i = 1; i < wins.size(); ++i) text += ", and " + wins[i];
  return text + though;
}

std::string ReasonText(const Reason& reason, const ImageNames& names, ReasonEnd end) {
  const std::string period = end == ReasonEnd::kPeriod ? "." : "";
  if (!reason.words.empty()) {
    const std::string words = WordsText(reason.words, names);
    return end == ReasonEnd::kPeriod ? words : WithoutFinalPeriod(words);
  }
  if (!reason.winner) return "The two images are too close to call" + period;
  // The winner named as a sentence's first words name an image.
  const std::string who = WordsText({{ReasonWord::Kind::kImage, "", IndexOf(*reason.winner), true}}, names);
  const std::string wins = WinnerClausesText(reason, names);
  if (reason.clauses.empty()) return who + " is better overall, by a small margin" + period;
  return who + " is better: " + wins + period;
}

namespace {

// A technical dimension whose measures could show the win but do not (edge contrast,
// noise, clipping, block edges); words without numbers by design (colour, eyes of one
// face, face focus) are not that.
bool MeasuredButNotShown(const ReasonClause& clause) {
  const DimensionWords* words = WordsOf(clause.dimension);
  const auto& technical = TechnicalDimensions();
  const bool measured = words != nullptr && words->values != NoValues &&
                        std::find(technical.begin(), technical.end(), clause.dimension) != technical.end();
  return measured && !clause.values;
}

}  // namespace

Reason MeasuredReason(const std::vector<DimensionVerdict>& dims, double total, const ImageProfile& a,
                      const ImageProfile& b) {
  Reason reason;
  if (std::abs(total) < kTooCloseMargin) return reason;
  const Side winner = total >= 0.0 ? Side::kFirst : Side::kSecond;
  reason.winner = winner;
  const ImageProfile& w = winner == Side::kFirst ? a : b;
  const ImageProfile& l = winner == Side::kFirst ? b : a;

  std::vector<DimensionVerdict> favour;  // margins signed so that > 0 favours the winner
  for (const DimensionVerdict& d : dims) {
    if (d.dimension != Dimension::kOverall) favour.push_back({d.dimension, winner == Side::kFirst ? d.margin : -d.margin});
  }
  std::sort(favour.begin(), favour.end(), [](auto& x, auto& y) { return x.margin > y.margin; });
  if (favour.empty() || favour[0].margin < kMentionMargin) return reason;

  auto win = [&](Dimension d) {
    const DimensionWords* words = WordsOf(d);
    return ReasonClause{d, winner, words != nullptr ? words->values(w, l) : std::nullopt};
  };
  // Of the dimensions that favour the winner enough to name, those whose own measures show
  // it come first: the learned judge's compression head also reads a blurred copy's lost
  // detail, and "fewer compression artefacts" before "sharper (70x the edge contrast)"
  // would send a photographer looking for the wrong defect.
  std::vector<ReasonClause> shown, unshown;
  for (const DimensionVerdict& d : favour) {
    if (d.margin < kMentionMargin) break;
    ReasonClause clause = win(d.dimension);
    (MeasuredButNotShown(clause) ? unshown : shown).push_back(clause);
  }
  shown.insert(shown.end(), unshown.begin(), unshown.end());
  shown.resize(std::min<std::size_t>(shown.size(), 2));
  reason.clauses = shown;
  if (favour.back().margin <= -kMentionMargin) reason.clauses.push_back({favour.back().dimension, Other(winner), std::nullopt});
  return reason;
}

Reason Swapped(Reason reason) {
  if (reason.winner) reason.winner = Other(*reason.winner);
  for (ReasonClause& c : reason.clauses) c.favours = Other(c.favours);
  for (ReasonWord& w : reason.words) {
    if (w.kind != ReasonWord::Kind::kText && w.image < 2) w.image = 1 - w.image;
  }
  return reason;
}

Verdict Swapped(Verdict verdict) {
  verdict.log_odds = -verdict.log_odds;
  verdict.p_a_better = 1.0 - verdict.p_a_better;
  for (DimensionVerdict& d : verdict.dimensions) d.margin = -d.margin;
  verdict.reason = Swapped(std::move(verdict.reason));
  return verdict;
}

}  // namespace versus::engine
