// A raw's embedded previews through Exiv2's PreviewManager, and the order of attempts
// (preview first, LibRaw second) that DecodeRaw makes.
#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <mutex>
#include <optional>

#include "raw_decode.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::raw {
namespace {

namespace fs = std::filesystem;

std::string Size(long width, long height) { return std::to_string(width) + "x" + std::to_string(height); }

void EnsureExiv2Ready() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // failures reach the user as engine::Error
    Exiv2::XmpParser::initialize();                // not thread-safe on first use: do it once
    Exiv2::enableBMFF(true);                       // else CR3 (ISO-BMFF) is not read at all
  });
}

struct Previews {
  std::vector<Exiv2::PreviewImage> largest_first;
  int orientation = 1;  ///< Exif 1-8 of the raw itself (previews rarely carry their own)
};

Previews ReadPreviews(const fs::path& path) {
  EnsureExiv2Ready();
  auto image = Exiv2::ImageFactory::open(path.string());
  image->readMetadata();
  Previews out;
  const auto orientation = Exiv2::orientation(image->exifData());
  if (orientation != image->exifData().end() && orientation->count() > 0) {
#if EXIV2_TEST_VERSION(0, 28, 0)
    out.orientation = int(orientation->toInt64());  // Exiv2 0.28 (Debian 13) dropped toLong
#else
    out.orientation = int(orientation->toLong());
#endif
  }
  Exiv2::PreviewManager manager(*image);
  Exiv2::PreviewPropertiesList properties = manager.getPreviewProperties();
  std::stable_sort(properties.begin(), properties.end(), [](const auto& a, const auto& b) {
    return std::uint64_t(a.width_) * a.height_ > std::uint64_t(b.width_) * b.height_;
  });
  for (const auto& p : properties) out.largest_first.push_back(manager.getPreviewImage(p));
  return out;
}

}  // namespace

std::optional<DecodedImage> DecodeLargestPreview(const fs::path& path, const DecodeOptions& options,
                                                 std::string& why_not) {
  Previews previews;
  try {
    previews = ReadPreviews(path);
  } catch (const std::exception& e) {
    why_not = std::string("its metadata cannot be read (") + e.what() + ")";
    return std::nullopt;
  }
  std::string thumbnail, broken;
  for (const Exiv2::PreviewImage& preview : previews.largest_first) {
    try {
      DecodedImage image = DecodeEncoded(preview.pData(), preview.size(), path.string(), previews.orientation, options);
      if (std::max(image.width, image.height) < kMinPreviewLongSide) {
        if (thumbnail.empty()) thumbnail = Size(image.width, image.height);
        continue;
      }
      image.decoded_from = "preview " + Size(image.width, image.height);
      return image;
    } catch (const Error& e) {
      if (broken.empty()) broken = Size(preview.width(), preview.height()) + ": " + e.what();
    }
  }
  if (!thumbnail.empty()) {
    why_not = "its largest embedded preview that decodes is a " + thumbnail +
              " thumbnail, too small to judge (needs " + std::to_string(kMinPreviewLongSide) + " px on the long side)";
  } else if (!broken.empty()) {
    why_not = "its embedded previews do not decode (" + broken + ")";
  } else {
    why_not = "it has no embedded preview";
  }
  return std::nullopt;
}

DecodedImage DecodeRaw(const fs::path& path, const DecodeOptions& options) {
  std::string preview_problem;
  if (std::optional<DecodedImage> preview = DecodeLargestPreview(path, options, preview_problem)) return *preview;
  cv::Mat bgr;
  try {
    bgr = DecodeRawData(path, options.max_pixels);
  } catch (const Error& e) {
    throw Error(path.string(), "camera raw with nothing to judge: " + preview_problem + ", and " + e.what());
  }
  DecodedImage image = FromPixels(bgr, options);
  image.decoded_from = "raw data " + Size(image.width, image.height);
  return image;
}

}  // namespace versus::engine::raw
