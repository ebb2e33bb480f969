// libversus_learned.so: the learned judge behind a C entry point, so `versus` links no
// LibTorch and pays its ~1 s start-up only when this judge is used (dlopen on demand).
#include <cstdio>
#include <exception>

#include "versus/engine/error.hpp"
#include "versus/engine/learned_comparator.hpp"

extern "C" __attribute__((visibility("default"))) versus::engine::Comparator* versus_make_learned_comparator(
    const char* model_dir, const char* head_file, const char* name, char* error, std::size_t error_size) {
  try {
    return new versus::engine::LearnedComparator(model_dir, head_file, name);
  } catch (const std::exception& e) {
    // Errors cross the module boundary as text: the loader rethrows them as engine::Error.
    std::snprintf(error, error_size, "%s", e.what());
  }
  return nullptr;
}
