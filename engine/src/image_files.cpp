// Walking the user's paths. Symlinks are followed (photographers link folders), so
// every folder is identified by device+inode and visited once: loops end, with a note.
#include "versus/engine/image_files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <system_error>
#include <utility>

#include "versus/engine/decoder.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 22> kImageSuffixes = {
    ".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif", ".avif", ".jxl",
    ".gif", ".bmp", ".ppm", ".pgm", ".pbm", ".pnm", ".pfm", ".exr", ".jp2", ".svg", ".fits"};

std::string LowerSuffix(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

bool HasImageSuffix(const fs::path& path) {
  const std::string ext = LowerSuffix(path);
  return std::find(kImageSuffixes.begin(), kImageSuffixes.end(), ext) != kImageSuffixes.end();
}

class Walker {
 public:
  explicit Walker(bool recursive) : recursive_(recursive) {}

  void AddInput(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) {
      const bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
      list_.errors.push_back({path.string(), dangling ? "broken symbolic link" : "no such file or folder"});
      return;
    }
    if (fs::is_directory(status)) {
      AddNamedFolder(path);
      return;
    }
    AddFile(path);  // named directly: always tried, and reported if it is not an image
  }

  ImageFileList Finish() {
    std::sort(list_.files.begin(), list_.files.end());
    list_.files.erase(std::unique(list_.files.begin(), list_.files.end()), list_.files.end());
    return std::move(list_);
  }

 private:
  void AddFile(const fs::path& path) { list_.files.push_back(path.lexically_normal()); }

  // A folder the user named that holds no images itself but sub-folders that do (a
  // library of shoots) is searched as if -r had been given: that is what was meant.
  void AddNamedFolder(const fs::path& folder) {
    const std::size_t files = list_.files.size(), skipped = list_.skipped, errors = list_.errors.size();
    AddFolder(folder);
    if (recursive_ || list_.files.size() != files) return;
    list_.skipped = skipped;
    list_.errors.resize(errors);
    struct stat st{};
    if (::stat(folder.c_str(), &st) == 0) visited_.erase({st.st_dev, st.st_ino});
    recursive_ = true;
    AddFolder(folder);
    recursive_ = false;
    if (list_.files.size() != files) list_.searched_recursively.push_back(folder);
  }

  void AddFolder(const fs::path& folder) {
    struct stat st{};
    if (::stat(folder.c_str(), &st) != 0) return;
    if (!visited_.insert({st.st_dev, st.st_ino}).second) {
      list_.errors.push_back({folder.string(), "folder already visited through another link (symlink loop); skipped"});
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      list_.errors.push_back({folder.string(), "cannot read folder: " + ec.message()});
      return;
    }
    for (const fs::directory_entry& entry : it) {
      const fs::path& path = entry.path();
      const std::string name = path.filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::error_code sec;
      const auto status = fs::status(path, sec);
      if (!fs::exists(status)) {
        list_.errors.push_back({path.string(), fs::is_symlink(entry.symlink_status(sec)) ? "broken symbolic link"
                                                                                           : "cannot read: " + sec.message()});
        continue;
      }
      if (fs::is_directory(status)) {
        if (recursive_) AddFolder(path);
        continue;
      }
      if (!fs::is_regular_file(status) || LowerSuffix(path) == ".xmp") continue;
      // Camera raws are candidates even when libvips cannot read them, so a shoot's
      // raws are reported as not ranked instead of vanishing into `skipped`.
      if (HasImageSuffix(path) || IsRawFile(path) || IsImageFile(path)) {
        AddFile(path);
      } else {
        ++list_.skipped;
      }
    }
  }

  bool recursive_;
  ImageFileList list_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

ImageFileList FindImages(const std::vector<fs::path>& inputs, bool recursive) {
  Walker walker(recursive);
  for (const fs::path& input : inputs) walker.AddInput(input);
  return walker.Finish();
}

}  // namespace versus::engine
