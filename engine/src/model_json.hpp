#pragma once
// Reading a shipped model file: JSON with a "format" tag. Private to the engine.
#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

namespace versus::engine {

/// The JSON document at `path`, checked to carry `"format": format`; throws engine::Error
/// naming the path: "<what> not found: P", "<what> is not valid JSON: P (...)",
/// "not a <what> file (<format>): P".
nlohmann::json ReadVersionedJson(const std::filesystem::path& path, std::string_view what, std::string_view format);

/// Writes `doc` to `path` (2-space indent); throws engine::Error naming the path.
void WriteJson(const std::filesystem::path& path, const nlohmann::json& doc);

}  // namespace versus::engine
