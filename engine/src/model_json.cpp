#include "model_json.hpp"

#include <fstream>

#include "versus/engine/error.hpp"

namespace versus::engine {

nlohmann::json ReadVersionedJson(const std::filesystem::path& path, std::string_view what, std::string_view format) {
  const std::string where = path.string();
  std::ifstream in(path);
  if (!in) throw Error(where, std::string(what) + " not found: " + where + " (reinstall versus or set VERSUS_MODEL_DIR)");
  nlohmann::json doc;
  try {
    in >> doc;
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, std::string(what) + " is not valid JSON: " + where + " (" + e.what() + ")");
  }
  if (!doc.is_object() || doc.value("format", "") != format) {
    throw Error(where, "not a versus " + std::string(what) + " file (" + std::string(format) + "): " + where);
  }
  return doc;
}

void WriteJson(const std::filesystem::path& path, const nlohmann::json& doc, int indent) {
  std::ofstream out(path);
  out << doc.dump(indent) << "\n";
  if (!out) throw Error(path.string(), "could not write " + path.string());
}

}  // namespace versus::engine
