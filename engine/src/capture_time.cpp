// Capture time with Exiv2 (metadata only; the pixels are never read here).
#include "versus/engine/capture_time.hpp"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

#include <exiv2/exiv2.hpp>

namespace versus::engine {
namespace {

// A tag's text without padding; nullopt when absent (or when this Exiv2 does not know
// the key: maker-note keys differ between versions).
std::optional<std::string> Tag(const Exiv2::ExifData& exif, const char* key) {
  try {
    const auto it = exif.findKey(Exiv2::ExifKey(key));
    if (it == exif.end()) return std::nullopt;
    std::string text = it->toString();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
    return text;
  } catch (const std::exception&) {
    return std::nullopt;
  }
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

std::string BodyOf(const Exiv2::ExifData& exif, const Exiv2::XmpData& xmp) {
  std::string make = Tag(exif, "Exif.Image.Make").value_or(""), model = Tag(exif, "Exif.Image.Model").value_or("");
  std::string body = model.rfind(make, 0) == 0 ? model : make + (make.empty() ? "" : " ") + model;
  std::optional<std::string> serial;
  for (const char* key : {"Exif.Photo.BodySerialNumber", "Exif.Canon.SerialNumber", "Exif.Nikon3.SerialNumber",
                          "Exif.Fujifilm.SerialNumber", "Exif.Pentax.SerialNumber", "Exif.Sony1.SerialNumber"}) {
    if ((serial = Tag(exif, key)) && !serial->empty()) break;
  }
  if (!serial || serial->empty()) {
    const auto it = xmp.findKey(Exiv2::XmpKey("Xmp.aux.SerialNumber"));
    if (it != xmp.end()) serial = it->toString();
  }
  if (serial && !serial->empty() && *serial != "0") body += " #" + *serial;
  return body;
}

}  // namespace

CaptureInfo ReadCaptureInfo(const std::filesystem::path& path) {
  static std::once_flag quiet;
  // Exiv2 prints warnings about odd maker notes to stderr; a missing time is not news.
  std::call_once(quiet, [] { Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute); });
  CaptureInfo info;
  try {
    auto image = Exiv2::ImageFactory::open(path.string());
    image->readMetadata();
    const Exiv2::ExifData& exif = image->exifData();
    info.body = BodyOf(exif, image->xmpData());
    const auto when = Tag(exif, "Exif.Photo.DateTimeOriginal");
    if (when) info.seconds = ParseExifDateTime(*when);
    const auto sub = Tag(exif, "Exif.Photo.SubSecTimeOriginal");
    if (info.seconds && sub && !sub->empty()) {
      *info.seconds += SubSeconds(*sub);
      info.has_subseconds = true;
    }
  } catch (const std::exception&) {
    // Unreadable metadata: unknown time and body.
  }
  return info;
}

std::optional<double> CaptureTime(const std::filesystem::path& path) { return ReadCaptureInfo(path).seconds; }

std::optional<long long> FileNameSequence(const std::filesystem::path& path) {
  const std::string stem = path.stem().string();
  const auto last = stem.find_last_of("0123456789");
  if (last == std::string::npos) return std::nullopt;
  auto first = stem.find_last_not_of("0123456789", last);
  first = first == std::string::npos ? 0 : first + 1;
  const std::string digits = stem.substr(first, std::min<std::size_t>(last + 1 - first, 18));
  return std::stoll(digits);
}

}  // namespace versus::engine
