#include "image_inputs.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <iostream>
#include <iterator>
#include <mutex>
#include <set>
#include <type_traits>
#include <variant>

#include "commands.hpp"
#include "folder_locks.hpp"
#include "option_checks.hpp"

#include "progress_bar.hpp"

namespace versus::cli {

namespace po = boost::program_options;

std::string JudgeHelp() {
  std::string text = "comparator that judges each pair; one of:";
  for (const engine::JudgeInfo& judge : engine::Judges()) {
    text += "\n  " + std::string(judge.name) + (judge.name == engine::DefaultComparatorName() ? " (default)" : "") +
            ": " + std::string(judge.summary);
    if (const std::string why = judge.unavailable(); !why.empty()) text += " [not available: " + why + "]";
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

// --judge NAME: a name the registry does not know is a usage error (exit 1) that lists
// the judges; a known one that cannot run here fails later, when it is built (exit 3).
void RequireKnownJudge(const std::string& name) {
  if (engine::FindJudge(name) == nullptr) throw po::error(engine::UnknownJudgeMessage(name));
}

// One judge option as a flag: bound to its field of `config`, the default shown as the
// field's value (or the option's default_text), a number's range checked when the flags
// are notified and shown in the help.
void AddJudgeOption(po::options_description& group, const engine::JudgeOption& option,
                    engine::ComparatorConfig& config) {
  const std::string flag(option.flag);
  std::visit(
      [&](const auto& setting) {
        using T = std::decay_t<decltype(setting.field(config))>;
        T& target = setting.field(config);
        std::string help(option.help);
        if constexpr (std::is_same_v<T, bool>) {
          group.add_options()(flag.c_str(), po::bool_switch(&target), help.c_str());
          return;
        } else {
          po::typed_value<T>* value = nullptr;
          if constexpr (std::is_arithmetic_v<T>) {
            if (setting.range) {
              value = RangedValue(&target, "--" + flag, *setting.range);
              help += "; " + RangeText(*setting.range);
            }
          }
          if (value == nullptr) value = po::value(&target);
          value->value_name(std::string(option.value_name));
          if (!option.default_text.empty()) {
            value->default_value(target, std::string(option.default_text));
          } else if constexpr (std::is_same_v<T, std::string>) {
            if (!target.empty()) value->default_value(target);
          } else {
            value->default_value(target, OptionValueText(target));
          }
          group.add_options()(flag.c_str(), value, help.c_str());
        }
      },
      option.setting);
}

}  // namespace

void AddJudgeFlags(po::options_description& options, JudgeFlags& flags) {
  constexpr unsigned kMaxJobs = 1024;
  options.add_options()
      ("judge", po::value(&flags.judge)->default_value(std::string(engine::DefaultComparatorName()))
           ->notifier(RequireKnownJudge),
       JudgeHelp().c_str())
      ("jobs,j", RangedValue(&flags.jobs, "--jobs", {0u, kMaxJobs, "0 = one per core"})->default_value(0), "images decoded in parallel (0 = one per core)")
      ("follow-links", po::bool_switch(&flags.follow_links),
       "with -r, also follow symbolic links that lead outside the named folders (else they are listed, not followed)")
      ("max-pixels", RangedValue(&flags.max_megapixels, "--max-pixels", {0.01, 100000.0, "megapixels"})->default_value(250),
       "refuse images larger than this many megapixels (decompression-bomb guard)")
      ("stars", po::value(&flags.stars)->default_value(kStarsAbsolute)->notifier([](const std::string& v) {
         if (v != kStarsAbsolute && v != kStarsRelative) throw po::invalid_option_value("--stars " + v);
       }),
       "absolute: stars by fixed cuts on the human scale (MOS 0-100), the same photo gets the same stars in any\n"
       "folder; relative: fifths of this set (the best 20% get 5 stars). Judges without anchors (lmm): relative");
  for (const engine::JudgeInfo& judge : engine::Judges()) {
    if (judge.options.empty()) continue;
    po::options_description group(std::string(judge.options_title));
    for (const engine::JudgeOption& option : judge.options) AddJudgeOption(group, option, flags.config);
    // The request dump is the CLI's (a callback printing to stderr), shown with the
    // judge's own flags.
    if (judge.name == "lmm") {
      group.add_options()("lmm-dump-request", po::bool_switch(&flags.dump_requests),
                          "print each request body (image bytes elided, no headers) to stderr");
    }
    options.add(group);
  }
}

namespace {

// Comparator settings from the flags; the API key comes only from the environment so
// it never sits in shell history or `ps` output.
engine::ComparatorConfig JudgeConfig(const JudgeFlags& flags) {
  engine::ComparatorConfig config = flags.config;
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

namespace {

// Finds, decodes and measures the images for `judge`, which may still be loading.
void FindAndProfile(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                    bool perceptual_hash, const SourceLock& lock_sources, bool merge_pairs,
                    const std::shared_future<const engine::Comparator*>& judge, ImageInputs& inputs) {
  std::vector<std::filesystem::path> requested(paths.begin(), paths.end());
  engine::ImageFileList found = engine::FindImages(requested, recursive, flags.follow_links, !flags.changes_files);
  inputs.errors = std::move(found.errors);
  inputs.skipped = found.skipped;

  if (lock_sources) lock_sources(FoldersOf(found.files));

  // Whatever on_decoded does (report: thumbnails) happens inside each photo's step.
  ProgressBar bar(flags.on_decoded ? "measuring, making thumbnails" : "measuring");
  engine::ProfileOptions options;
  options.decode.max_pixels = static_cast<std::int64_t>(flags.max_megapixels * 1e6);
  options.comparator_loading = judge;
  options.jobs = flags.jobs;
  options.perceptual_hash = perceptual_hash;
  options.faces = &engine::FaceFinder::Installed();  // a missing model stops the command here
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); };
  options.on_decoded = flags.on_decoded;
  const engine::MergedPairs pairs =
      merge_pairs ? engine::MergePairs(found.files) : engine::MergedPairs{std::move(found.files), {}};
  engine::ProfileSet set = engine::ProfileAll(pairs.files, options);
  JudgeRawsOfFailedJpegs(set, pairs.merged, options);
  inputs.images = std::move(set.images);
  AttachCompanions(inputs.images);
  inputs.errors.insert(inputs.errors.end(), set.errors.begin(), set.errors.end());
}

}  // namespace

ImageInputs LoadImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                       bool perceptual_hash, const SourceLock& lock_sources, bool merge_pairs) {
  ImageInputs inputs;
  if (flags.judge != "lmm" && !flags.config.lmm.server.empty()) {
    throw engine::Error("--server is for the multimodal-model judge: add --judge lmm (the judge now is '" +
                        flags.judge + "')");
  }
  inputs.jobs = flags.jobs;
  // The judge is made on another thread (a learned judge loads LibTorch and its networks:
  // about a second on one core) while the files are found and the first photos decoded.
  // `judge` is destroyed after `making`, whose last copy waits for that thread to end.
  std::unique_ptr<engine::Comparator> judge;
  const std::shared_future<const engine::Comparator*> making =
      std::async(std::launch::async, [&judge, &flags] {
        judge = engine::MakeComparator(flags.judge, JudgeConfig(flags));
        return static_cast<const engine::Comparator*>(judge.get());
      }).share();
  try {
    FindAndProfile(paths, recursive, flags, perceptual_hash, lock_sources, merge_pairs, making, inputs);
    making.get();  // a judge that cannot be made fails the command even with nothing to judge
  } catch (...) {
    making.get();  // ... and its reason comes first, as when it was made before anything else
    throw;
  }
  inputs.judge = std::move(judge);
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
                   {"closed_probability", face.closed_probability},
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
