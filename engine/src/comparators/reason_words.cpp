// A judge's own words read once, where they arrive, and written out with the names a
// caller gives the images (reason_words.hpp).
#include "versus/engine/reason_words.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace versus::engine {
namespace {

constexpr std::string_view kOrdinals[] = {"first", "second", "third", "fourth"};

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string Lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Index of an ordinal word among the first `count`, or -1.
int OrdinalIndex(std::string_view word, std::size_t count) {
  const std::string lower = Lower(word);
  for (std::size_t i = 0; i < count && i < std::size(kOrdinals); ++i) {
    if (lower == kOrdinals[i]) return static_cast<int>(i);
  }
  return -1;
}

// Text already gathered ends with the word "the " (capitalised or not, at a word start).
bool EndsWithThe(const std::string& text) {
  if (text.size() < 4) return false;
  const std::string_view tail(text.data() + text.size() - 4, 4);
  if (tail != "the " && tail != "The ") return false;
  return text.size() == 4 || !IsAlpha(text[text.size() - 5]);
}

// " image" follows at `at`, as a whole word.
bool ImageFollows(const std::string& text, std::size_t at) {
  if (text.compare(at, 6, " image") != 0) return false;
  return at + 6 == text.size() || !IsAlpha(text[at + 6]);
}

std::string Capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string_view OrdinalOf(std::size_t image) { return kOrdinals[std::min<std::size_t>(image, 3)]; }

}  // namespace

ImageNames OrdinalNames(std::size_t count) {
  ImageNames names;
  for (std::size_t i = 0; i < count && i < std::size(kOrdinals); ++i) names.push_back("the " + std::string(kOrdinals[i]) + " image");
  return names;
}

std::string WordsText(const std::vector<ReasonWord>& words, const ImageNames& names) {
  std::string text;
  for (const ReasonWord& w : words) {
    std::string piece = w.text;
    if (w.kind == ReasonWord::Kind::kImage) {
      piece = w.image < names.size() ? names[w.image] : "the " + std::string(OrdinalOf(w.image)) + " image";
    }
    if (w.kind == ReasonWord::Kind::kOrdinal) piece = OrdinalOf(w.image);
    text += w.capital ? Capitalised(piece) : piece;
  }
  return text;
}

std::vector<ReasonWord> ReasonWords(const std::string& text, std::size_t image_count) {
  std::vector<ReasonWord> words;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) words.push_back({ReasonWord::Kind::kText, literal, 0, false});
    literal.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsAlpha(text[i])) {
      literal += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && IsAlpha(text[end])) ++end;
    const std::string_view word(text.data() + i, end - i);
    const int index = OrdinalIndex(word, image_count);
    if (index < 0) {
      literal += word;
    } else if (EndsWithThe(literal) && ImageFollows(text, end)) {
      const bool capital = literal[literal.size() - 4] == 'T';
      literal.resize(literal.size() - 4);
      flush();
      words.push_back({ReasonWord::Kind::kImage, "", std::size_t(index), capital});
      end += 6;  // " image"
    } else {
      flush();
      words.push_back({ReasonWord::Kind::kOrdinal, "", std::size_t(index), IsAlpha(word[0]) && std::isupper(static_cast<unsigned char>(word[0]))});
    }
    i = end;
  }
  flush();
  return words;
}

}  // namespace versus::engine
