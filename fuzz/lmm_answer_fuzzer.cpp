// The model server's reply (engine/src/lmm/chat_protocol.cpp) and what is made of its
// text: any bytes give an answer or a versus::engine::Error, never a crash, and the
// text shown (Printable) holds no terminal control characters.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lmm/lmm_pvt.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/reason_words.hpp"

namespace lmm = versus::engine::lmm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t images = 2 + data[0] % 3;  // 2-4 images, as the judge asks
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const lmm::ChatReply reply = lmm::ParseReply(body, images);
    if (reply.p_first_named && reply.p_first_named->size() != images) __builtin_trap();
    for (std::size_t i : lmm::NamedOrder(reply.text, images)) {
      if (i >= images) __builtin_trap();
    }
    lmm::Explanation(reply.text);
    versus::engine::WordsText(versus::engine::ReasonWords(reply.text, images));
  } catch (const versus::engine::Error&) {
  }
  const std::string shown = lmm::Printable(body, true);
  for (unsigned char c : shown) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) __builtin_trap();
  }
  lmm::Truncated(shown, 80);
  lmm::SecretScrubber scrub("sk-key/1", "http://u:pw@h/v1");
  if (scrub(body).find("sk-key/1") != std::string::npos) __builtin_trap();
  return 0;
}
