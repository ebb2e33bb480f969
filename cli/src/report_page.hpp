#pragma once
// `versus report`'s page as typed values, and the one function that writes it as a
// self-contained HTML file (no network, no external scripts; CSS and script from
// report_page_assets.cpp).
//
// Marks that scripts and tests read (cli/README.md): every photo card carries
// data-rank="N" (1 = best) and data-stars="S"; the ranking grid is #ranking; each cull
// group of two or more photos is an element data-group="G" (G as `versus cull` numbers
// its groups) holding its members' cards best first, the keeper's with data-keep="true".
// Every card is in the DOM from the start; only the pictures are lazy: the thumbnails'
// base64 sits in one JSON array (#thumbs) and the script gives a card's <img data-t="I">
// its src when the card comes near the viewport (IntersectionObserver), so the page
// parses and lays out fast for thousands of photos (cards are content-visibility:auto).
#include <cstddef>
#include <string>
#include <vector>

#include "report_thumbnails.hpp"
#include "versus/engine.hpp"

namespace versus::cli {

struct ReportPhoto {
  const engine::ImageProfile* image = nullptr;  ///< path, size, measures, decoded_from
  const Thumbnail* thumbnail = nullptr;         ///< nullptr: a placeholder is shown
  std::size_t rank = 0;                         ///< 1 = best
  double score = 0, ci_low = 0, ci_high = 0;    ///< Bradley-Terry score and 95% interval
  int stars = 0;                                ///< 1..5
  std::vector<int> dimensions;                  ///< per ReportPage::dimension_names, 0..100 (DimensionPercentiles)
  std::size_t group = 0;                        ///< its cull group's number if that has 2+ photos, else 0
};

struct ReportGroup {
  std::size_t number = 0;            ///< as `versus cull` numbers it (1 = first)
  std::vector<std::size_t> members;  ///< indices into ReportPage::photos, best first
  std::size_t keep = 1;              ///< how many of the first members are kept
  std::string how;                   ///< burst, near-duplicate, copy
  double span_seconds = 0;
  std::string reason;                ///< why the keeper
};

struct ReportPage {
  std::string judge;
  std::size_t comparisons = 0;
  std::size_t anchors = 0;                   ///< >0: scores on the human scale (MOS 0-100) from this many anchors
  bool absolute_stars = false;               ///< stars by the anchors' fixed cuts, else fifths of the set
  std::size_t skipped = 0;                   ///< non-image files found in folders
  std::vector<std::string> dimension_names;  ///< sharpness, noise, ... (bars, sort keys)
  std::vector<ReportPhoto> photos;           ///< best first
  std::vector<ReportGroup> groups;           ///< groups of 2+ photos, in cull's order
  std::vector<engine::InputError> errors;
};

/// Per image and per technical dimension: the percentile (0..100, 100 = best of the set)
/// of the mean of the dimension's measures, each standardised over the set and signed by
/// its direction (engine::MeasureTable). Relative to this set, like the stars.
std::vector<std::vector<int>> DimensionPercentiles(const std::vector<engine::ImageProfile>& images,
                                                   const std::vector<engine::Dimension>& dimensions);

/// The whole page.
std::string RenderReportPage(const ReportPage& page);

/// The page's style sheet and script (report_page_assets.cpp).
extern const char* const kReportCss;
extern const char* const kReportScript;

}  // namespace versus::cli
