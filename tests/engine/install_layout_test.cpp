#include "versus/engine/install_layout.hpp"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "versus/engine/comparators.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

// This test runs from build/tests, a sibling of build/bin: the same parent folder.
TEST(InstallLayout, ExecutableDirectoryIsWhereThisTestRuns) {
  const fs::path dir = ExecutableDirectory();
  ASSERT_FALSE(dir.empty());
  EXPECT_TRUE(fs::equivalent(dir, fs::path(VERSUS_BINARY_DIR) / "tests"));
}

TEST(InstallLayout, InstalledFileIsBesideTheExecutablesFolder) {
  const fs::path models = InstalledFile("share/versus/models");
  EXPECT_EQ(models, models.lexically_normal());
  EXPECT_EQ(models.filename(), "models");
  ASSERT_TRUE(fs::is_directory(models)) << models;
  EXPECT_TRUE(fs::equivalent(models, fs::path(VERSUS_BINARY_DIR) / "share/versus/models"));
}

TEST(InstallLayout, ModelDirectoryUsesTheInstallLayoutUnlessOverridden) {
  const char* set = std::getenv("VERSUS_MODEL_DIR");
  const std::string saved = set != nullptr ? set : "";
  ::unsetenv("VERSUS_MODEL_DIR");
  EXPECT_EQ(ModelDirectory(), InstalledFile("share/versus/models"));
  ::setenv("VERSUS_MODEL_DIR", "/somewhere/else", 1);
  EXPECT_EQ(ModelDirectory(), fs::path("/somewhere/else"));
  if (set != nullptr) {
    ::setenv("VERSUS_MODEL_DIR", saved.c_str(), 1);
  } else {
    ::unsetenv("VERSUS_MODEL_DIR");
  }
}

}  // namespace
}  // namespace versus::engine
