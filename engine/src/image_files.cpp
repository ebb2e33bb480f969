// Walking the user's paths. Every folder is identified by device+inode and visited
// once (loops end, with a note), every file likewise (one file under two names is one
// photo). Symlinks inside a named folder are followed while they stay inside it.
#include "versus/engine/image_files.hpp"

#include <sys/stat.h>
#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>

#include "versus/engine/decoder.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;
using namespace std::string_view_literals;

// Suffixes under which a file in a folder is a candidate even when its content is not
// recognised, so a damaged photo is reported by the decoder instead of skipped.
constexpr std::array<std::string_view, 21> kImageSuffixes = {
    ".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif", ".avif", ".jxl",
    ".gif", ".bmp", ".ppm", ".pgm", ".pbm", ".pnm", ".pfm", ".exr", ".jp2", ".fits"};

// The raster formats versus judges, by their first bytes: the one formats table.
struct Signature {
  std::string_view format;
  std::size_t offset;
  std::string_view magic;
};
constexpr Signature kRasterSignatures[] = {
    {"JPEG", 0, "\xFF\xD8\xFF"sv},         {"PNG", 0, "\x89PNG\r\n\x1A\n"sv},
    {"TIFF", 0, "II*\0"sv},                {"TIFF", 0, "MM\0*"sv},
    {"TIFF", 0, "II+\0"sv},                {"TIFF", 0, "MM\0+"sv},  // BigTIFF
    {"WebP", 8, "WEBPVP8"sv},              {"HEIF", 4, "ftypheic"sv},
    {"HEIF", 4, "ftypheix"sv},             {"HEIF", 4, "ftyphevc"sv},
    {"HEIF", 4, "ftypheim"sv},             {"HEIF", 4, "ftypheis"sv},
    {"HEIF", 4, "ftypmif1"sv},             {"HEIF", 4, "ftypmsf1"sv},
    {"HEIF", 4, "ftypavif"sv},             {"HEIF", 4, "ftypavis"sv},
    {"GIF", 0, "GIF87a"sv},                {"GIF", 0, "GIF89a"sv},
    {"BMP", 0, "BM"sv},                    {"PNM", 0, "P1"sv},
    {"PNM", 0, "P2"sv},                    {"PNM", 0, "P3"sv},
    {"PNM", 0, "P4"sv},                    {"PNM", 0, "P5"sv},
    {"PNM", 0, "P6"sv},                    {"PNM", 0, "P7"sv},
    {"PNM", 0, "PF"sv},                    {"PNM", 0, "Pf"sv},
    {"JPEG XL", 0, "\xFF\x0A"sv},          {"JPEG XL", 0, "\0\0\0\x0CJXL \r\n\x87\n"sv},
    {"JPEG 2000", 0, "\0\0\0\x0CjP  \r\n\x87\n"sv}, {"JPEG 2000", 0, "\xFF\x4F\xFF\x51"sv},
    {"OpenEXR", 0, "v/1\x01"sv},           {"FITS", 0, "SIMPLE  ="sv},
    {"Radiance", 0, "#?RADIANCE"sv},       {"Radiance", 0, "#?RGBE"sv},
};

constexpr const char* kJudgedFormats =
    "versus judges JPEG, PNG, TIFF, WebP, HEIF/AVIF, GIF, BMP, PNM, JPEG XL, JPEG 2000, OpenEXR, FITS, Radiance "
    "and camera raws";

std::string LowerSuffix(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

bool HasImageSuffix(const fs::path& path) {
  const std::string ext = LowerSuffix(path);
  return std::find(kImageSuffixes.begin(), kImageSuffixes.end(), ext) != kImageSuffixes.end();
}

// A file libvips can read that is not a raster photo (a PDF, an SVG drawing, ...):
// the reason it is refused, or "" when libvips does not know the content either.
std::string NotRasterReason(const fs::path& path) {
  EnsureVipsStarted();
  const char* loader = vips_foreign_find_load(path.c_str());
  vips_error_clear();
  if (loader == nullptr) return "";
  std::string kind = loader;  // "VipsForeignLoadPdfFile" -> "Pdf"
  if (kind.rfind("VipsForeignLoad", 0) == 0) kind.erase(0, std::strlen("VipsForeignLoad"));
  if (kind.ends_with("File")) kind.resize(kind.size() - 4);
  return "not a raster image (its content is " + kind + ", a document or drawing, not a photo); " + kJudgedFormats;
}

// Why a path that does not lead to a file or folder is unusable.
std::string MissingReason(const fs::path& path, const std::error_code& status_error) {
  if (status_error.value() == ELOOP) return "symbolic link loop (links that lead to each other)";
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec))) return "broken symbolic link";
  if (status_error && status_error != std::errc::no_such_file_or_directory) return "cannot read: " + status_error.message();
  return "no such file or folder";
}

std::string SpecialFileReason(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "a FIFO (named pipe), not a file; skipped";
    case fs::file_type::socket: return "a socket, not a file; skipped";
    case fs::file_type::block: return "a block device, not a file; skipped";
    case fs::file_type::character: return "a character device, not a file; skipped";
    default: return "not a regular file; skipped";
  }
}

bool IsUnder(const fs::path& root, const fs::path& path) {
  const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

class Walker {
 public:
  Walker(bool recursive, bool follow_links, bool read_file_links)
      : recursive_(recursive), follow_links_(follow_links), read_file_links_(read_file_links) {}

  void AddInput(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) return Report(path, MissingReason(path, ec));
    if (fs::is_directory(status)) return AddNamedFolder(path);
    if (!fs::is_regular_file(status)) return Report(path, SpecialFileReason(status.type()));
    AddCandidate(path, /*named=*/true);  // named directly: tried, and reported if it is not an image
  }

  ImageFileList Finish() {
    std::sort(list_.files.begin(), list_.files.end());
    return std::move(list_);
  }

 private:
  void Report(const fs::path& path, const std::string& reason) { list_.errors.push_back({path.string(), reason}); }

  // One file, however it was named: identified by device+inode, first name kept, except
  // that the file's own name replaces a symlink's: sort --move and cull must move the
  // photo, not a link to it (which, moved, would point nowhere).
  void AddFile(const fs::path& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return list_.files.push_back(path.lexically_normal());
    const auto [seen, added] = files_seen_.try_emplace({st.st_dev, st.st_ino}, list_.files.size());
    if (added) return list_.files.push_back(path.lexically_normal());
    fs::path& kept = list_.files[seen->second];
    std::error_code ec;
    if (fs::is_symlink(kept, ec) && !fs::is_symlink(path, ec)) kept = path.lexically_normal();
  }

  void AddCandidate(const fs::path& path, bool named) {
    // Camera raws are candidates even when libvips cannot read them, so a shoot's
    // raws are reported as not ranked instead of vanishing into `skipped`.
    if (IsRawFile(path) || !RasterFormatOf(path).empty()) return AddFile(path);
    if (!named && !HasImageSuffix(path)) {
      ++list_.skipped;
      return;
    }
    if (const std::string reason = NotRasterReason(path); !reason.empty()) return Report(path, reason);
    AddFile(path);  // unknown content under an image name: the decoder says what is wrong
  }

  // Without -r a folder whose images all lie in sub-folders is reported rather than
  // searched: sort --move and rate must act only where the user pointed.
  void AddNamedFolder(const fs::path& folder) {
    struct stat st{};
    if (::stat(folder.c_str(), &st) == 0 && visited_.contains({st.st_dev, st.st_ino})) return;  // named twice
    std::error_code ec;
    root_ = fs::canonical(folder, ec);
    const std::size_t files = list_.files.size();
    AddFolder(folder);
    if (recursive_ || list_.files.size() != files || !HasSubFolders(folder)) return;
    Report(folder, "no images directly in this folder; it has sub-folders: add -r (--recursive) to search them");
  }

  // Only the top level is looked at: `versus rank ~` must not walk a whole home folder
  // just to say that -r is missing.
  static bool HasSubFolders(const fs::path& folder) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] != '.' && it->is_directory(ec)) return true;
    }
    return false;
  }

  // A symlink met inside a named folder that leads out of it: reported, not followed.
  // A link to a single photo is read where the command only reads (a folder of links
  // to selected frames is a common way to cull); a link to a folder never is.
  bool LeadsOutside(const fs::directory_entry& entry) {
    std::error_code ec;
    if (follow_links_ || !entry.is_symlink(ec)) return false;
    if (read_file_links_ && !entry.is_directory(ec)) return false;
    const fs::path target = fs::canonical(entry.path(), ec);
    if (ec || IsUnder(root_, target)) return false;
    Report(entry.path(), "symbolic link to '" + target.string() + "' leads outside '" + root_.string() +
                             "'; not followed (--follow-links follows it)");
    return true;
  }

  void AddFolder(const fs::path& folder) {
    struct stat st{};
    if (::stat(folder.c_str(), &st) != 0) return;
    if (!visited_.insert({st.st_dev, st.st_ino}).second) {
      return Report(folder, "folder already visited through another link (symlink loop); skipped");
    }
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) return Report(folder, "cannot read folder: " + ec.message());
    for (const fs::directory_entry& entry : it) {
      const fs::path& path = entry.path();
      const std::string name = path.filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::error_code sec;
      const auto status = fs::status(path, sec);
      if (!fs::exists(status)) {
        Report(path, MissingReason(path, sec));
        continue;
      }
      if (fs::is_directory(status) && !recursive_) continue;
      if (LeadsOutside(entry)) continue;
      if (fs::is_directory(status)) {
        AddFolder(path);
      } else if (!fs::is_regular_file(status)) {
        Report(path, SpecialFileReason(status.type()));
      } else if (LowerSuffix(path) != ".xmp") {
        AddCandidate(path, /*named=*/false);
      }
    }
  }

  bool recursive_;
  bool follow_links_;
  bool read_file_links_;
  fs::path root_;  ///< real path of the named folder being walked
  ImageFileList list_;
  std::set<std::pair<dev_t, ino_t>> visited_;
  std::map<std::pair<dev_t, ino_t>, std::size_t> files_seen_;  ///< file -> its index in list_.files
};

}  // namespace

std::string_view RasterFormatOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char bytes[32] = {};
  in.read(bytes, sizeof bytes);
  const std::string_view head(bytes, std::size_t(std::max<std::streamsize>(0, in.gcount())));
  for (const Signature& s : kRasterSignatures) {
    if (head.size() >= s.offset + s.magic.size() && head.substr(s.offset, s.magic.size()) == s.magic) return s.format;
  }
  return {};
}

ImageFileList FindImages(const std::vector<fs::path>& inputs, bool recursive, bool follow_links,
                         bool read_file_links) {
  Walker walker(recursive, follow_links, read_file_links);
  for (const fs::path& input : inputs) walker.AddInput(input);
  return walker.Finish();
}

}  // namespace versus::engine
