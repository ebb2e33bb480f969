// `versus rank`: profile every image once, compare pairs with the judge, fit
// Bradley-Terry scores to the soft outcomes (ranking.cpp), print ranks, intervals and stars.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "image_inputs.hpp"
#include "option_checks.hpp"
#include "path_text.hpp"
#include "ranking.hpp"
#include "versus/sorting.hpp"

namespace versus::cli {
namespace {

namespace po = boost::program_options;

struct RankFlags {
  std::vector<std::string> paths;
  bool recursive = false;
  bool json = false;
  std::size_t budget = 0;
  JudgeFlags judge;
};

constexpr const char* kUsage =
    "usage: versus rank PATH... [-r] [--json] [--jobs N] [--judge NAME] [--stars absolute|relative] [--budget N]\n"
    "                  [--server URL]\n\n"
    "Ranks every image in the given files and folders by technical quality, best first.\n"
    "Each image is decoded and measured once, then judged against the judge's anchors,\n"
    "a dozen photos people scored (LIVE In the Wild study), and against other images of\n"
    "the set (every pair for small sets, else --budget pairs, default n * max(8, 1.5 log2 n),\n"
    "chosen actively); one fit with the anchors held at their human scores puts each score\n"
    "on the human scale, mean opinion score 0-100 (about 20 poor, 50 fair, 75 good), with\n"
    "a 95% interval and 1-5 stars by fixed cuts on that scale (models/anchors_<judge>.json):\n"
    "the same photo gets the same stars, and a score within its interval, in any folder.\n"
    "--stars relative gives stars by quantile within the set instead. A judge without\n"
    "anchors (lmm) judges pairs of the images, fits a Bradley-Terry model (log-odds\n"
    "relative to the set: a difference of 1 means the better image wins ~73% of\n"
    "comparisons) and gives stars by quantile; JSON scale and stars say which.\n\n"
    "Camera raws (CR2, CR3, NEF, ARW, RAF, DNG...) are judged from their largest embedded\n"
    "preview, or from the raw data where they have none (JSON decoded_from); a raw that\n"
    "holds neither is listed in errors. A raw+JPEG pair (IMG_1.CR2 + IMG_1.JPG in one\n"
    "folder) is one photo: the JPEG is ranked, the raw listed in its companions.\n\n"
    "With --judge lmm each pair is one question to a multimodal model: --budget (default\n"
    "n * max(8, 1.5 log2 n) pairs, at most every pair, chosen actively) bounds the calls,\n"
    "and a rerun reuses the answers cached on disk.\n\n"
    "example: versus rank ~/shoot -r --json > ranking.json\n"
    "         versus rank ~/shoot --judge lmm --server http://127.0.0.1:8080/v1 --budget 200\n\n";

// "  (judged: preview 1616x1080)" for a raw, "  (+ IMG_1.CR2)" for a raw+JPEG pair.
std::string JudgedNote(const engine::ImageProfile& image) {
  std::string note;
  if (image.decoded_from != "file") note += "  (judged: " + image.decoded_from + ")";
  for (const std::string& companion : image.companions) {
    note += "  (+ " + std::filesystem::path(companion).filename().string() + ")";
  }
  return note;
}

void PrintTable(const std::vector<engine::ImageProfile>& images, const sorting::Scores& scores,
                const std::vector<int>& stars, const std::vector<std::size_t>& order) {
  std::printf("%4s  %7s  %-17s  %-5s  %s\n", "rank", "score", "95% interval", "stars", "path");
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t i = order[r];
    const std::string star_text(std::size_t(std::max(0, stars[i])), '*');
    std::printf("%4zu  %7.2f  [%6.2f, %6.2f]  %-5s  %s%s\n", r + 1, scores.score[i], scores.ci_low[i],
                scores.ci_high[i], star_text.c_str(), images[i].path.c_str(), JudgedNote(images[i]).c_str());
  }
}

nlohmann::json RankJson(const Ranking& ranking) {
  const ImageInputs& inputs = ranking.inputs;
  const sorting::Scores& scores = ranking.report.scores;
  const std::vector<int>& stars = ranking.report.stars;
  const std::vector<std::size_t>& order = ranking.report.order;
  nlohmann::json doc;
  doc["images"] = nlohmann::json::array();
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t i = order[r];
    doc["images"].push_back({{"path", PathText(inputs.images[i].path)},
                             {"rank", r + 1},
                             {"score", scores.score[i]},
                             {"ci_low", scores.ci_low[i]},
                             {"ci_high", scores.ci_high[i]},
                             {"stars", stars[i]},
                             {"measures", MeasuresJson(inputs.images[i])},
                             {"face_details", FaceDetailsJson(inputs.images[i])},
                             {"decoded_from", inputs.images[i].decoded_from},
                             {"companions", PathTextArray(inputs.images[i].companions)}});
  }
  doc["errors"] = ErrorsJson(inputs.errors);
  doc["comparisons"] = ranking.report.judged.comparisons.size();
  doc["anchors"] = ranking.report.anchors;
  doc["scale"] = ScaleName(ranking.report);
  doc["stars"] = StarsName(ranking.report);
  if (const auto calls = inputs.judge->call_stats()) {
    doc["server_calls"] = calls->server_calls;
    doc["cache_hits"] = calls->cache_hits;
  }
  doc["judge"] = std::string(inputs.judge->name());
  doc["skipped"] = inputs.skipped;
  return doc;
}

}  // namespace

int RunRank(int argc, char** argv) {
  RankFlags flags;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("json", po::bool_switch(&flags.json), "print JSON: {images:[{path,rank,score,ci_low,ci_high,stars,measures,face_details,decoded_from,companions}],\n"
       "errors:[{path,reason}], comparisons, anchors, scale (\"mos-0-100\" | \"log-odds-relative\"),\n"
       "stars (\"absolute\" | \"relative\")}; decoded_from: \"file\", or for a camera raw \"preview WxH\"\n"
       "(its embedded preview was judged) or \"raw data WxH\"; companions: the raw of a raw+JPEG pair;\n"
       "measures.faces: faces found, measures.eyes_closed: faces whose eyes are closed (\"can't tell\" is not closed);\n"
       "face_details: [{box:[x,y,w,h] as fractions of the picture, eyes:\"open\"|\"closed\"|\"can't tell\", why,\n"
       "openness (lid gap/eye width), closed_probability (the eye classifier's), eye_sharpness, eye_focus (eyes vs the sharpest quarter of the frame, log10), score}]");
  AddRankingFlags(options, flags.recursive, flags.budget);
  AddJudgeFlags(options, flags.judge);
  const CommandText text{"rank", kUsage,
                         "0 all ranked, 1 usage error, 2 ranked but some inputs failed (listed in errors), "
                         "3 nothing could be ranked"};
  if (const auto stop = ParsePathArgs(argc, argv, options, flags.paths, text)) return *stop;
  if (flags.paths.empty()) {
    std::fprintf(stderr, "versus rank: no PATH given\n%s", kUsage);
    return kExitUsage;
  }

  Ranking ranking;
  try {
    ranking = RankImages(flags.paths, flags.recursive, flags.judge, flags.budget);
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus rank: %s\n", e.what());
    return kExitFailed;
  }
  const ImageInputs& inputs = ranking.inputs;
  const engine::RankerReport& ranked = ranking.report;
  ReportErrors(inputs.errors);
  const std::size_t n = inputs.images.size();
  if (flags.json) {
    std::cout << JsonText(RankJson(ranking)) << "\n";
  } else {
    PrintTable(inputs.images, ranked.scores, ranked.stars, ranked.order);
    std::fprintf(stderr, "versus rank: %zu images ranked from %zu comparisons, %zu failed, %zu non-image files skipped\n",
                 n, ranked.judged.comparisons.size(), inputs.errors.size(), inputs.skipped);
    if (const auto calls = inputs.judge->call_stats()) {
      std::fprintf(stderr, "versus rank: %zu model server calls, %zu answers from the cache\n", calls->server_calls,
                   calls->cache_hits);
    }
  }
  if (n == 0) return kExitFailed;
  return inputs.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
