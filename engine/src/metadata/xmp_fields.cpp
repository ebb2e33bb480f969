// Reading and setting the rating fields with Exiv2 (JPEG packets: jpeg_xmp_packets.cpp).
// Fields are set the way darktable does it (erase Xmp.xmp.Rating, then set it: Exiv2
// otherwise may keep a stale typed value), and every other key read from the file is
// written back untouched.
#include <cstdio>
#include <mutex>

#include <exiv2/exiv2.hpp>

#include "jpeg_xmp_packets.hpp"
#include "metadata_pvt.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::metadata {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRatingKey = "Xmp.xmp.Rating";
constexpr const char* kVersusRatingKey = "Xmp.versus.rating";
constexpr const char* kScoreKey = "Xmp.versus.score";
constexpr const char* kConfidenceKey = "Xmp.versus.confidence";
constexpr const char* kJudgeKey = "Xmp.versus.judge";
constexpr const char* kLabelKey = "Xmp.xmp.Label";

std::optional<double> NumberAt(const Exiv2::XmpData& xmp, const char* key) {
  const auto it = xmp.findKey(Exiv2::XmpKey(key));
  if (it == xmp.end()) return std::nullopt;
  try {
    return std::stod(it->toString());
  } catch (const std::exception&) {
    return std::nullopt;  // an unparsable value counts as absent, never as a crash
  }
}

std::optional<int> IntegerAt(const Exiv2::XmpData& xmp, const char* key) {
  const auto value = NumberAt(xmp, key);
  if (!value) return std::nullopt;
  return static_cast<int>(*value < 0 ? *value - 0.5 : *value + 0.5);
}

std::string Formatted(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

void Erase(Exiv2::XmpData& xmp, const char* key) {
  const auto it = xmp.findKey(Exiv2::XmpKey(key));
  if (it != xmp.end()) xmp.erase(it);
}

void SetFields(Exiv2::XmpData& xmp, const RatingValues& values) {
  if (!values.label.empty()) {
    Erase(xmp, kLabelKey);
    xmp[kLabelKey] = values.label;
  }
  if (!values.set_rating) return;
  for (const char* key : {kRatingKey, kVersusRatingKey, kScoreKey, kConfidenceKey, kJudgeKey}) Erase(xmp, key);
  xmp[kRatingKey] = std::to_string(values.stars);
  xmp[kVersusRatingKey] = std::to_string(values.stars);
  if (values.score) xmp[kScoreKey] = Formatted(*values.score, 4);
  if (values.confidence) xmp[kConfidenceKey] = Formatted(*values.confidence, 3);
  if (!values.judge.empty()) xmp[kJudgeKey] = values.judge;
}

bool ReadsBack(const RatingSource& written, const RatingValues& values) {
  if (values.set_rating && written.rating != values.stars) return false;
  return values.label.empty() || written.label == values.label;
}

std::string ExivReason(const std::exception& e) {
  return std::string("its metadata cannot be read or is corrupt (Exiv2: ") + e.what() + ")";
}

}  // namespace

// Exiv2's console warnings off: a corrupt file becomes an engine::Error with a reason,
// not noise on stderr.
void EnsureExiv2Started() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::XmpParser::initialize();
    Exiv2::XmpProperties::registerNs(kVersusXmpNamespace, "versus");
    // Extended XMP's pointer (xmpNote:HasExtendedXMP): Exiv2 0.27 does not know the prefix.
    Exiv2::XmpProperties::registerNs("http://ns.adobe.com/xmp/note/", "xmpNote");
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
  });
}

RatingSource ReadSource(const fs::path& file, bool sidecar) {
  EnsureExiv2Started();
  RatingSource source;
  source.file = file;
  source.sidecar = sidecar;
  try {
    auto image = Exiv2::ImageFactory::open(file.string());
    image->readMetadata();  // throws for corrupt Exif or IPTC: such a file is not rewritten
    // JPEG: the packet with its Extended XMP merged (Exiv2 reads the standard one only).
    const Exiv2::XmpData xmp =
        !sidecar && IsJpeg(file) ? DecodeJpegXmp(ReadFileBytes(file, file), file, false) : image->xmpData();
    source.rating = IntegerAt(xmp, kRatingKey);
    source.versus.rating = IntegerAt(xmp, kVersusRatingKey);
    source.versus.score = NumberAt(xmp, kScoreKey);
    source.versus.confidence = NumberAt(xmp, kConfidenceKey);
    const auto judge = xmp.findKey(Exiv2::XmpKey(kJudgeKey));
    if (judge != xmp.end()) source.versus.judge = judge->toString();
    const auto label = xmp.findKey(Exiv2::XmpKey(kLabelKey));
    if (label != xmp.end()) source.label = label->toString();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(file.string(), ExivReason(e));
  }
  return source;
}

void WriteFields(const fs::path& path, const RatingValues& values, const fs::path& label) {
  EnsureExiv2Started();
  try {
    if (IsJpeg(path)) {
      RewriteJpegXmp(path, [&](Exiv2::XmpData& xmp) { SetFields(xmp, values); }, label);
    } else {
      auto image = Exiv2::ImageFactory::open(path.string());
      image->readMetadata();
      SetFields(image->xmpData(), values);
      image->writeMetadata();
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(label.string(), std::string("cannot write its metadata (Exiv2: ") + e.what() + ")");
  }
  // Read back what a photo manager will read: a write that did not land is an error.
  if (!ReadsBack(ReadSource(path, false), values)) {
    throw Error(label.string(), "the rating did not read back after writing (left unchanged)");
  }
}

void WriteNewSidecar(const fs::path& path, const RatingValues& values, const fs::path& label) {
  EnsureExiv2Started();
  try {
    auto sidecar = Exiv2::ImageFactory::create(Exiv2::ImageType::xmp, path.string());
    SetFields(sidecar->xmpData(), values);
    sidecar->writeMetadata();
  } catch (const std::exception& e) {
    throw Error(label.string(), std::string("cannot write the sidecar (Exiv2: ") + e.what() + ")");
  }
  if (!ReadsBack(ReadSource(path, true), values)) {
    throw Error(label.string(), "the sidecar's rating did not read back after writing");
  }
}

bool ExivCanWriteXmp(const fs::path& path) {
  EnsureExiv2Started();
  try {
    const auto type = Exiv2::ImageFactory::getType(path.string());  // int in Exiv2 0.27, an enum in 0.28
    if (type == Exiv2::ImageType::none) return false;
    const Exiv2::AccessMode mode = Exiv2::ImageFactory::checkMode(type, Exiv2::mdXmp);
    return mode == Exiv2::amWrite || mode == Exiv2::amReadWrite;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace versus::engine::metadata
