#pragma once
/// Star ratings in XMP, as photo managers read them: `Xmp.xmp.Rating` (-1 rejected,
/// 0 unrated, 1..5 stars), embedded in the image or in a sidecar of either naming
/// style, plus versus's own fields in its namespace (prefix `versus`, URI
/// kVersusXmpNamespace) so a later run or the plug-in can read back what versus wrote:
///
///   Xmp.versus.rating      the stars versus wrote (tells its rating from the user's)
///   Xmp.versus.score       Bradley-Terry score (log-odds scale, higher = better)
///   Xmp.versus.confidence  0..1, the probability that the stars are right
///   Xmp.versus.judge       the comparator that judged the pairs
///
/// Writing (RatingWriter) changes only these fields (and Xmp.xmp.Label, the colour label,
/// when asked: `cull --action label`), atomically (safe_file.hpp), and
/// checks before the rename that the image data is byte-for-byte what it was (JPEG:
/// every byte outside the XMP segments). Reading merges a JPEG's Extended XMP.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "versus/engine/safe_file.hpp"

namespace versus::engine {

inline constexpr const char* kVersusXmpNamespace = "http://ns.versus-photo.org/xmp/1.0/";
inline constexpr int kRatingRejected = -1;
inline constexpr int kRatingUnrated = 0;

/// Sidecar naming: darktable `IMG_1.CR2.xmp`; Lightroom, Capture One, digiKam's
/// "filename.xmp" option: `IMG_1.xmp`.
enum class SidecarStyle { kDarktable, kLightroom };

/// Where a rating goes. kAuto, first rule that applies: an existing sidecar (chosen
/// style, then the other: the user's photo manager keeps this image's metadata there);
/// a new sidecar for raw files, DNG included (editors treat raws as read-only: never
/// rewritten), files whose write bits are off, files whose embedded metadata is
/// unreadable or whose JPEG structure is damaged, and every format but JPEG; embedded
/// in JPEG. Why JPEG embedded: Lightroom Classic reads a JPEG's rating only from its
/// embedded XMP, and there versus splices the XMP segments itself (Exiv2 serialises the
/// packet only; Extended XMP over 65,502 bytes), so every byte outside them stays, which
/// the writer proves before the rename. TIFF, PNG, WebP: Exiv2 would re-serialise
/// their Exif (values kept, byte order may change), so kEmbedded is needed to embed
/// there; HEIF, BMP, GIF, PPM cannot be written (kEmbedded fails for them). The table
/// of which tool reads which file: cli/README.md, `versus rate`.
enum class RatingTarget { kAuto, kEmbedded, kSidecar };

/// Parse/print the command-line names ("auto", "embedded", "sidecar"; "darktable",
/// "lightroom"). Parsers throw engine::Error for other names.
RatingTarget ParseRatingTarget(const std::string& name);
SidecarStyle ParseSidecarStyle(const std::string& name);
const char* RatingTargetName(RatingTarget target);

std::filesystem::path SidecarPath(const std::filesystem::path& image, SidecarStyle style);
/// By suffix: .cr2 .cr3 .nef .arw .dng .raf .orf .rw2 .pef .srw and other camera raws.
bool IsRawFile(const std::filesystem::path& image);
/// Exiv2 recognises the file's content and can write XMP into it.
bool CanEmbedXmp(const std::filesystem::path& image);

/// versus's fields as found in (or to be written to) one file.
struct VersusFields {
  std::optional<int> rating;         ///< Xmp.versus.rating
  std::optional<double> score;       ///< Xmp.versus.score
  std::optional<double> confidence;  ///< Xmp.versus.confidence
  std::string judge;                 ///< Xmp.versus.judge ("" = absent)
};

/// The rating metadata of one file: the image itself or one of its sidecars.
struct RatingSource {
  std::filesystem::path file;
  bool sidecar = false;
  std::optional<int> rating;  ///< Xmp.xmp.Rating, if present
  std::string label;          ///< Xmp.xmp.Label, if present
  VersusFields versus;
  /// A rating a person (or another program) set: present, not 0, and not the value
  /// versus recorded in Xmp.versus.rating (a user who changes versus's stars owns them).
  bool UserRated() const;
};

/// Every place an image's rating can live, in the order photo managers prefer them:
/// darktable sidecar, Lightroom sidecar, embedded. Only files that exist are listed.
struct ImageRatings {
  std::vector<RatingSource> sources;
  /// Set when the image's own metadata is unreadable or corrupt; it is then not
  /// among `sources`, and only a sidecar can take a rating.
  std::string embedded_error;
  /// The rating a photo manager shows: the first source that has one.
  std::optional<int> Rating() const;
  /// The first source with a user-set rating, or nullptr.
  const RatingSource* UserRating() const;
};

/// Reads `image`'s sidecars and embedded XMP. Throws engine::Error(path, reason) if the
/// image is gone or a sidecar is unreadable or corrupt (corrupt embedded metadata goes
/// to embedded_error). A format Exiv2 cannot write has no embedded source.
ImageRatings ReadRatings(const std::filesystem::path& image);

/// What to write: the stars (-1..5) and versus's record; Xmp.versus.rating is always
/// set to `stars`, the other versus fields only if given. With set_rating false only
/// the label is written (a user's rating never stands in its way).
struct RatingValues {
  int stars = kRatingUnrated;
  std::optional<double> score;
  std::optional<double> confidence;
  std::string judge;
  std::string label;        ///< Xmp.xmp.Label (colour label) to set; empty: left as it is
  bool set_rating = true;   ///< false: leave Xmp.xmp.Rating and Xmp.versus.* alone
};

struct RatingWriteOptions {
  RatingTarget target = RatingTarget::kAuto;
  SidecarStyle sidecar_style = SidecarStyle::kDarktable;
  bool overwrite = false;  ///< replace ratings the user set (else skip them)
  bool touch = false;      ///< let file times change (else they are kept)
  bool dry_run = false;    ///< decide and report, write nothing, take no lock
};

enum class RatingAction { kWritten, kWouldWrite, kSkipped };
const char* RatingActionName(RatingAction action);  ///< "written", "would-write", "skipped"

struct RatingWriteResult {
  RatingAction action = RatingAction::kSkipped;
  std::filesystem::path target_file;  ///< the image or the sidecar written (or that would be)
  std::optional<int> previous;        ///< ImageRatings::Rating() before the write
  bool user_rating_kept = false;      ///< skipped because the user rated it
  std::string reason;                 ///< why skipped, in words
};

/// Writes ratings, holding each folder's lock from the first write there until the
/// writer is destroyed. Reusable by every command that rates (rate, cull --action
/// reject) and by the plug-in. Not thread-safe: one writer per thread.
class RatingWriter {
 public:
  explicit RatingWriter(RatingWriteOptions options);

  /// Takes `folder`'s lock now, so a second process is refused before long work.
  /// Throws engine::Error. No-op in a dry run.
  void LockFolder(const std::filesystem::path& folder);

  /// Writes `values` for `image` (or, in a dry run, says it would). Throws
  /// engine::Error(path, reason) when the file cannot be read or written; the file is
  /// then left as it was.
  RatingWriteResult Write(const std::filesystem::path& image, const RatingValues& values);

  /// Where Write would put a rating for `image` under these options.
  std::filesystem::path TargetFile(const std::filesystem::path& image) const;

  /// `.versus-tmp-*` files of interrupted runs removed from the folders locked so far.
  std::size_t stale_temps_removed() const;

 private:
  RatingWriteOptions options_;
  std::map<std::filesystem::path, FolderLock> locks_;
};

}  // namespace versus::engine
