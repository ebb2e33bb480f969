#include "image_inputs.hpp"

#include <cstdio>
#include <iostream>

#include "commands.hpp"

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

void AddJudgeFlags(po::options_description& options, JudgeFlags& flags) {
  options.add_options()
      ("judge", po::value(&flags.judge)->default_value(std::string(engine::DefaultComparatorName())),
       JudgeHelp().c_str())
      ("jobs,j", po::value(&flags.jobs)->default_value(0), "images decoded in parallel (0 = one per core)")
      ("max-pixels", po::value(&flags.max_megapixels)->default_value(250),
       "refuse images larger than this many megapixels (decompression-bomb guard)");
}

ImageInputs LoadImages(const std::vector<std::string>& paths, bool recursive, const JudgeFlags& flags,
                       bool perceptual_hash) {
  ImageInputs inputs;
  inputs.judge = engine::MakeComparator(flags.judge);

  std::vector<std::filesystem::path> requested(paths.begin(), paths.end());
  engine::ImageFileList found = engine::FindImages(requested, recursive);
  inputs.errors = std::move(found.errors);
  inputs.skipped = found.skipped;
  for (const auto& folder : found.searched_recursively) {
    std::fprintf(stderr, "versus: %s: no images directly in this folder; searched its sub-folders\n", folder.c_str());
  }

  ProgressBar bar("measuring");
  engine::ProfileOptions options;
  options.decode.max_pixels = static_cast<std::int64_t>(flags.max_megapixels * 1e6);
  options.comparator = inputs.judge.get();
  options.jobs = flags.jobs;
  options.perceptual_hash = perceptual_hash;
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); };
  engine::ProfileSet set = engine::ProfileAll(found.files, options);
  inputs.images = std::move(set.images);
  inputs.errors.insert(inputs.errors.end(), set.errors.begin(), set.errors.end());
  return inputs;
}

nlohmann::json MeasuresJson(const engine::ImageProfile& profile) {
  nlohmann::json out = nlohmann::json::object();
  const auto& table = engine::MeasureTable();
  for (std::size_t i = 0; i < table.size() && i < profile.measures.size(); ++i) {
    out[std::string(table[i].name)] = profile.measures[i];
  }
  return out;
}

void ReportErrors(const std::vector<engine::InputError>& errors) {
  for (const auto& e : errors) std::fprintf(stderr, "versus: %s: %s\n", e.path.c_str(), e.reason.c_str());
}

}  // namespace versus::cli
