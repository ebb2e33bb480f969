// The one list of measures. Order matters: it is the order of ImageProfile::measures
// and of the weights in models/feature_judge.json.
#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "measures_pvt.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"

namespace versus::engine {
namespace {

using measures::MeasureInput;

struct MeasureEntry {
  MeasureInfo info;
  double (*compute)(const MeasureInput&);
};

const std::vector<MeasureEntry>& Entries() {
  using D = Dimension;
  static const std::vector<MeasureEntry> kEntries = {
      {{"sharpness", D::kSharpness, +1,
        "log10 variance of the Laplacian on native-resolution tiles (upper quartile of tiles)"},
       measures::Sharpness},
      {{"sharpness_detail", D::kSharpness, +1,
        "log2 ratio of fine (native) to coarse (2x reduced) Laplacian energy on native tiles"},
       measures::SharpnessDetail},
      {{"sharpness_working", D::kSharpness, +1,
        "log10 variance of the Laplacian on the whole image at working size"},
       measures::SharpnessWorking},
      {{"noise", D::kNoise, -1,
        "log2(1 + sigma): noise standard deviation in 8-bit levels (Immerkaer) in flat areas of native tiles"},
       measures::Noise},
      {{"highlight_clipping", D::kExposure, -1, "log2(1 + percent of pixels with a channel at 250 or more)"},
       measures::HighlightClipping},
      {{"shadow_clipping", D::kExposure, -1, "log2(1 + percent of pixels with luminance at 5 or less)"},
       measures::ShadowClipping},
      {{"midtone_offset", D::kExposure, -1,
        "distance of the median luminance from mid-grey (0 = centred, 0.5 = all black or white)"},
       measures::MidtoneOffset},
      {{"contrast", D::kExposure, +1, "RMS contrast: standard deviation of luminance, 0..1"},
       measures::Contrast},
      {{"colour_cast", D::kColour, -1,
        "chroma of the mean colour of near-neutral pixels in CIELAB (0 = neutral greys)"},
       measures::ColourCast},
      {{"colourfulness", D::kColour, +1, "Hasler-Suesstrunk colourfulness, 0 (grey) to ~150"},
       measures::Colourfulness},
      {{"blockiness", D::kCompression, -1,
        "8x8 JPEG block-edge strength on native tiles: edge energy on the strongest grid "
        "phase over the mean of all phases, minus 1 (0 = no blocking)"},
       measures::Blockiness},
      {{"brisque", D::kOverall, -1, "OpenCV BRISQUE (LIVE model) at working size, 0 (best) to 100 (worst)"},
       measures::Brisque},
  };
  return kEntries;
}

}  // namespace

std::string_view DimensionName(Dimension d) {
  switch (d) {
    case Dimension::kSharpness: return "sharpness";
    case Dimension::kNoise: return "noise";
    case Dimension::kExposure: return "exposure";
    case Dimension::kColour: return "colour";
    case Dimension::kCompression: return "compression";
    case Dimension::kOverall: return "overall";
    case Dimension::kEyes: return "eyes";
    case Dimension::kFaceFocus: return "face focus";
  }
  return "unknown";
}

const std::vector<Dimension>& TechnicalDimensions() {
  static const std::vector<Dimension> kDims = {Dimension::kSharpness, Dimension::kNoise, Dimension::kExposure,
                                               Dimension::kColour, Dimension::kCompression};
  return kDims;
}

const std::vector<MeasureInfo>& MeasureTable() {
  static const std::vector<MeasureInfo> kTable = [] {
    std::vector<MeasureInfo> table;
    for (const auto& e : Entries()) table.push_back(e.info);
    return table;
  }();
  return kTable;
}

std::size_t MeasureIndex(std::string_view name) {
  const auto& table = MeasureTable();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == name) return i;
  }
  throw Error("unknown measure '" + std::string(name) + "'");
}

std::vector<double> Measure(const DecodedImage& image) {
  const MeasureInput input = measures::MakeMeasureInput(image);
  std::vector<double> values;
  values.reserve(Entries().size());
  for (const auto& e : Entries()) values.push_back(e.compute(input));
  return values;
}

namespace measures {

MeasureInput MakeMeasureInput(const DecodedImage& image) {
  MeasureInput in{image, {}, {}};
  cv::Mat grey;
  cv::cvtColor(image.working, grey, cv::COLOR_BGR2GRAY);
  grey.convertTo(in.working_grey, CV_32F);
  for (const cv::Mat& tile : image.tiles) {
    cv::cvtColor(tile, grey, cv::COLOR_BGR2GRAY);
    cv::Mat f;
    grey.convertTo(f, CV_32F);
    in.tiles_grey.push_back(f);
  }
  return in;
}

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  const auto k = static_cast<std::size_t>(q * double(values.size() - 1) + 0.5);
  std::nth_element(values.begin(), values.begin() + k, values.end());
  return values[k];
}

}  // namespace measures
}  // namespace versus::engine
