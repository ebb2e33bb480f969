// Raw+JPEG pairs: files of one folder grouped by base name. Each folder is listed once
// per call, so a shoot of thousands of files costs one directory read per folder.
#include "versus/engine/raw_pairs.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <system_error>

#include "versus/engine/xmp_rating.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

enum class PairRole { kNone, kJpeg, kRaw };

PairRole RoleOf(const fs::path& path) {
  if (IsJpegFile(path)) return PairRole::kJpeg;
  return IsRawFile(path) ? PairRole::kRaw : PairRole::kNone;
}

// Base name -> JPEGs and raws of one folder, by the same spelling as `image`'s folder
// (the paths the user gave, so companions read like the images they belong to).
using FolderIndex = std::map<std::string, std::vector<fs::path>>;

FolderIndex IndexFolder(const fs::path& folder) {
  FolderIndex index;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder.empty() ? "." : folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || RoleOf(entry.path()) == PairRole::kNone) continue;
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec)) continue;
    index[entry.path().stem().string()].push_back(folder / entry.path().filename());
  }
  for (auto& [stem, files] : index) std::sort(files.begin(), files.end());
  return index;
}

// The pair partners of `image` among the files with its base name: the other role only.
std::vector<fs::path> PartnersIn(const FolderIndex& index, const fs::path& image) {
  const PairRole role = RoleOf(image);
  std::vector<fs::path> partners;
  const auto same_stem = index.find(image.stem().string());
  if (role == PairRole::kNone || same_stem == index.end()) return partners;
  for (const fs::path& other : same_stem->second) {
    const PairRole other_role = RoleOf(other);
    if (other_role != PairRole::kNone && other_role != role) partners.push_back(other);
  }
  return partners;
}

}  // namespace

bool IsJpegFile(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".jpe";
}

std::map<fs::path, std::vector<fs::path>> FindCompanions(const std::vector<fs::path>& images) {
  std::map<fs::path, FolderIndex> folders;
  std::map<fs::path, std::vector<fs::path>> companions;
  for (const fs::path& image : images) {
    if (RoleOf(image) == PairRole::kNone) continue;
    const fs::path folder = image.parent_path();
    auto it = folders.find(folder);
    if (it == folders.end()) it = folders.emplace(folder, IndexFolder(folder)).first;
    std::vector<fs::path> partners = PartnersIn(it->second, image);
    if (!partners.empty()) companions[image] = std::move(partners);
  }
  return companions;
}

std::vector<fs::path> CompanionsOf(const fs::path& image) {
  auto found = FindCompanions({image});
  return found.empty() ? std::vector<fs::path>{} : std::move(found.begin()->second);
}

MergedPairs MergePairs(const std::vector<fs::path>& files) {
  std::set<fs::path> jpegs;
  for (const fs::path& f : files) {
    if (IsJpegFile(f)) jpegs.insert(f.lexically_normal());
  }
  const auto companions = FindCompanions(files);
  MergedPairs out;
  for (const fs::path& f : files) {
    const auto it = companions.find(f);
    const bool raw_of_listed_jpeg =
        IsRawFile(f) && it != companions.end() &&
        std::any_of(it->second.begin(), it->second.end(), [&](const fs::path& j) { return jpegs.contains(j.lexically_normal()); });
    (raw_of_listed_jpeg ? out.merged : out.files).push_back(f);
  }
  return out;
}

}  // namespace versus::engine
