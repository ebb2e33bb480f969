#pragma once
/// Where text must be valid UTF-8 (JSON, the undo journal, a terminal) and the bytes come
/// from outside (file names, a model server's reply), one validator decides what passes.
/// Header-only, so the fuzz targets that build path_text.cpp and server_text.cpp alone
/// need no engine library.
#include <cstddef>
#include <string_view>

namespace versus::engine {

/// Length of the valid UTF-8 sequence starting at `at` (< s.size()), or 0 if the byte
/// there does not start one (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF).
inline std::size_t Utf8Length(std::string_view s, std::size_t at) {
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

}  // namespace versus::engine
