#pragma once
/// The editor-independent half of the plug-in: pixels an editor hands over (8-bit RGBA,
/// whatever the layer was: RGB, grey, indexed, 16/32-bit) become engine profiles, two of
/// them a verdict, all of them a ranking. Nothing here knows GIMP, so a GIMP 3 or
/// darktable front-end reuses it as is.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "versus/engine.hpp"

namespace versus::plugin {

/// Pixels as editors export them: 8-bit non-linear RGBA (GEGL's "R'G'B'A u8"), rows
/// packed, top row first.
struct RgbaPixels {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  ///< width * height * 4 bytes
};

/// Smallest side the measures can work with: sharpness and noise look at 8x8
/// neighbourhoods, so a thumbnail-sized layer has nothing to measure.
constexpr int kMinimumSide = 16;

/// BGR (OpenCV order) with alpha composited over white: the same rule the decoder
/// applies to files with transparency, so a layer and its exported PNG measure alike.
cv::Mat ToBgrOnWhite(const RgbaPixels& pixels);

/// Throws engine::Error naming `label` if the pixels are too small to measure or the
/// buffer does not match its size.
void CheckMeasurable(const RgbaPixels& pixels, std::string_view label);

/// Throws engine::Error if A and B differ in size: versus judges two edits of one
/// picture, and a smaller copy would look sharper only because it was scaled down.
void CheckSameSize(const RgbaPixels& a, std::string_view label_a, const RgbaPixels& b, std::string_view label_b);

/// Where the judge's model files are: $VERSUS_MODEL_DIR, else `models/` beside the
/// plug-in executable (the installed plug-in folder), else the engine's default
/// (<exe>/../share/versus/models: the build tree).
std::filesystem::path PluginModelDirectory();

/// A verdict's reason in the words of a front-end that shows A and B side by side:
/// "The left image is better: sharper (2.1x the edge contrast)." for sides "left" and
/// "right" (engine::ReasonText with those names).
std::string SidesReason(const engine::Verdict& verdict, std::string_view first_side, std::string_view second_side);

/// The per-dimension margins of a verdict, in its order (five technical, then overall).
std::vector<double> Margins(const engine::Verdict& verdict);

/// "Right is better, 82%" for a verdict of A=left against B=right.
std::string VerdictHeadline(double p_a_better, std::string_view name_a, std::string_view name_b);

/// One side of a comparison or one image of a ranking, as the user knows it.
struct Edit {
  std::string label;  ///< e.g. "kodim01.png" or "kodim01.png / Background"
  RgbaPixels pixels;
};

struct RankedImage {
  std::size_t input_index = 0;  ///< position in the list given to Rank
  double score = 0.0;           ///< MOS points (0-100) with the judge's anchors, else Bradley-Terry log-odds
  int stars = 0;                ///< 1..5: absolute cuts with anchors, else by quantile within the set
};

struct Ranking {
  std::vector<RankedImage> best_first;
  std::vector<engine::InputError> skipped;  ///< images that could not be judged (path = label)
  std::size_t comparisons = 0;
};

/// One line per ranked image, best first ("1. name  score 1.23  ****"), then one per
/// skipped image with its reason.
std::string RankingText(const Ranking& ranking, const std::vector<std::string>& labels);

/// The engine's default judge, loaded once, applied to editor pixels.
/// The judge the plug-in uses (see EditJudge()).
inline constexpr const char* kPluginJudge = "features";

class EditJudge {
 public:
  /// Throws engine::Error if the judge's model files are missing (naming the file).
  EditJudge();
  /// Measures one image; throws engine::Error (with `label`) if it cannot be measured.
  engine::ImageProfile Profile(const RgbaPixels& pixels, const std::string& label) const;
  /// P(A better), margins per dimension, reason ("the first image" = A). Throws
  /// engine::Error if either cannot be measured or their sizes differ.
  engine::Verdict CompareEdits(const Edit& a, const Edit& b) const;
  /// Reads (`read_edit(i)`), measures and forgets the pixels of `count` images one at a
  /// time, then judges each against the judge's anchors (scores on the human scale,
  /// absolute stars), or without anchors every pair (Bradley-Terry, stars by quantile).
  /// An image that cannot be read or measured goes to `skipped`; the rest are ranked.
  /// Throws engine::Error if fewer than two can be ranked.
  Ranking RankEdits(std::size_t count, const std::function<Edit(std::size_t)>& read_edit) const;

 private:
  std::unique_ptr<engine::Comparator> comparator_;
};

}  // namespace versus::plugin
