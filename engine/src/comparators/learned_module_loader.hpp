#pragma once
// Loads the learned judge from libversus_learned.so on first use (see learned_module.cpp).
#include <filesystem>
#include <memory>

#include "versus/engine/comparator.hpp"

namespace versus::engine {

/// $VERSUS_LEARNED_MODULE, else <executable dir>/../lib/versus/libversus_learned.so.
std::filesystem::path LearnedModulePath();
/// Throws engine::Error naming the module or model file that is missing or broken.
std::unique_ptr<Comparator> LoadLearnedComparator(const std::filesystem::path& model_dir);

}  // namespace versus::engine
