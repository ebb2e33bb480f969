#include "image_inputs.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <mutex>
#include <set>

#include "commands.hpp"
#include "folder_locks.hpp"
#include "option_checks.hpp"

#include "progress_bar.hpp"

namespace versus::cli {

namespace po = boost::program_options;

std::string JudgeHelp() {
  std::string text = "comparator that judges each pair; one of:";
  for (const auto& c : engine::Comparators()) {
    text += "\n  " + std::string(c.name) + (c.name == engine::DefaultComparatorName() ? " (default)" : "") + ": " +
            std::string(c.summary);
  }
  return text;
}

std::optional<int> ParsePathArgs(int argc, char** argv, const po::options_description& options,
                                 std::vector<std::string>& paths, const CommandText& text) {
  po::options_description hidden;
  hidden.add_options()("path", po::value(&paths));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("path", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "versus %s: %s\n%s", text.name, e.what(), text.usage);
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << text.usage << options << "\nexit codes: " << text.exit_codes << "\n";
    return kExitOk;
  }
  return std::nullopt;
}

namespace {

// An lmm flag's value checked as it is parsed, so a bad one is a usage error (exit 1)
// naming the accepted range (engine::LmmOptionsProblem holds the ranges).
template <typename T>
std::function<void(const T&)> LmmRange(T engine::LmmOptions::*field) {
  return [field](const T& value) {
    engine::LmmOptions probe;
    probe.*field = value;
    if (const std::string problem = engine::LmmOptionsProblem(probe); !problem.empty()) throw po::error(problem);
  };
}

}  // namespace

void AddJudgeFlags(po::options_description& options, JudgeFlags& flags) {
  constexpr unsigned kMaxJobs = 1024;
  options.add_options()
      ("judge", po::value(&flags.judge)->default_value(std::string(engine::DefaultComparatorName())),
       JudgeHelp().c_str())
      ("jobs,j", RangedValue(&flags.jobs, "--jobs", {0u, kMaxJobs, "0 = one per core"})->default_value(0), "images decoded in parallel (0 = one per core)")
      ("follow-links", po::bool_switch(&flags.follow_links),
       "with -r, also follow symbolic links that lead outside the named folders (else they are listed, not followed)")
      ("max-pixels", RangedValue(&flags.max_megapixels, "--max-pixels", {0.01, 100000.0, "megapixels"})->default_value(250),
       "refuse images larger than this many megapixels (decompression-bomb guard)");
  engine::LmmOptions& lmm = flags.lmm;
  po::options_description model(
      "multimodal-model judge (--judge lmm; API key, if the server needs one, from env VERSUS_LMM_API_KEY;\n"
      "answers cached in $XDG_CACHE_HOME/versus/lmm or ~/.cache/versus/lmm)");
  model.add_options()
      ("server", po::value(&lmm.server)->value_name("URL"),
       "API base of an OpenAI-compatible server (llama.cpp, vLLM, Ollama), e.g. http://127.0.0.1:8080/v1")
      ("model", po::value(&lmm.model)->value_name("NAME")->default_value(lmm.model), "model name sent to the server")
      ("lmm-prompt", po::value(&lmm.prompt)->value_name("TEXT")->default_value(lmm.prompt, "a technical-quality question"),
       "the overall question; {best} becomes 'best' (3-4 images) or 'better' (2)")
      ("lmm-dimensions", po::bool_switch(&lmm.dimensions),
       "also ask about sharpness, noise, exposure, colour and compression (5 more calls per question)")
      ("lmm-timeout", po::value(&lmm.timeout_s)->value_name("SECONDS")->default_value(lmm.timeout_s)
           ->notifier(LmmRange(&engine::LmmOptions::timeout_s)),
       "most seconds one request may take (0 < SECONDS <= 86400)")
      ("lmm-retries", po::value(&lmm.retries)->value_name("N")->default_value(lmm.retries)
           ->notifier(LmmRange(&engine::LmmOptions::retries)),
       "extra tries after a timeout, a lost connection or HTTP 429/5xx (backoff 1 s, doubling)")
      ("lmm-concurrency", po::value(&lmm.concurrency)->value_name("N")->default_value(lmm.concurrency)
           ->notifier(LmmRange(&engine::LmmOptions::concurrency)),
       "most requests in flight at once")
      ("lmm-samples", po::value(&lmm.samples)->value_name("K")->default_value(lmm.samples)
           ->notifier(LmmRange(&engine::LmmOptions::samples)),
       "answers counted for the probability when the server gives no token log-probabilities")
      ("lmm-long-side", po::value(&lmm.long_side)->value_name("PX")->default_value(lmm.long_side)
           ->notifier(LmmRange(&engine::LmmOptions::long_side)),
       "long side of the JPEG sent per image (never enlarged; your file is not changed)")
      ("lmm-dump-request", po::bool_switch(&flags.dump_requests),
       "print each request body (image bytes elided, no headers) to stderr");
  options.add(model);
}

const engine::LmmComparator* AsLmm(const engine::Comparator& judge) {
  return dynamic_cast<const engine::LmmComparator*>(&judge);
}

namespace {

// Comparator settings from the flags; the API key comes only from the environment so
// it never sits in shell history or `ps` output.
engine::ComparatorConfig JudgeConfig(const JudgeFlags& flags) {
  engine::ComparatorConfig config;
  config.lmm = flags.lmm;
  if (const char* key = std::getenv("VERSUS_LMM_API_KEY"); key != nullptr) config.lmm.api_key = key;
  if (flags.dump_requests) {
    config.lmm.dump_request = [](const std::string& body) {
      static std::mutex mutex;
      std::lock_guard lock(mutex);
      std::fprintf(stderr, "versus: request to the model server: %s\n", body.c_str());
    };
  }
  return config;
}

// Each image's pair partners as on disk (a JPEG named alone still has its raw).
void AttachCompanions(std::vector<engine::ImageProfile>& images) {
  std::vector<std::filesystem::path> paths;
  for (const auto& image : images) paths.emplace_back(image.path);
  const auto companions = engine::FindCompanions(paths);
  for (auto& image : images) {
    const auto it = companions.find(image.path);
    if (it == companions.end()) continue;
    for (const auto& c : it->second) image.companions.push_back(c.string());
  }
}

// A pair whose JPEG cannot be decoded is still a photo: its raw is judged instead (the
// JPEG stays in the errors).
void JudgeRawsOfFailedJpegs(engine::ProfileSet& set, const std::vector<std::filesystem::path>& merged_raws,
                            const engine::ProfileOptions& options) {
  std::set<std::filesystem::path> failed;
  for (const auto& e : set.errors) failed.insert(e.path);
  std::vector<std::filesystem::path> retry;
  for (const auto& [raw, jpegs] : engine::FindCompanions(merged_raws)) {
    if (std::any_of(jpegs.begin(), jpegs.end(), [&](const auto& j) { return failed.contains(j); })) retry.push_back(raw);
  }
  if (retry.empty()) return;
  engine::ProfileSet raws = engine::ProfileAll(retry, options);
  std::move(raws.images.begin(), raws.images.end(), std::back_inserter(set.images));
  std::move(raws.errors.begin(), raws.errors.end(), std::back_inserter(set.errors));
}

}  // namespace

ImageInputs LoadImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                       bool perceptual_hash, const SourceLock& lock_sources, bool merge_pairs) {
  ImageInputs inputs;
  if (flags.judge != "lmm" && !flags.lmm.server.empty()) {
    throw engine::Error("--server is for the multimodal-model judge: add --judge lmm (the judge now is '" +
                        flags.judge + "')");
  }
  inputs.judge = engine::MakeComparator(flags.judge, JudgeConfig(flags));

  std::vector<std::filesystem::path> requested(paths.begin(), paths.end());
  engine::ImageFileList found = engine::FindImages(requested, recursive, flags.follow_links, !flags.changes_files);
  inputs.errors = std::move(found.errors);
  inputs.skipped = found.skipped;

  if (lock_sources) lock_sources(FoldersOf(found.files));

  ProgressBar bar("measuring");
  engine::ProfileOptions options;
  options.decode.max_pixels = static_cast<std::int64_t>(flags.max_megapixels * 1e6);
  options.comparator = inputs.judge.get();
  options.jobs = flags.jobs;
  options.perceptual_hash = perceptual_hash;
  options.faces = &engine::FaceFinder::Installed();  // a missing model stops the command here
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); };
  const engine::MergedPairs pairs =
      merge_pairs ? engine::MergePairs(found.files) : engine::MergedPairs{std::move(found.files), {}};
  engine::ProfileSet set = engine::ProfileAll(pairs.files, options);
  JudgeRawsOfFailedJpegs(set, pairs.merged, options);
  inputs.images = std::move(set.images);
  AttachCompanions(inputs.images);
  inputs.errors.insert(inputs.errors.end(), set.errors.begin(), set.errors.end());
  return inputs;
}

nlohmann::json MeasuresJson(const engine::ImageProfile& profile) {
  nlohmann::json out = nlohmann::json::object();
  const auto& table = engine::MeasureTable();
  for (std::size_t i = 0; i < table.size() && i < profile.measures.size(); ++i) {
    out[std::string(table[i].name)] = profile.measures[i];
  }
  if (profile.faces_read) {
    out["faces"] = profile.faces.size();
    out["eyes_closed"] = engine::ClosedEyeCount(profile.faces);
  }
  return out;
}

nlohmann::json FaceDetailsJson(const engine::ImageProfile& profile) {
  nlohmann::json out = nlohmann::json::array();
  for (const engine::Face& face : profile.faces) {
    out.push_back({{"box", {face.box.x, face.box.y, face.box.width, face.box.height}},
                   {"eyes", std::string(engine::EyeStateName(face.eyes))},
                   {"why", face.unknown_why},
                   {"openness", face.openness},
                   {"eye_sharpness", face.eye_sharpness},
                   {"eye_focus", face.eye_focus},
                   {"score", face.detector_score}});
  }
  return out;
}

void ReportErrors(const std::vector<engine::InputError>& errors) {
  for (const auto& e : errors) std::fprintf(stderr, "versus: %s: %s\n", e.path.c_str(), e.reason.c_str());
}

}  // namespace versus::cli
