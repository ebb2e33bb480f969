#pragma once
/// The comparator registry: every judge, by the name `--judge` takes.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "versus/engine/comparator.hpp"
#include "versus/engine/lmm_comparator.hpp"

namespace versus::engine {

struct ComparatorInfo {
  std::string_view name;
  std::string_view summary;
};

struct ComparatorConfig {
  /// Where shipped model files live; empty = ModelDirectory().
  std::filesystem::path model_dir;
  /// Settings of the "lmm" judge (server, model, question, cache...).
  LmmOptions lmm;
};

/// Every registered comparator, in `--help` order.
const std::vector<ComparatorInfo>& Comparators();
/// The judge used when the user names none: the best one shipped.
std::string_view DefaultComparatorName();
/// Builds the comparator called `name`; throws engine::Error for an unknown name or a
/// missing/corrupt model file (naming the file).
std::unique_ptr<Comparator> MakeComparator(std::string_view name, const ComparatorConfig& config = {});

/// The folder holding shipped model data: $VERSUS_MODEL_DIR if set, else
/// <executable dir>/../share/versus/models (the same in the build tree and installed).
std::filesystem::path ModelDirectory();

/// The LibTorch version, after a real tensor operation (target versus::engine_torch
/// only: it proves the learned-judge stack builds and runs).
std::string TorchVersion();

}  // namespace versus::engine
