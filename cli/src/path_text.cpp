#include "path_text.hpp"

#include <cctype>
#include <cstdio>

#include "versus/engine/utf8.hpp"

namespace versus::cli {
namespace {

using engine::Utf8Length;

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

int HexValue(char c) {
  return c <= '9' ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
}

bool LooksLikeEscape(std::string_view s, std::size_t at) {
  return at + 3 < s.size() && s[at] == '\\' && s[at + 1] == 'x' && IsHex(s[at + 2]) && IsHex(s[at + 3]);
}

void AppendEscape(std::string& out, unsigned char byte) {
  char escape[5];
  std::snprintf(escape, sizeof escape, "\\x%02x", byte);
  out += escape;
}

}  // namespace

std::string PathText(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    if (LooksLikeEscape(bytes, at)) {
      AppendEscape(out, '\\');
      ++at;
      continue;
    }
    const std::size_t length = Utf8Length(bytes, at);
    if (length == 0) {
      AppendEscape(out, static_cast<unsigned char>(bytes[at++]));
      continue;
    }
    out.append(bytes.substr(at, length));
    at += length;
  }
  return out;
}

std::string PathBytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (LooksLikeEscape(text, at)) {
      out += static_cast<char>(HexValue(text[at + 2]) * 16 + HexValue(text[at + 3]));
      at += 4;
      continue;
    }
    out += text[at++];
  }
  return out;
}

nlohmann::json PathTextArray(const std::vector<std::string>& paths) {
  nlohmann::json array = nlohmann::json::array();
  for (const std::string& path : paths) array.push_back(PathText(path));
  return array;
}

nlohmann::json ErrorsJson(const std::vector<engine::InputError>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) list.push_back({{"path", PathText(e.path)}, {"reason", PathText(e.reason)}});
  return list;
}

std::string JsonText(const nlohmann::json& doc, int indent) {
  return doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace versus::cli
