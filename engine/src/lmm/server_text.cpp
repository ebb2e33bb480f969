// What the model server says can carry the API key back (an echoing proxy, a chatty
// error page) and terminal escape codes: everything it says is scrubbed of secrets and
// made printable here before it reaches a message, stdout, the cache or a dump.
#include <algorithm>
#include <cstdio>

#include "lmm_pvt.hpp"
#include "versus/engine/utf8.hpp"

namespace versus::engine::lmm {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The number spelled by `digits` hex digits at text[at], or -1.
long HexAt(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return -1;
  long value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const int v = HexValue(text[at + i]);
    if (v < 0) return -1;
    value = value * 16 + v;
  }
  return value;
}

// Length of one spelling of the byte `byte` at text[at] (0 = none): the byte itself,
// percent-encoded (%2F), or JSON-escaped with any number of backslashes (nested JSON):
// \u002f, \\u002F, \/ (for '/'), \" and \\ (for '"' and '\').
std::size_t ByteSpellingAt(std::string_view text, std::size_t at, unsigned char byte) {
  if (at >= text.size()) return 0;
  if (static_cast<unsigned char>(text[at]) == byte && byte != '\\') return 1;
  if (text[at] == '%' && HexAt(text, at + 1, 2) == byte) return 3;
  if (text[at] != '\\') return 0;
  std::size_t end = at;
  while (end < text.size() && text[end] == '\\') ++end;
  if (byte == '\\') return end - at;  // "\", "\\", "\\\\": one backslash at some depth
  if (end < text.size() && (text[end] == 'u' || text[end] == 'U') && HexAt(text, end + 1, 4) == byte) {
    return end + 5 - at;
  }
  if (end < text.size() && static_cast<unsigned char>(text[end]) == byte && (byte == '/' || byte == '"')) {
    return end + 1 - at;
  }
  return 0;
}

// Length of a spelling of the whole `secret` starting at text[at], 0 if none. Non-ASCII
// characters of a secret are matched byte by byte (as sent: UTF-8), or percent-encoded.
std::size_t SecretAt(std::string_view text, std::size_t at, std::string_view secret) {
  std::size_t pos = at;
  for (const char c : secret) {
    const std::size_t n = ByteSpellingAt(text, pos, static_cast<unsigned char>(c));
    if (n == 0) return 0;
    pos += n;
  }
  return pos - at;
}

unsigned long CodePoint(std::string_view utf8) {
  const auto lead = static_cast<unsigned char>(utf8[0]);
  if (utf8.size() == 1) return lead;
  unsigned long cp = lead & (0x7F >> utf8.size());
  for (std::size_t i = 1; i < utf8.size(); ++i) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3F);
  return cp;
}

// Characters a terminal acts on instead of showing: C0 and C1 controls, DEL, and the
// bidirectional overrides that reorder what is shown (U+202A-202E, U+2066-2069).
bool IsHidden(unsigned long cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string Escaped(unsigned long value, bool is_byte) {
  char out[16];
  std::snprintf(out, sizeof out, is_byte ? "\\x%02lx" : "\\u%04lx", value);
  return out;
}

}  // namespace

SecretScrubber::SecretScrubber(const std::string& api_key, const std::string& server_url) {
  Add(api_key);
  const Userinfo userinfo = UrlUserinfo(server_url);
  Add(userinfo.password);
}

void SecretScrubber::Add(std::string secret) {
  if (!secret.empty()) secrets_.push_back(std::move(secret));
}

std::string SecretScrubber::operator()(std::string_view text) const {
  if (secrets_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    std::size_t longest = 0;
    for (const std::string& secret : secrets_) longest = std::max(longest, SecretAt(text, at, secret));
    if (longest > 0) {
      out += "***";
      at += longest;
    } else {
      out += text[at++];
    }
  }
  return out;
}

Userinfo UrlUserinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::size_t host = scheme + 3;
  const std::size_t authority_end = std::min(url.find_first_of("/?#", host), url.size());
  const std::size_t at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < host) return {};
  const std::string_view info = url.substr(host, at - host);
  const std::size_t colon = info.find(':');
  Userinfo out{host, at + 1 - host, std::string(info.substr(0, colon)), ""};
  if (colon != std::string_view::npos) out.password = std::string(info.substr(colon + 1));
  return out;
}

std::string WithoutUserinfo(std::string url) {
  const Userinfo userinfo = UrlUserinfo(url);
  if (userinfo.length > 0) url.replace(userinfo.start, userinfo.length, "***@");
  return url;
}

std::string Printable(std::string_view text, bool keep_line_breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t n = Utf8Length(text, at);
    if (n == 0) {  // not UTF-8: shown as its byte value, so JSON output never breaks on it
      out += Escaped(static_cast<unsigned char>(text[at++]), true);
      continue;
    }
    const unsigned long cp = CodePoint(text.substr(at, n));
    const bool line_break = cp == '\n' || cp == '\t';
    if (IsHidden(cp) && !(keep_line_breaks && line_break)) {
      out += cp < 0x80 ? Escaped(cp, true) : Escaped(cp, false);
    } else {
      out.append(text.substr(at, n));
    }
    at += n;
  }
  return out;
}

std::string Truncated(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  text.resize(cut);
  return text + "...";
}

}  // namespace versus::engine::lmm
