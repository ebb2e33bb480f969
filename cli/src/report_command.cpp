// `versus report PATH... -o report.html`: rank and cull-group the photos once, with
// thumbnails made from the decode judging does, and write one self-contained HTML
// contact sheet (report_page.cpp).
#include <cstdio>
#include <fstream>

#include "commands.hpp"
#include "cull_groups.hpp"
#include "image_inputs.hpp"
#include "option_checks.hpp"
#include "ranking.hpp"
#include "report_page.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct ReportFlags {
  std::vector<std::string> paths;
  fs::path output;
  bool recursive = false;
  std::size_t budget = 0;
  int thumbnail_size = 256;
  JudgeFlags judge;
};

constexpr const char* kUsage =
    "usage: versus report PATH... -o report.html [-r] [--thumbnail-size PX] [--judge NAME] [--budget N]\n\n"
    "Ranks the photos as `versus rank` does and groups them as `versus cull` does, then\n"
    "writes one self-contained HTML page (thumbnails embedded as WebP and shown as they\n"
    "scroll into view; no network, no external scripts; opens in any browser, prints as\n"
    "a contact sheet):\n"
    "  - the ranking, best first: thumbnail, stars, score with its 95% interval, and a bar\n"
    "    per dimension (percentile within the set, 100 = best; the number is written too);\n"
    "  - the cull groups of 2+ photos side by side, best first, the keeper marked KEEP, why;\n"
    "  - the files that could not be read, each with its reason.\n"
    "Controls: filter by stars, show only the groups, sort by a dimension, click a\n"
    "thumbnail for a larger view with every measure.\n"
    "Thumbnails are made from the view each photo is judged on (no second decode), so\n"
    "they are at most 512 px (--thumbnail-size).\n"
    "Scripts can read the page: every photo card has data-rank (1 = best) and data-stars;\n"
    "the grid is #ranking; each group is an element data-group=\"G\" (G as cull numbers it)\n"
    "whose keeper's card has data-keep=\"true\".\n\n"
    "example: versus report ~/shoot -r -o ~/shoot-report.html\n\n";

// The ranking with perceptual hashes kept for the groups, every thumbnail made as each
// photo is decoded for judging. (The one place that runs the rank pipeline.)
Ranking RankForReport(const ReportFlags& flags, ThumbnailStore& thumbnails) {
  JudgeFlags judge = flags.judge;
  judge.on_decoded = [&thumbnails](const std::string& path, const engine::DecodedImage& image) {
    thumbnails.Add(path, image);
  };
  return RankLoaded(LoadImages(flags.paths, flags.recursive, judge, true), flags.budget, StarScaleOf(judge));
}

// Cull's groups with its defaults, one keeper each. (The one place that groups.)
std::vector<CullGroup> GroupsForReport(const ImageInputs& inputs) {
  return CullGroups(inputs, engine::GroupingOptions{}, 1);
}

ReportPage BuildPage(const Ranking& ranking, const std::vector<CullGroup>& groups, const ThumbnailStore& thumbnails) {
  const ImageInputs& inputs = ranking.inputs;
  ReportPage page;
  page.judge = std::string(inputs.judge->name());
  page.comparisons = ranking.report.judged.comparisons.size();
  page.anchors = ranking.report.anchors;
  page.absolute_stars = ranking.report.star_thresholds.has_value();
  page.skipped = inputs.skipped;
  page.errors = inputs.errors;
  const std::vector<engine::Dimension>& dimensions = engine::TechnicalDimensions();
  for (engine::Dimension d : dimensions) page.dimension_names.emplace_back(engine::DimensionName(d));
  const std::vector<std::vector<int>> percentiles = DimensionPercentiles(inputs.images, dimensions);
  std::vector<std::size_t> photo_of_image(inputs.images.size());
  for (std::size_t r = 0; r < ranking.report.order.size(); ++r) {
    const std::size_t i = ranking.report.order[r];
    photo_of_image[i] = r;
    page.photos.push_back({&inputs.images[i], thumbnails.Find(inputs.images[i].path), r + 1, ranking.report.scores.score[i],
                           ranking.report.scores.ci_low[i], ranking.report.scores.ci_high[i], ranking.report.stars[i], percentiles[i], 0});
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].members.size() < 2) continue;
    ReportGroup group{g + 1, {}, groups[g].keep, engine::GroupKindName(groups[g].how), groups[g].span_seconds,
                      groups[g].reason};
    for (std::size_t i : groups[g].members) {
      group.members.push_back(photo_of_image[i]);
      page.photos[photo_of_image[i]].group = g + 1;
    }
    page.groups.push_back(std::move(group));
  }
  return page;
}

// Temp file beside the target, then rename: a reader never sees half a page.
void WritePage(const fs::path& output, const std::string& html) {
  const fs::path temp = output.string() + ".versus-tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(html.data(), std::streamsize(html.size()));
    if (!out.flush()) throw engine::Error(output.string(), "could not write the page");
  }
  std::error_code error;
  fs::rename(temp, output, error);
  if (error) {
    fs::remove(temp, error);
    throw engine::Error(output.string(), "could not write the page: " + error.message());
  }
}

}  // namespace

int RunReport(int argc, char** argv) {
  ReportFlags flags;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&flags.output)->value_name("FILE"), "the HTML page to write (required)")
      ("thumbnail-size", RangedValue(&flags.thumbnail_size, "--thumbnail-size", {32, 512, "pixels"})->default_value(256),
       "long side of the embedded thumbnails (at most the 512 px view the photo is judged on)");
  AddRankingFlags(options, flags.recursive, flags.budget);
  AddJudgeFlags(options, flags.judge);
  const CommandText text{"report", kUsage,
                         "0 page written, 1 usage error, 2 page written but some inputs failed (listed in it), "
                         "3 nothing could be ranked or the page could not be written"};
  if (const auto stop = ParsePathArgs(argc, argv, options, flags.paths, text)) return *stop;
  const char* problem = flags.paths.empty() ? "no PATH given" : flags.output.empty() ? "no -o FILE given" : nullptr;
  if (problem != nullptr) {
    std::fprintf(stderr, "versus report: %s\n%s", problem, kUsage);
    return kExitUsage;
  }

  ThumbnailStore thumbnails(flags.thumbnail_size);
  try {
    const Ranking ranking = RankForReport(flags, thumbnails);
    ReportErrors(ranking.inputs.errors);
    if (ranking.inputs.images.empty()) {
      std::fprintf(stderr, "versus report: no image could be read; no page written\n");
      return kExitFailed;
    }
    const ReportPage page = BuildPage(ranking, GroupsForReport(ranking.inputs), thumbnails);
    const std::string html = RenderReportPage(page);
    WritePage(flags.output, html);
    std::fprintf(stderr, "versus report: %zu photos, %zu groups of 2+, %zu failed; wrote %s (%.1f MB)\n",
                 page.photos.size(), page.groups.size(), page.errors.size(), flags.output.c_str(),
                 double(html.size()) / 1e6);
    return page.errors.empty() ? kExitOk : kExitSomeFailed;
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus report: %s\n", e.what());
    return kExitFailed;
  }
}

}  // namespace versus::cli
