// The LibTorch stack builds, links and computes (the learned judge will stand on it).
#include <gtest/gtest.h>

#include "versus/engine/comparators.hpp"

TEST(TorchRuntime, LinksAndRuns) {
  const std::string version = versus::engine::TorchVersion();
  EXPECT_EQ(version.rfind("1.", 0), 0u) << version;
  EXPECT_EQ(version.find("broken"), std::string::npos) << version;
}
