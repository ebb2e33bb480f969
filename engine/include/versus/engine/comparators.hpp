#pragma once
/// The judge registry (after libvips' operation table): every judge once, with its name
/// (`--judge`), a one-line description, its settings as command-line options with their
/// ranges, and whether it can run here. The CLI's `--judge` help and each judge's flags
/// are generated from it; lookup is by name.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "versus/engine/comparator.hpp"
#include "versus/engine/lmm_comparator.hpp"
#include "versus/engine/option_range.hpp"

namespace versus::engine {

struct ComparatorConfig {
  /// Where shipped model files live; empty = ModelDirectory().
  std::filesystem::path model_dir;
  /// Settings of the "lmm" judge (server, model, question, cache...).
  LmmOptions lmm;
};

/// Where one option's value lives in a ComparatorConfig, and the values it accepts.
template <class T>
struct OptionSetting {
  T& (*field)(ComparatorConfig& config);
  std::optional<OptionRange<T>> range;  ///< numbers only; nullopt = any value
};

/// One setting of a judge, as the command-line flag that sets it.
struct JudgeOption {
  std::string_view flag;        ///< without dashes: "lmm-timeout"
  std::string_view value_name;  ///< "SECONDS"; empty for an on/off switch (a bool setting)
  std::string_view help;        ///< what it does; the CLI adds the range
  std::variant<OptionSetting<std::string>, OptionSetting<double>, OptionSetting<int>, OptionSetting<unsigned>,
               OptionSetting<bool>>
      setting;
  std::string_view default_text = {};  ///< shown for a long default value; empty = the value
};

struct JudgeInfo {
  std::string_view name;
  std::string_view summary;
  std::string_view options_title;    ///< heading of its flags in --help; empty when it has none
  std::vector<JudgeOption> options;  ///< in --help order
  /// Why this judge cannot run here (built without its dependency, its module missing);
  /// empty when it can.
  std::string (*unavailable)();
};

/// Every judge this build knows (those compiled out too: they say why), in --help order.
const std::vector<JudgeInfo>& Judges();
/// The judge called `name`, or nullptr.
const JudgeInfo* FindJudge(std::string_view name);
/// "unknown judge 'nope' (available: features, learned, lmm)".
std::string UnknownJudgeMessage(std::string_view name);
/// The judge used when the user names none: the best one shipped.
std::string_view DefaultComparatorName();
/// Builds the comparator called `name`; throws engine::Error for an unknown or
/// unavailable judge, an option out of range, or a missing/corrupt model file (naming
/// the file).
std::unique_ptr<Comparator> MakeComparator(std::string_view name, const ComparatorConfig& config = {});
/// The first of `judge`'s options whose value in `config` is out of its range, as the
/// message the CLI gives ("--lmm-retries must be from 0 to 10; got 11"); empty if none.
std::string JudgeOptionsProblem(const JudgeInfo& judge, const ComparatorConfig& config);

/// The folder holding shipped model data: $VERSUS_MODEL_DIR if set, else
/// <executable dir>/../share/versus/models (the same in the build tree and installed).
std::filesystem::path ModelDirectory();

/// The LibTorch version, after a real tensor operation (target versus::engine_torch
/// only: it proves the learned-judge stack builds and runs).
std::string TorchVersion();

}  // namespace versus::engine
