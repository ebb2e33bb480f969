#pragma once
// File names on Linux are bytes, not text: `bad\xffutf8.png` is a legal name. versus
// keeps paths as bytes everywhere (std::filesystem::path, std::string) and turns them
// into text only where text is required -- JSON output and the undo journal -- with one
// lossless encoding:
//
//   - valid UTF-8 stays as it is;
//   - each byte that is not part of valid UTF-8 becomes the four characters \xHH
//     (lower-case hex), the form bash's $'...' and Python's repr use;
//   - a backslash that is followed by `x` and two hex digits becomes \x5c, so a name
//     that really contains the text `\x41` cannot be mistaken for an escape.
//
// PathBytes reverses it exactly: PathBytes(PathText(b)) == b for every byte string.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "versus/engine/error.hpp"  // InputError only: the fuzz targets build this without OpenCV

namespace versus::cli {

/// The text form of a path (or any byte string, e.g. a message naming one).
std::string PathText(std::string_view bytes);
inline std::string PathText(const std::string& bytes) { return PathText(std::string_view(bytes)); }
inline std::string PathText(const std::filesystem::path& path) { return PathText(std::string_view(path.native())); }

/// The bytes a PathText stands for.
std::string PathBytes(std::string_view text);

/// `["path", ...]`, each through PathText.
nlohmann::json PathTextArray(const std::vector<std::string>& paths);

/// `[{path, reason}, ...]` with both through PathText.
nlohmann::json ErrorsJson(const std::vector<engine::InputError>& errors);

/// Pretty JSON for stdout. Every string put in a document should already be valid
/// UTF-8 (paths through PathText); should one slip through, its bad bytes become
/// U+FFFD instead of aborting the whole report.
std::string JsonText(const nlohmann::json& doc, int indent = 2);

}  // namespace versus::cli
