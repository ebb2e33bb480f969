// Where ratings live and the decisions of a write: which file, whether the user's
// rating must be kept, whether anything changes at all. The Exiv2 work is in
// xmp_fields.cpp (JPEG: jpeg_xmp_packets.cpp, jpeg_xmp_splice.cpp), the file safety in
// safe_file.cpp.
#include "versus/engine/xmp_rating.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "metadata_pvt.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/raw_pairs.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 24> kRawSuffixes = {
    ".3fr", ".ari", ".arw", ".cr2", ".cr3", ".crw", ".dcr", ".dng", ".erf", ".fff", ".iiq", ".k25",
    ".kdc", ".mef", ".mos", ".mrw", ".nef", ".nrw", ".orf", ".pef", ".raf", ".rw2", ".rwl", ".srw"};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

bool WriteBitsOff(const fs::path& image) {
  struct stat st{};
  return ::stat(image.c_str(), &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
}

bool SameNumber(const std::optional<double>& a, const std::optional<double>& b, double tolerance) {
  if (!a || !b) return a.has_value() == b.has_value();
  return std::abs(*a - *b) <= tolerance;
}

// The file already says exactly what would be written (same rule as darktable: skip
// a write that changes nothing, so file times and backups are not disturbed).
bool AlreadyWritten(const RatingSource& source, const RatingValues& values) {
  if (!values.label.empty() && source.label != values.label) return false;
  if (!values.set_rating) return true;
  return source.rating == values.stars && source.versus.rating == values.stars &&
         SameNumber(source.versus.score, values.score, 5e-5) &&
         SameNumber(source.versus.confidence, values.confidence, 5e-4) && source.versus.judge == values.judge;
}

// IMG_1.xmp names no suffix: beside IMG_1.png and IMG_1.tif (two photos, not a
// raw+JPEG pair) it would hold whichever was written last, so neither may use it.
bool StemSidecarShared(const fs::path& image) {
  const std::vector<fs::path> companions = CompanionsOf(image);
  std::error_code ec;
  const fs::path folder = image.has_parent_path() ? image.parent_path() : fs::path(".");
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& other = it->path();
    const std::string name = other.filename().string();
    if (name == image.filename().string() || name.empty() || name[0] == '.') continue;
    if (other.stem() != image.stem() || Lower(other.extension().string()) == ".xmp") continue;
    if (std::find(companions.begin(), companions.end(), other) == companions.end()) return true;
  }
  return false;
}

// The sidecar a new rating of `image` goes to in `style`: darktable's name where the
// Lightroom name is shared (the folder is listed only then, not for every image).
fs::path NewSidecarPath(const fs::path& image, SidecarStyle style) {
  if (style == SidecarStyle::kLightroom && StemSidecarShared(image)) return SidecarPath(image, SidecarStyle::kDarktable);
  return SidecarPath(image, style);
}

fs::path LockFolderOf(const fs::path& target) {
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(fs::absolute(target), ec);
  return (ec ? fs::absolute(target) : real).parent_path();
}

}  // namespace

RatingTarget ParseRatingTarget(const std::string& name) {
  if (name == "auto") return RatingTarget::kAuto;
  if (name == "embedded") return RatingTarget::kEmbedded;
  if (name == "sidecar") return RatingTarget::kSidecar;
  throw Error("unknown target '" + name + "' (use auto, embedded or sidecar)");
}

SidecarStyle ParseSidecarStyle(const std::string& name) {
  if (name == "darktable") return SidecarStyle::kDarktable;
  if (name == "lightroom") return SidecarStyle::kLightroom;
  throw Error("unknown sidecar style '" + name + "' (use darktable for IMG_1.CR2.xmp or lightroom for IMG_1.xmp)");
}

const char* RatingTargetName(RatingTarget target) {
  switch (target) {
    case RatingTarget::kEmbedded: return "embedded";
    case RatingTarget::kSidecar: return "sidecar";
    case RatingTarget::kAuto: break;
  }
  return "auto";
}

const char* RatingActionName(RatingAction action) {
  switch (action) {
    case RatingAction::kWritten: return "written";
    case RatingAction::kWouldWrite: return "would-write";
    case RatingAction::kSkipped: break;
  }
  return "skipped";
}

fs::path SidecarPath(const fs::path& image, SidecarStyle style) {
  if (style == SidecarStyle::kDarktable) return fs::path(image.string() + ".xmp");
  fs::path sidecar = image;
  return sidecar.replace_extension(".xmp");
}

bool IsRawFile(const fs::path& image) {
  const std::string ext = Lower(image.extension().string());
  return std::find(kRawSuffixes.begin(), kRawSuffixes.end(), ext) != kRawSuffixes.end();
}

bool CanEmbedXmp(const fs::path& image) { return metadata::ExivCanWriteXmp(image); }

bool RatingSource::UserRated() const {
  return rating && *rating != kRatingUnrated && (!versus.rating || *versus.rating != *rating);
}

std::optional<int> ImageRatings::Rating() const {
  for (const RatingSource& s : sources) {
    if (s.rating) return s.rating;
  }
  return std::nullopt;
}

const RatingSource* ImageRatings::UserRating() const {
  for (const RatingSource& s : sources) {
    if (s.UserRated()) return &s;
  }
  return nullptr;
}

ImageRatings ReadRatings(const fs::path& image) {
  std::error_code ec;
  if (!fs::is_regular_file(image, ec)) throw Error(image.string(), "the file vanished or is not a regular file");
  ImageRatings ratings;
  for (SidecarStyle style : {SidecarStyle::kDarktable, SidecarStyle::kLightroom}) {
    const fs::path sidecar = SidecarPath(image, style);
    if (sidecar != image && fs::exists(sidecar, ec)) ratings.sources.push_back(metadata::ReadSource(sidecar, true));
  }
  if (!IsRawFile(image) && !metadata::ExivCanWriteXmp(image)) return ratings;  // BMP, PPM, ...: no XMP inside
  try {
    ratings.sources.push_back(metadata::ReadSource(image, false));
  } catch (const Error& e) {
    ratings.embedded_error = e.what();  // a sidecar can still carry the rating
  }
  return ratings;
}

RatingWriter::RatingWriter(RatingWriteOptions options) : options_(options) {}

void RatingWriter::LockFolder(const fs::path& folder) {
  if (options_.dry_run) return;
  // One lock per real folder, however it was named ("." , "shoot/", a symlink).
  std::error_code ec;
  fs::path key = fs::canonical(folder, ec);
  if (ec) key = fs::absolute(folder).lexically_normal();
  if (locks_.count(key) == 0) locks_.emplace(key, FolderLock(key));
}

std::size_t RatingWriter::stale_temps_removed() const {
  std::size_t total = 0;
  for (const auto& [folder, lock] : locks_) total += lock.stale_temps_removed();
  return total;
}

fs::path RatingWriter::TargetFile(const fs::path& image) const {
  const fs::path chosen = NewSidecarPath(image, options_.sidecar_style);
  // Raws are rated by sidecar only, even under --target embedded: Exiv2 rewriting a
  // camera's raw is a risk no rating is worth (and a truncated raw cannot be checked).
  if (IsRawFile(image)) return chosen;
  if (options_.target == RatingTarget::kEmbedded) return image;
  if (options_.target == RatingTarget::kSidecar) return chosen;
  // auto: a sidecar that exists is where the user's photo manager keeps this image's
  // metadata (darktable reads it before the embedded XMP), so the rating goes there.
  std::error_code ec;
  if (fs::exists(chosen, ec)) return chosen;
  const SidecarStyle other_style =
      options_.sidecar_style == SidecarStyle::kDarktable ? SidecarStyle::kLightroom : SidecarStyle::kDarktable;
  const fs::path other = SidecarPath(image, other_style);
  if (other != image && fs::exists(other, ec) && other == NewSidecarPath(image, other_style)) return other;
  // Embedded only in JPEG (Lightroom reads a JPEG's rating nowhere else): there versus
  // splices just the XMP segments and the check before the rename proves every other
  // byte identical. In PNG, TIFF and WebP Exiv2 re-serialises Exif (values kept, byte
  // order may change), so auto keeps those files untouched and writes a sidecar.
  if (IsRawFile(image) || WriteBitsOff(image) || !metadata::IsJpeg(image)) return chosen;
  return image;
}

RatingWriteResult RatingWriter::Write(const fs::path& image, const RatingValues& values) {
  if (values.set_rating && (values.stars < kRatingRejected || values.stars > 5)) {
    throw Error(image.string(), "rating " + std::to_string(values.stars) + " is outside -1..5");
  }
  const ImageRatings ratings = ReadRatings(image);
  RatingWriteResult result;
  result.target_file = TargetFile(image);
  result.previous = ratings.Rating();
  if (options_.target == RatingTarget::kAuto && result.target_file == image && !ratings.embedded_error.empty()) {
    result.target_file = NewSidecarPath(image, options_.sidecar_style);  // never rewrite metadata we cannot read
  }
  const bool to_sidecar = result.target_file != image;
  if (!to_sidecar && !ratings.embedded_error.empty()) throw Error(image.string(), ratings.embedded_error);

  if (const RatingSource* user = ratings.UserRating(); user && values.set_rating && !options_.overwrite) {
    result.user_rating_kept = true;
    result.reason = "rated " + std::to_string(*user->rating) + " by the user in " + user->file.filename().string() +
                    " (kept; --overwrite replaces it)";
    return result;
  }
  const auto at_target = std::find_if(ratings.sources.begin(), ratings.sources.end(),
                                      [&](const RatingSource& s) { return s.file == result.target_file; });
  if (at_target != ratings.sources.end() && AlreadyWritten(*at_target, values)) {
    result.reason = values.set_rating ? "already rated " + std::to_string(values.stars) + " by versus"
                                      : "already labelled " + values.label;
    return result;
  }
  if (options_.dry_run) {
    result.action = RatingAction::kWouldWrite;
    return result;
  }

  LockFolder(LockFolderOf(result.target_file));
  const fs::path target = result.target_file;
  const auto edit = [&](const fs::path& temp) { metadata::WriteFields(temp, values, target); };
  std::error_code ec;
  if (!fs::exists(target, ec)) {
    CreateFileAtomically(target, [&](const fs::path& temp) { metadata::WriteNewSidecar(temp, values, target); }, image);
  } else if (to_sidecar) {
    ReplaceFileAtomically(target, edit, {}, ReplaceOptions{!options_.touch});
  } else {
    const auto check = [&](const fs::path& temp, const fs::path& original) {
      metadata::CheckImageDataUnchanged(temp, original, target);
    };
    ReplaceFileAtomically(target, edit, check, ReplaceOptions{!options_.touch});
  }
  result.action = RatingAction::kWritten;
  return result;
}

}  // namespace versus::engine
