// `versus compare A B [C [D]]`: the judge's verdict on 2-4 images, per dimension, why.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "image_inputs.hpp"
#include "path_text.hpp"
#include "ranking.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: versus compare A B [C [D]] [--json] [--judge NAME] [--server URL] [--question TEXT]\n\n"
    "Says which image is technically better and why: the probability that the winner\n"
    "is better, which image wins each dimension (sharpness, noise, exposure, colour,\n"
    "compression, eyes, face focus, overall) and by how much (log-odds margin), and a\n"
    "one-sentence reason. With 3 or 4 images, also their order, best first.\n"
    "With a judge that ships anchors (features, learned, learned-v1), each image also gets its score on\n"
    "the human scale (MOS 0-100) with a 95% interval and 1-5 stars, as `versus rank` gives\n"
    "them: judged against the anchors and against the other images (--stars relative:\n"
    "stars by rank among these 2-4 instead).\n"
    "Faces count where both frames have them: closed eyes lose (\"eyes closed in\n"
    "'b.jpg'\"; a face whose eyes are too small, turned away or blurred to tell is not\n"
    "counted as closed), and sharper eyes win over a sharper background.\n\n"
    "With --judge lmm a multimodal model (Co-Instruct, via an OpenAI-compatible server)\n"
    "is asked one question about all the images; --question asks your own instead.\n\n"
    "Camera raws are judged from their largest embedded preview (JSON decoded_from:\n"
    "{path: \"preview WxH\"}), or from the raw data where no usable preview exists.\n\n"
    "example: versus compare edit1.jpg edit2.jpg --json\n"
    "         versus compare a.jpg b.jpg c.jpg --judge lmm --server http://127.0.0.1:8080/v1 \\\n"
    "             --question \"Which is sharper? Why?\"\n\n";

// M[i][j] = the judge's verdict on image i against image j.
using VerdictMatrix = std::vector<std::vector<engine::Verdict>>;

VerdictMatrix JudgeAll(const ImageInputs& in) {
  const std::size_t n = in.images.size();
  VerdictMatrix m(n, std::vector<engine::Verdict>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      m[i][j] = in.judge->Compare(in.images[i], in.images[j]);
      m[j][i] = in.judge->Compare(in.images[j], in.images[i]);
    }
  }
  return m;
}

// The images' order on one dimension, best first: the Ranker's mean log-odds over every
// pair (exact for 2-4 images), from the verdicts already judged, both orders averaged.
std::vector<std::size_t> Order(const VerdictMatrix& m, std::size_t dim) {
  engine::RankerOptions options;
  options.design = engine::PairDesign::kAllPairs;
  options.fit = engine::ScoreFit::kMeanLogOdds;
  const engine::PairJudge judged = [&m, dim](std::uint32_t a, std::uint32_t b) {
    const double margin = 0.5 * (m[a][b].dimensions[dim].margin - m[b][a].dimensions[dim].margin);
    return engine::PairJudgement{sorting::WinProbability(margin), margin};
  };
  engine::RankerReport report;
  engine::Rank(options, m.size(), judged, &report);
  return report.order;
}

std::string Name(const engine::ImageProfile& p) { return std::filesystem::path(p.path).filename().string(); }
std::string Name(const nlohmann::json& path) { return std::filesystem::path(path.get<std::string>()).filename().string(); }

// The user knows the images by file name: 'a.jpg' in the reason.
std::string Quoted(const engine::ImageProfile& p) { return "'" + Name(p) + "'"; }

// The feature judge: every ordered pair, a Copeland order, margins per dimension.
nlohmann::json FeatureVerdictJson(const ImageInputs& in) {
  const VerdictMatrix m = JudgeAll(in);
  const std::size_t overall = m[0][1].dimensions.size() - 1;
  const std::vector<std::size_t> order = Order(m, overall);
  const std::size_t winner = order[0], runner_up = order[1];
  const engine::Verdict& verdict = m[winner][runner_up];

  nlohmann::json doc;
  doc["winner"] = PathText(in.images[winner].path);
  doc["probability"] = verdict.p_a_better;
  doc["order"] = nlohmann::json::array();
  for (std::size_t i : order) doc["order"].push_back(PathText(in.images[i].path));
  doc["dimensions"] = nlohmann::json::array();
  for (std::size_t d = 0; d < verdict.dimensions.size(); ++d) {
    const std::vector<std::size_t> dim_order = Order(m, d);
    const double margin = m[dim_order[0]][dim_order[1]].dimensions[d].margin;
    const bool tie = std::abs(margin) < 1e-9;
    doc["dimensions"].push_back({{"name", std::string(engine::DimensionName(verdict.dimensions[d].dimension))},
                                 {"winner", tie ? nlohmann::json(nullptr) : nlohmann::json(PathText(in.images[dim_order[0]].path))},
                                 {"margin", margin}});
  }
  doc["reason"] = PathText(engine::ReasonText(verdict.reason, {Quoted(in.images[winner]), Quoted(in.images[runner_up])}));
  return doc;
}

// One dimension of a model's answer: its pick and log(P(pick) / P(runner-up)), which
// for two images is the log-odds that the pick is better.
nlohmann::json ModelDimensionJson(engine::Dimension d, const engine::LmmAnswer& a, const ImageInputs& in) {
  const double margin = std::log(std::max(a.p_best[a.order[0]], 1e-9) / std::max(a.p_best[a.order[1]], 1e-9));
  return {{"name", std::string(engine::DimensionName(d))}, {"winner", PathText(in.images[a.order[0]].path)}, {"margin", margin}};
}

// The multimodal-model judge: one question about all 2-4 images at once (Co-Instruct's
// multi-image form), so the order is the model's own, not assembled from pairs.
nlohmann::json ModelVerdictJson(const engine::Comparator& comparator, const engine::ImageQuestions& judge,
                                const ImageInputs& in, const std::string& question) {
  std::vector<const engine::ImageProfile*> images;
  engine::ImageNames names;
  for (const auto& p : in.images) images.push_back(&p), names.push_back(Quoted(p));
  const bool free = !question.empty();
  const engine::LmmAnswer answer = judge.Ask(images, free ? question : judge.OverallQuestion(images.size()), !free);

  nlohmann::json doc;
  const bool ordered = !answer.order.empty();
  doc["winner"] = ordered ? nlohmann::json(PathText(in.images[answer.order[0]].path)) : nlohmann::json(nullptr);
  doc["probability"] = ordered ? nlohmann::json(answer.p_best[answer.order[0]]) : nlohmann::json(nullptr);
  doc["order"] = nlohmann::json::array();
  for (std::size_t i : answer.order) doc["order"].push_back(PathText(in.images[i].path));
  doc["dimensions"] = nlohmann::json::array();
  for (engine::Dimension d : judge.AskedDimensions()) {
    doc["dimensions"].push_back(ModelDimensionJson(d, judge.Ask(images, judge.QuestionAbout(d)), in));
  }
  if (ordered) doc["dimensions"].push_back(ModelDimensionJson(engine::Dimension::kOverall, answer, in));
  doc["reason"] = engine::WordsText(answer.words, names);
  doc["answer"] = answer.text;
  doc["probability_method"] = ordered ? nlohmann::json(answer.method) : nlohmann::json(nullptr);
  const engine::JudgeCallStats calls = comparator.call_stats().value_or(engine::JudgeCallStats{});
  doc["server_calls"] = calls.server_calls;
  doc["cache_hits"] = calls.cache_hits;
  return doc;
}

void PrintVerdict(const nlohmann::json& doc) {
  if (!doc["winner"].is_null()) {
    std::printf("%s is better (%.0f%%)\n", Name(doc["winner"]).c_str(), 100.0 * doc["probability"].get<double>());
  }
  if (doc["order"].size() > 2) {
    std::printf("order:");
    for (const auto& path : doc["order"]) std::printf(" %s", Name(path).c_str());
    std::printf("\n");
  }
  for (const auto& d : doc["dimensions"]) {
    const std::string w = d["winner"].is_null() ? "tie" : Name(d["winner"]);
    std::printf("  %-12s %-30s margin %.2f\n", d["name"].get<std::string>().c_str(), w.c_str(), d["margin"].get<double>());
  }
  if (doc.contains("answer") && doc["winner"].is_null()) std::printf("%s\n", doc["answer"].get<std::string>().c_str());
  std::printf("%s\n", doc["reason"].get<std::string>().c_str());
  if (doc.contains("images")) {
    std::printf("on the human scale (MOS 0-100, %s stars):\n", doc["stars"].get<std::string>().c_str());
    for (const auto& img : doc["images"]) {
      std::printf("  %6.1f  [%5.1f, %5.1f]  %-5s  %s\n", img["score"].get<double>(), img["ci_low"].get<double>(),
                  img["ci_high"].get<double>(), std::string(std::size_t(std::max(0, img["stars"].get<int>())), '*').c_str(),
                  Name(img["path"]).c_str());
    }
  }
  for (const auto& item : doc["decoded_from"].items()) {
    const std::string from = item.value();
    if (from == "file") continue;
    std::printf("(%s judged from its %s)\n", std::filesystem::path(item.key()).filename().c_str(), from.c_str());
  }
}

}  // namespace

int RunCompare(int argc, char** argv) {
  std::vector<std::string> paths;
  bool json = false;
  std::string question;
  JudgeFlags judge_flags;
  po::options_description options("options");
  options.add_options()("help,h", "show this help")(
      "json", po::bool_switch(&json),
      "print JSON: {winner, probability, order, dimensions:[{name, winner, margin}], reason, judge, errors}; "
      "with a judge that ships anchors also images:[{path, score, ci_low, ci_high, stars}] (in the order given), "
      "anchors, scale and stars as rank's; with --judge lmm also answer (the model's words) and probability_method")(
      "question", po::value(&question)->value_name("TEXT"),
      "with --judge lmm: ask the model this instead (e.g. \"Which is sharper? Why?\"); its answer goes to 'answer'");
  AddJudgeFlags(options, judge_flags);
  const CommandText text{"compare", kUsage,
                         "0 compared, 1 usage error, 2 compared but some images failed, 3 fewer than two usable "
                         "images or the judge failed (e.g. the model server)"};
  if (const auto stop = ParsePathArgs(argc, argv, options, paths, text)) return *stop;
  if (paths.size() < 2 || paths.size() > 4) {
    std::fprintf(stderr, "versus compare: give 2 to 4 images (got %zu)\n%s", paths.size(), kUsage);
    return kExitUsage;
  }
  if (!question.empty() && judge_flags.judge != "lmm") {
    std::fprintf(stderr, "versus compare: --question needs --judge lmm (a model that reads questions)\n");
    return kExitUsage;
  }

  ImageInputs in;
  try {
    // The files named are compared as given, a raw against its own JPEG too.
    in = LoadImages(paths, false, judge_flags, false, {}, /*merge_pairs=*/false);
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus compare: %s\n", e.what());
    return kExitFailed;
  }
  ReportErrors(in.errors);
  if (in.images.size() < 2) {
    std::fprintf(stderr, "versus compare: need at least two readable images\n");
    return kExitFailed;
  }
  // Keep the user's order (FindImages sorts paths).
  std::stable_sort(in.images.begin(), in.images.end(), [&](auto& a, auto& b) {
    auto pos = [&](const std::string& p) {
      return std::find_if(paths.begin(), paths.end(), [&](auto& q) { return std::filesystem::path(q).lexically_normal() == p; }) - paths.begin();
    };
    return pos(a.path) < pos(b.path);
  });

  nlohmann::json doc;
  try {
    // A judge that answers questions about all the images at once is asked so; the
    // others judge every pair.
    const engine::ImageQuestions* model = in.judge->questions();
    doc = model != nullptr ? ModelVerdictJson(*in.judge, *model, in, question) : FeatureVerdictJson(in);
    if (const auto human = HumanScaleOf(in, StarScaleOf(judge_flags))) {
      doc["images"] = nlohmann::json::array();
      for (std::size_t i = 0; i < in.images.size(); ++i) doc["images"].push_back(HumanScoreJson(in, *human, i));
      AddScaleJson(*human, doc);
    }
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus compare: %s\n", e.what());
    return kExitFailed;
  }
  doc["judge"] = std::string(in.judge->name());
  // What was judged of each image: "file", or a raw's "preview WxH" / "raw data WxH".
  doc["decoded_from"] = nlohmann::json::object();
  for (const auto& image : in.images) doc["decoded_from"][PathText(image.path)] = image.decoded_from;
  doc["errors"] = ErrorsJson(in.errors);

  if (json) {
    std::cout << JsonText(doc) << "\n";
  } else {
    PrintVerdict(doc);
  }
  return in.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace versus::cli
