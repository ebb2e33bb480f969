#include "file_transfers.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

#include "move_journal.hpp"
#include "versus/engine/raw_pairs.hpp"
#include "versus/engine/safe_file.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPartialSuffix = ".versus-partial";

std::runtime_error SystemError(const fs::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

// Absolute, without "." / ".." or a trailing separator, so paths compare as strings.
fs::path Normal(const fs::path& p) {
  fs::path out = fs::absolute(p).lexically_normal();
  return out.has_filename() ? out : out.parent_path();
}

bool Exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// "IMG_1.CR2" -> "IMG_1-2.CR2" for attempt 2.
std::string Numbered(const std::string& name, int attempt) {
  if (attempt == 1) return name;
  const fs::path p(name);
  return p.stem().string() + "-" + std::to_string(attempt) + p.extension().string();
}

// The sidecar's name for an image renamed to `image_name`: same style as the original.
std::string SidecarName(const fs::path& sidecar, const fs::path& image, const std::string& image_name) {
  const std::string xmp = sidecar.extension().string();  // ".xmp" or ".XMP", kept
  const bool darktable = sidecar.stem() == image.filename();
  return darktable ? image_name + xmp : fs::path(image_name).stem().string() + xmp;
}

}  // namespace

fs::path PartialPathFor(const fs::path& to) {
  return to.parent_path() / ("." + to.filename().string() + kPartialSuffix);
}

namespace {

bool IsPartial(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > std::strlen(kPartialSuffix) && name.front() == '.' &&
         name.ends_with(kPartialSuffix);
}

// Partial copies an interrupted run left behind (hidden, so never mistaken for photos).
void RemovePartials(const fs::path& folder) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (IsPartial(entry.path())) fs::remove(entry.path(), ec);
  }
}

void RenameNoReplace(const fs::path& from, const fs::path& to);

// Copies to a hidden partial file beside `to`, fsyncs it and gives it the source's
// times and extended attributes; the caller then puts it in place with RenameNoReplace.
// A copy that fails (a full disk) leaves no partial file behind.
fs::path CopyToPartial(const fs::path& from, const fs::path& to) {
  const fs::path partial = PartialPathFor(to);
  std::error_code ec;
  fs::remove(partial, ec);
  const FileTimes times = ReadFileTimes(from);  // before reading it moves the access time
  try {
    if (!fs::copy_file(from, partial, ec)) throw std::runtime_error(partial.string() + ": cannot copy: " + ec.message());
    engine::CopyExtendedAttributes(from, partial);
    SyncPath(partial);
    SetFileTimes(partial, times);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  return partial;
}

// Puts a finished partial copy in place, or removes it if that fails.
void PlacePartial(const fs::path& partial, const fs::path& to) {
  try {
    RenameNoReplace(partial, to);
  } catch (...) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw;
  }
}

// rename(2) that refuses to replace an existing target (the plan checked, but another
// program may have put a file there since).
void RenameNoReplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw std::runtime_error(to.string() + ": already exists; not replaced");
  if (errno != EINVAL) throw SystemError(to, "cannot move '" + from.string() + "' here");
  // Filesystems without RENAME_NOREPLACE: link(2) also never replaces.
  if (::link(from.c_str(), to.c_str()) != 0) throw SystemError(to, "cannot move '" + from.string() + "' here");
  ::unlink(from.c_str());
}

}  // namespace

std::vector<fs::path> SidecarsOf(const fs::path& image) {
  std::vector<fs::path> found;
  for (const char* xmp : {".xmp", ".XMP"}) {
    for (fs::path candidate : {fs::path(image.string() + xmp), fs::path(image).replace_extension(xmp)}) {
      if (candidate != image && Exists(candidate) &&
          std::find(found.begin(), found.end(), candidate) == found.end()) {
        found.push_back(candidate);
      }
    }
  }
  return found;
}

namespace {

// The files of one photo that travel together: the image, the companions of its
// raw+JPEG pair, and every one's sidecars; none already planned for another photo.
struct PhotoFiles {
  std::vector<fs::path> members;                // [0] is the image
  std::vector<std::vector<fs::path>> sidecars;  // per member
};

PhotoFiles GatherPhoto(const fs::path& image, const std::vector<fs::path>& companions, std::set<fs::path>& claimed) {
  PhotoFiles photo{{image}, {}};
  for (const fs::path& c : companions) {
    if (claimed.insert(c).second) photo.members.push_back(c);
  }
  for (const fs::path& member : photo.members) {
    photo.sidecars.emplace_back();
    for (const fs::path& s : SidecarsOf(member)) {
      if (claimed.insert(s).second) photo.sidecars.back().push_back(s);
    }
  }
  return photo;
}

// The photo's files under the image's new name: a companion keeps its own suffix
// (IMG_1-2.JPG + IMG_1-2.CR2), sidecars keep their style.
std::vector<PlannedTransfer> PhotoTransfers(const PhotoFiles& photo, const fs::path& folder, const std::string& name) {
  std::vector<PlannedTransfer> out;
  for (std::size_t m = 0; m < photo.members.size(); ++m) {
    const fs::path& member = photo.members[m];
    const std::string member_name = m == 0 ? name : fs::path(name).stem().string() + member.extension().string();
    out.push_back({member, folder / member_name, false, m != 0});
    for (const fs::path& s : photo.sidecars[m]) out.push_back({s, folder / SidecarName(s, member, member_name), true});
  }
  return out;
}

}  // namespace

std::vector<PlannedTransfer> PlanTransfers(const std::vector<ImageDestination>& destinations) {
  std::vector<fs::path> images;
  for (const ImageDestination& d : destinations) images.push_back(Normal(d.image));
  const auto companions = engine::FindCompanions(images);
  std::vector<PlannedTransfer> plan;
  std::set<fs::path> taken, claimed;  // claimed: files already planned to travel (with any photo)
  auto free = [&](const fs::path& p) { return !taken.contains(p) && !Exists(p); };
  for (const ImageDestination& d : destinations) {
    const fs::path image = Normal(d.image);
    const fs::path folder = Normal(d.folder);
    if (folder / d.name == image) continue;         // already where it belongs (a re-run)
    if (!claimed.insert(image).second) continue;   // travels already as another photo's companion
    const auto found = companions.find(image);
    const PhotoFiles photo = GatherPhoto(image, found == companions.end() ? std::vector<fs::path>{} : found->second,
                                         claimed);
    for (int attempt = 1;; ++attempt) {
      const std::vector<PlannedTransfer> files = PhotoTransfers(photo, folder, Numbered(d.name, attempt));
      if (!std::all_of(files.begin(), files.end(), [&](const PlannedTransfer& t) { return free(t.to); })) continue;
      for (const PlannedTransfer& t : files) taken.insert(t.to);
      plan.insert(plan.end(), files.begin(), files.end());
      break;
    }
  }
  return plan;
}

void MoveFile(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno != EXDEV) {
    RenameNoReplace(from, to);  // reports the error (or handles EINVAL)
    return;
  }
  PlacePartial(CopyToPartial(from, to), to);
  SyncPath(to.parent_path());
  if (::unlink(from.c_str()) != 0) throw SystemError(from, "copied, but cannot delete the original");
}

void CopyFile(const fs::path& from, const fs::path& to) {
  PlacePartial(CopyToPartial(from, to), to);
  SyncPath(to.parent_path());
}

TransferReport ExecuteTransfers(const std::vector<PlannedTransfer>& plan, TransferMode mode,
                                const fs::path& journal_folder, FolderLocks& locks) {
  TransferReport report;
  if (plan.empty()) return report;
  // The journal's own folder cannot be journalled before it exists: make it, then
  // record it first thing, so undo removes it too (an empty folder is all a crash
  // in between can leave).
  std::vector<fs::path> missing;
  for (fs::path dir = Normal(journal_folder); !Exists(dir); dir = dir.parent_path()) missing.push_back(dir);
  fs::create_directories(journal_folder);
  locks.Lock({journal_folder});
  MoveJournal journal(journal_folder);
  report.journal = journal.path();
  std::set<fs::path> made(missing.begin(), missing.end());
  for (auto dir = missing.rbegin(); dir != missing.rend(); ++dir) {
    journal.Record({FileOperation::Kind::kMakeDir, *dir, {}, 0, 0, {}});
  }
  for (const PlannedTransfer& t : plan) {
    try {
      // Folders are journalled before they exist, so undo can remove them again.
      for (fs::path dir = t.to.parent_path(); !Exists(dir) && !made.contains(dir); dir = dir.parent_path()) {
        journal.Record({FileOperation::Kind::kMakeDir, dir, {}, 0, 0, {}});
        made.insert(dir);
      }
      fs::create_directories(t.to.parent_path());
      RemovePartials(t.to.parent_path());
      FileOperation op{mode == TransferMode::kMove ? FileOperation::Kind::kMove : FileOperation::Kind::kCopy,
                       t.from, t.to, fs::file_size(t.from), ModificationTimeNs(t.from), FileFingerprint(t.from)};
      journal.Record(op);
      mode == TransferMode::kMove ? MoveFile(t.from, t.to) : CopyFile(t.from, t.to);
      ++report.done;
    } catch (const std::exception& e) {
      report.errors.push_back({t.from.string(), e.what()});
    }
  }
  return report;
}

void PrintPlan(const std::vector<PlannedTransfer>& plan, TransferMode mode, std::FILE* out) {
  const char* verb = mode == TransferMode::kMove ? "move" : "copy";
  for (const PlannedTransfer& t : plan) {
    std::fprintf(out, "%s %s -> %s%s\n", verb, t.from.c_str(), t.to.c_str(),
                 t.sidecar ? "  (sidecar)" : t.companion ? "  (raw+JPEG companion)" : "");
  }
}

TransferReport CarryOut(const std::vector<PlannedTransfer>& plan, TransferMode mode, const fs::path& journal_folder,
                        bool dry_run, const char* command, std::FILE* plan_out, FolderLocks* locks) {
  if (dry_run) {
    PrintPlan(plan, mode, plan_out);
    std::fprintf(stderr, "versus %s: dry run: %zu file(s) would be %s; nothing was changed\n", command, plan.size(),
                 mode == TransferMode::kMove ? "moved" : "copied");
    return {};
  }
  TransferReport report;
  try {
    FolderLocks own;
    report = ExecuteTransfers(plan, mode, journal_folder, locks != nullptr ? *locks : own);
  } catch (const std::exception& e) {  // no lock or no journal: nothing was moved
    report.errors.push_back({journal_folder.string(), e.what()});
    report.refused = true;
    std::fprintf(stderr, "versus %s: %s: %s\n", command, journal_folder.c_str(), e.what());
    return report;
  }
  for (const auto& e : report.errors) std::fprintf(stderr, "versus: %s: %s\n", e.path.c_str(), e.reason.c_str());
  std::fprintf(stderr, "versus %s: %zu file(s) %s, %zu failed\n", command, report.done,
               mode == TransferMode::kMove ? "moved" : "copied", report.errors.size());
  if (!report.journal.empty()) std::fprintf(stderr, "versus %s: undo with: versus undo '%s'\n", command, report.journal.c_str());
  return report;
}

}  // namespace versus::cli
