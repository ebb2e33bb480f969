#pragma once
// Reading a shipped model file: JSON with a "format" tag. Private to the engine.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "versus/engine/error.hpp"

namespace versus::engine {

/// The JSON document at `path`, checked to carry `"format": format`; throws engine::Error
/// naming the path: "<what> not found: P (reinstall versus or set VERSUS_MODEL_DIR)",
/// "<what> is not valid JSON: P (...)", "not a versus <what> file (<format>): P". Every shipped
/// model file is read through it, so each fails alike.
nlohmann::json ReadVersionedJson(const std::filesystem::path& path, std::string_view what, std::string_view format);

/// Calls `read()` (which reads a document's fields) and turns a missing field or one of
/// the wrong type into an engine::Error naming the path: "<what> lacks a field or has one of the wrong type: P (...)".
template <typename Read>
auto ReadFields(const std::filesystem::path& path, std::string_view what, Read&& read) {
  try {
    return read();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string(), std::string(what) + " lacks a field or has one of the wrong type: " + path.string() +
                                   " (" + e.what() + ")");
  }
}

/// Writes `doc` to `path` (`indent` spaces a level); throws engine::Error naming the path.
void WriteJson(const std::filesystem::path& path, const nlohmann::json& doc, int indent = 2);

}  // namespace versus::engine
