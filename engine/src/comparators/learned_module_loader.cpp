// dlopen of the learned judge's module: once per process, never closed (comparators it
// made keep its code alive).
#include "learned_module_loader.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "versus/engine/error.hpp"
#include "versus/engine/install_layout.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;
using MakeFunction = Comparator* (*)(const char*, const char*, const char*, char*, std::size_t);

MakeFunction LoadMakeFunction() {
  static std::mutex mutex;
  static MakeFunction make = nullptr;
  std::lock_guard lock(mutex);
  if (make != nullptr) return make;
  const fs::path path = LearnedModulePath();
  const std::string file = path.string();
  void* module = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (module == nullptr) {
    throw Error(file, "the learned judge's module could not be loaded: " + std::string(dlerror()) +
                          " (reinstall versus, set VERSUS_LEARNED_MODULE, or use --judge features)");
  }
  make = reinterpret_cast<MakeFunction>(dlsym(module, "versus_make_learned_comparator"));
  if (make == nullptr) throw Error(file, "not the learned judge's module (no entry point): " + file);
  return make;
}

}  // namespace

fs::path LearnedModulePath() {
  if (const char* env = std::getenv("VERSUS_LEARNED_MODULE"); env != nullptr && *env != '\0') return env;
  return InstalledFile("lib/versus/libversus_learned.so");
}

std::unique_ptr<Comparator> LoadLearnedComparator(const fs::path& model_dir, const std::string& head_file,
                                                  const std::string& name) {
  const MakeFunction make = LoadMakeFunction();
  char error[2048] = "";
  Comparator* judge = make(model_dir.c_str(), head_file.c_str(), name.c_str(), error, sizeof error);
  if (judge == nullptr) throw Error(error);
  return std::unique_ptr<Comparator>(judge);
}

}  // namespace versus::engine
