// Capture time with Exiv2 (metadata only; the pixels are never read here).
#include "versus/engine/capture_time.hpp"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

#include <exiv2/exiv2.hpp>

namespace versus::engine {
namespace {

std::optional<std::string> Tag(const Exiv2::ExifData& exif, const char* key) {
  const auto it = exif.findKey(Exiv2::ExifKey(key));
  if (it == exif.end()) return std::nullopt;
  return it->toString();
}

// "YYYY:MM:DD HH:MM:SS" -> seconds; nullopt for blanks ("    :  :     :  :  ") and junk.
std::optional<double> ParseExifDateTime(const std::string& text) {
  std::tm t{};
  if (std::sscanf(text.c_str(), "%d:%d:%d %d:%d:%d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour, &t.tm_min,
                  &t.tm_sec) != 6) {
    return std::nullopt;
  }
  if (t.tm_year < 1900 || t.tm_mon < 1 || t.tm_mon > 12 || t.tm_mday < 1) return std::nullopt;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<double>(timegm(&t));
}

// SubSecTimeOriginal "25" means 0.25 s: the digits are a decimal fraction.
double SubSeconds(const std::string& digits) {
  double value = 0.0, scale = 0.1;
  for (char c : digits) {
    if (c < '0' || c > '9') break;
    value += (c - '0') * scale;
    scale /= 10;
  }
  return value;
}

}  // namespace

std::optional<double> CaptureTime(const std::filesystem::path& path) {
  static std::once_flag quiet;
  // Exiv2 prints warnings about odd maker notes to stderr; a missing time is not news.
  std::call_once(quiet, [] { Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute); });
  try {
    auto image = Exiv2::ImageFactory::open(path.string());
    image->readMetadata();
    const Exiv2::ExifData& exif = image->exifData();
    const auto when = Tag(exif, "Exif.Photo.DateTimeOriginal");
    if (!when) return std::nullopt;
    auto seconds = ParseExifDateTime(*when);
    if (seconds) {
      if (const auto sub = Tag(exif, "Exif.Photo.SubSecTimeOriginal")) *seconds += SubSeconds(*sub);
    }
    return seconds;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace versus::engine
