#pragma once
// Running build/bin/versus from tests and reading its JSON.
#include <string>

#include <nlohmann/json.hpp>

#include "test_files.hpp"

namespace versus::testing {

inline std::string Versus() { return std::string(VERSUS_BINARY_DIR) + "/bin/versus"; }

inline std::string Quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

inline nlohmann::json ParseJson(const CommandResult& r) {
  try {
    return nlohmann::json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not JSON (" << e.what() << "): " << r.out << "\nstderr: " << r.err;
    return nlohmann::json::object();
  }
}

}  // namespace versus::testing
