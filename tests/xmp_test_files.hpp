#pragma once
// Photos with real-world metadata for the rating tests, and exiftool as the
// independent reader: what versus writes must be what exiftool (and so every photo
// manager) reads, and everything else must read exactly as before.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "test_files.hpp"

namespace versus::testing {

inline std::string QuotePath(const fs::path& p) { return "'" + p.string() + "'"; }

inline std::string QuoteAll(const std::vector<fs::path>& files) {
  std::string text;
  for (const auto& f : files) text += " " + QuotePath(f);
  return text;
}

/// Gives `files` EXIF (camera, exposure, GPS, date), IPTC and XMP fields, as a camera
/// and a cataloguing program would, with one exiftool call. No rating.
inline void AddCameraMetadata(const std::vector<fs::path>& files) {
  const CommandResult r = RunCommand(
      "exiftool -q -overwrite_original -Make=Canon '-Model=Canon EOS 5D Mark IV' -ISO=400 -FNumber=2.8 "
      "-ExposureTime=0.004 '-DateTimeOriginal=2024:06:01 12:30:45' -GPSLatitude=48.8584 -GPSLatitudeRef=N "
      "-GPSLongitude=2.2945 -GPSLongitudeRef=E -IPTC:Keywords=holiday -IPTC:Keywords=paris '-IPTC:By-line=A. Photographer' "
      "'-XMP-dc:Creator=A. Photographer' -XMP-dc:Subject=tower '-XMP-dc:Description=Évening light' "
      "-XMP-xmp:Label=Blue -XMP-photoshop:City=Paris" +
      QuoteAll(files));
  if (r.status != 0) throw std::runtime_error("exiftool could not tag test files: " + r.err);
}

/// A JPEG of a synthetic scene, blurred by `blur` (0 = sharp), quality 92.
inline void WriteSceneJpeg(const fs::path& path, unsigned seed, double blur) {
  cv::Mat scene = SyntheticScene(480, 360, seed);
  if (blur > 0) cv::GaussianBlur(scene, scene, {0, 0}, blur);
  cv::imwrite(path.string(), scene, {cv::IMWRITE_JPEG_QUALITY, 92});
}

/// exiftool's reading of every tag of each file, `{"Group1:Tag": value}`, in order.
inline std::vector<nlohmann::json> ExifToolTags(const std::vector<fs::path>& files) {
  if (files.empty()) return {};
  const CommandResult r = RunCommand("exiftool -j -a -G1 -s -n" + QuoteAll(files));
  std::vector<nlohmann::json> tags;
  for (const auto& entry : nlohmann::json::parse(r.out.empty() ? "[]" : r.out)) tags.push_back(entry);
  return tags;
}

/// The tags a rating write must leave alone: all but the rating, versus's own fields,
/// the XMP toolkit name (Exiv2 names itself when it serialises the packet) and the
/// file system's view (size, dates, inode).
inline nlohmann::json OtherTags(nlohmann::json tags) {
  for (auto it = tags.begin(); it != tags.end();) {
    const std::string key = it.key();
    const bool excluded = key == "SourceFile" || key.rfind("System:", 0) == 0 || key.rfind("ExifTool:", 0) == 0 ||
                          key == "XMP-x:XMPToolkit" || key == "XMP-xmp:Rating" || key.rfind("XMP-versus:", 0) == 0;
    it = excluded ? tags.erase(it) : std::next(it);
  }
  return tags;
}

/// xmp:Rating as exiftool reads it from `file` (an image or a sidecar); -99 if absent.
inline int ExifToolRating(const fs::path& file) {
  const auto tags = ExifToolTags({file});
  if (tags.empty() || !tags[0].contains("XMP-xmp:Rating")) return -99;
  return tags[0]["XMP-xmp:Rating"].get<int>();
}

/// The Lightroom-exported Canon JPEGs of ../shared (Canon Exif with maker notes, IPTC,
/// ICC profile, thumbnail, ~270 XMP tags): the files photographers have.
inline fs::path CanonFramesDir() { return SharedData() / "bursts" / "horses-dev" / "images"; }

/// Copies the first `count` Canon frames (by name) into `into`, writable as a user's own
/// files are (the shared copies are read-only). Empty when ../shared is absent.
inline std::vector<fs::path> CopyCanonFrames(const fs::path& into, std::size_t count) {
  std::vector<fs::path> frames;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CanonFramesDir(), ec)) {
    if (entry.path().extension() == ".jpg") frames.push_back(entry.path());
  }
  std::sort(frames.begin(), frames.end());
  frames.resize(std::min(count, frames.size()));
  std::vector<fs::path> copies;
  for (const auto& frame : frames) {
    copies.push_back(into / frame.filename());
    fs::copy_file(frame, copies.back());
    fs::permissions(copies.back(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                       fs::perms::others_read);
  }
  return copies;
}

/// Decoded pixels equal (OpenCV, all channels, full resolution).
inline bool SamePixels(const fs::path& a, const fs::path& b) {
  const cv::Mat x = cv::imread(a.string(), cv::IMREAD_UNCHANGED), y = cv::imread(b.string(), cv::IMREAD_UNCHANGED);
  return !x.empty() && x.size == y.size && x.type() == y.type() && cv::norm(x, y, cv::NORM_INF) == 0;
}

}  // namespace versus::testing
