#pragma once
/// A judge's own words (the lmm judge's explanation), read once where they arrive:
/// "the first image" and bare ordinals ("the third is noisy") become mentions of an
/// image by index, so each caller names the images its own way and a verdict told from
/// the other side swaps indexes, not words. Standard library only (the lmm fuzzer
/// builds reason_words.cpp alone).
#include <cstddef>
#include <string>
#include <vector>

namespace versus::engine {

/// How a sentence names each image: names[i] is image i, written as it stands inside a
/// sentence ("the first image", "'b.jpg'", "the left image"); a name that opens the
/// sentence gets a capital letter.
using ImageNames = std::vector<std::string>;

/// "the first image", "the second image", ... for `count` images (at most four): the
/// judges' own way of naming them.
ImageNames OrdinalNames(std::size_t count = 2);

/// A piece of a judge's own words: literal text, or a mention of one of the images.
struct ReasonWord {
  enum class Kind {
    kText,     ///< `text`, as written
    kImage,    ///< "the first image": named as the caller names image `image`
    kOrdinal,  ///< a bare ordinal ("the third is noisy"): the ordinal of image `image`
  };
  Kind kind = Kind::kText;
  std::string text;
  std::size_t image = 0;
  bool capital = false;  ///< the mention opened with a capital letter ("The first image")
};

/// `text` about `image_count` images (2-4), "the first image" ... and bare ordinals read
/// as mentions of image 0, 1, ...
std::vector<ReasonWord> ReasonWords(const std::string& text, std::size_t image_count);

/// The words as text, each "the ... image" named from `names` (bare ordinals stay
/// ordinals); OrdinalNames give the original text back.
std::string WordsText(const std::vector<ReasonWord>& words, const ImageNames& names = OrdinalNames(4));

}  // namespace versus::engine
