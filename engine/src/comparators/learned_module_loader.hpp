#pragma once
// Loads the learned judge from libversus_learned.so on first use (see learned_module.cpp).
#include <filesystem>
#include <memory>
#include <string>

#include "versus/engine/comparator.hpp"

namespace versus::engine {

/// $VERSUS_LEARNED_MODULE, else <executable dir>/../lib/versus/libversus_learned.so.
std::filesystem::path LearnedModulePath();
/// The judge `name` with the head `head_file` of `model_dir`. Throws engine::Error naming
/// the module or model file that is missing or broken.
std::unique_ptr<Comparator> LoadLearnedComparator(const std::filesystem::path& model_dir, const std::string& head_file,
                                                  const std::string& name);

}  // namespace versus::engine
