// Every shipped model file (feature judge weights, anchors, learned judge head, eye
// classifier) is read through one reader (engine/src/model_json.hpp), so each fails
// alike, naming its path: missing, not JSON, another file's format, a field missing.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "test_files.hpp"
#include "versus/engine.hpp"
#include "versus/engine/anchors.hpp"
#include "versus/engine/eye_classifier.hpp"
#include "versus/engine/learned_head.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

struct ModelFile {
  std::string what;    ///< as its errors name it
  std::string format;  ///< its "format" tag
  std::function<void(const fs::path&)> load;
};

std::vector<ModelFile> ModelFiles() {
  return {
      {"feature judge weights", "versus-feature-judge/1", [](const fs::path& p) { FeatureWeights::Load(p); }},
      {"anchors", "versus-anchors/1", [](const fs::path& p) { JudgeAnchors::Load(p); }},
      {"learned judge head", "versus-learned-judge/2", [](const fs::path& p) { LearnedHead::Load(p); }},
      {"eye classifier", "versus-eye-classifier-1", [](const fs::path& p) { EyeClassifier::Load(p); }},
  };
}

std::string ErrorOf(const ModelFile& model, const fs::path& file) {
  try {
    model.load(file);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ModelFiles, EveryLoaderFailsAlikeNamingThePath) {
  testing::TempDir dir;
  const fs::path file = dir / "model.json";
  for (const ModelFile& model : ModelFiles()) {
    SCOPED_TRACE(model.what);
    fs::remove(file);
    EXPECT_NE(ErrorOf(model, file).find(model.what + " not found: " + file.string()), std::string::npos)
        << ErrorOf(model, file);
    std::ofstream(file) << "{ not json";
    EXPECT_NE(ErrorOf(model, file).find(model.what + " is not valid JSON: " + file.string()), std::string::npos)
        << ErrorOf(model, file);
    std::ofstream(file) << R"({"format": "versus-something-else/1"})";
    EXPECT_NE(ErrorOf(model, file).find("not a versus " + model.what + " file (" + model.format + "): " + file.string()),
              std::string::npos)
        << ErrorOf(model, file);
    std::ofstream(file) << R"({"format": ")" + model.format + R"("})";
    EXPECT_NE(ErrorOf(model, file).find("lacks a field or has one of the wrong type: " + file.string()), std::string::npos)
        << ErrorOf(model, file);
  }
}

}  // namespace
}  // namespace versus::engine
