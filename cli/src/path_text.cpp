#include "path_text.hpp"

#include <cctype>
#include <cstdio>

namespace versus::cli {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

int HexValue(char c) {
  return c <= '9' ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
}

// Length of the valid UTF-8 sequence starting at `at`, or 0 if the byte there does not
// start one (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t Utf8Length(std::string_view s, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) length = 3, low = 0xA0;
  else if (lead >= 0xE1 && lead <= 0xEC) length = 3;
  else if (lead == 0xED) length = 3, high = 0x9F;
  else if (lead >= 0xEE && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) length = 4, low = 0x90;
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else if (lead == 0xF4) length = 4, high = 0x8F;
  else return 0;
  if (at + length > s.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
  }
  return length;
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
