// `versus undo JOURNAL`: puts every file a `sort` or `cull --action move` moved or
// copied back exactly (same path, same bytes, same mtime), or changes nothing at all.
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>

#include "commands.hpp"
#include "file_transfers.hpp"
#include "folder_locks.hpp"
#include "image_inputs.hpp"
#include "move_journal.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: versus undo JOURNAL [--dry-run]\n\n"
    "Reverses a `versus sort` or `versus cull --action move` run from the journal it\n"
    "wrote (DIR/.versus-journal-<time>.jsonl, printed by that run): moved files go back\n"
    "to their original paths with their original modification times, copies are\n"
    "deleted, folders the run made are removed if empty, then the journal itself.\n"
    "Every file is checked first; if any was changed since (different bytes) or its\n"
    "original path is taken, nothing is touched and the conflicts are listed.\n"
    "Operations an interrupted run never carried out are skipped.\n\n"
    "example: versus undo ~/sorted/.versus-journal-20260101T120000Z.jsonl\n\n";

bool Exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

bool Unchanged(const fs::path& path, const FileOperation& op) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && fs::file_size(path, ec) == op.size && FileFingerprint(path) == op.fingerprint;
}

enum class Step { kRestore, kSkip };

// What undoing one operation needs, or why it cannot be undone (thrown as text).
Step Check(const FileOperation& op) {
  const bool at_target = Exists(op.to);
  if (op.kind == FileOperation::Kind::kCopy) {
    if (!at_target) return Step::kSkip;  // never copied (interrupted) or already removed
    if (!Unchanged(op.to, op)) throw std::runtime_error(op.to.string() + ": changed since it was copied; not deleted");
    return Step::kRestore;
  }
  if (!at_target) {
    if (Exists(op.from) && Unchanged(op.from, op)) return Step::kSkip;  // the move never happened
    throw std::runtime_error(op.to.string() + ": missing (moved or deleted since); cannot put it back at " +
                             op.from.string());
  }
  if (!Unchanged(op.to, op)) throw std::runtime_error(op.to.string() + ": changed since it was moved; not moved back");
  if (Exists(op.from)) throw std::runtime_error(op.from.string() + ": original path is taken by another file");
  return Step::kRestore;
}

void Restore(const FileOperation& op) {
  if (op.kind == FileOperation::Kind::kCopy) {
    fs::remove(op.to);
    return;
  }
  fs::create_directories(op.from.parent_path());
  MoveFile(op.to, op.from);
  SetModificationTimeNs(op.from, op.mtime_ns);
}

// Checks every entry, newest first, before anything is touched: all or nothing.
// Returns the operations to reverse, or nullopt after listing the conflicts.
std::optional<std::vector<const FileOperation*>> CheckAll(const std::vector<FileOperation>& ops) {
  std::vector<const FileOperation*> restore;
  std::size_t conflicts = 0;
  for (auto op = ops.rbegin(); op != ops.rend(); ++op) {
    if (op->kind == FileOperation::Kind::kMakeDir) continue;
    try {
      if (Check(*op) == Step::kRestore) restore.push_back(&*op);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "versus undo: %s\n", e.what());
      ++conflicts;
    }
  }
  if (conflicts == 0) return restore;
  std::fprintf(stderr, "versus undo: %zu conflict(s); nothing was changed\n", conflicts);
  return std::nullopt;
}

bool RestoreAll(const std::vector<const FileOperation*>& restore, bool dry_run) {
  for (const FileOperation* op : restore) {
    const bool copy = op->kind == FileOperation::Kind::kCopy;
    std::printf("%s %s -> %s\n", copy ? "delete copy" : "move back", op->to.c_str(),
                copy ? "(original kept)" : op->from.c_str());
    if (dry_run) continue;
    try {
      Restore(*op);
    } catch (const std::exception& e) {
      // Undo is idempotent: what was restored is skipped next time, so stop and say so.
      std::fprintf(stderr, "versus undo: %s\nversus undo: stopped; run it again once fixed\n", e.what());
      return false;
    }
  }
  return true;
}

// Partial copies a killed cross-filesystem move (or a killed undo) left beside either
// end of an operation: never a user's file (hidden, versus's own suffix).
void RemovePartials(const std::vector<FileOperation>& ops) {
  std::error_code ec;
  for (const FileOperation& op : ops) {
    if (op.kind == FileOperation::Kind::kMakeDir) continue;
    fs::remove(PartialPathFor(op.to), ec);
    fs::remove(PartialPathFor(op.from), ec);
  }
}

std::vector<fs::path> FoldersTouched(const fs::path& journal, const std::vector<FileOperation>& ops) {
  std::vector<fs::path> folders{journal.parent_path()};
  for (const FileOperation& op : ops) {
    if (op.kind == FileOperation::Kind::kMakeDir) continue;
    folders.push_back(op.from.parent_path());
    folders.push_back(op.to.parent_path());
  }
  return folders;
}

}  // namespace

int RunUndo(int argc, char** argv) {
  std::vector<std::string> paths;
  bool dry_run = false;
  po::options_description options("options");
  options.add_options()("help,h", "show this help")("dry-run,n", po::bool_switch(&dry_run),
                                                     "check and print what would be restored; change nothing");
  const CommandText text{"undo", kUsage, "0 restored, 1 usage error, 3 nothing restored (conflicts listed)"};
  if (const auto stop = ParsePathArgs(argc, argv, options, paths, text)) return *stop;
  if (paths.size() != 1) {
    std::fprintf(stderr, "versus undo: give exactly one JOURNAL\n%s", kUsage);
    return kExitUsage;
  }
  const fs::path journal = fs::absolute(paths[0]);
  std::vector<FileOperation> ops;
  try {
    ops = ReadJournal(journal);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "versus undo: %s\n", e.what());
    return kExitFailed;
  }
  // undo deletes its journal at the end: an empty file of another name is not one.
  if (ops.empty() && !journal.filename().string().starts_with(".versus-journal-")) {
    std::fprintf(stderr,
                 "versus undo: %s: not an undo journal (no entries, and not named "
                 ".versus-journal-*.jsonl); left as it is\n",
                 journal.c_str());
    return kExitFailed;
  }

  // No sort, cull or rate may touch the journal's folder or any folder a file goes
  // back to or from meanwhile.
  std::optional<FolderLocks> locks;
  try {
    if (!dry_run) locks.emplace().Lock(FoldersTouched(journal, ops));
  } catch (const engine::Error& e) {
    std::fprintf(stderr, "versus undo: %s\n", e.what());
    return kExitFailed;
  }
  const auto restore = CheckAll(ops);
  if (!restore) return kExitFailed;
  if (!RestoreAll(*restore, dry_run)) return kExitFailed;
  if (dry_run) return kExitOk;
  RemovePartials(ops);
  locks.reset();
  std::error_code ec;
  fs::remove(journal, ec);
  for (auto op = ops.rbegin(); op != ops.rend(); ++op) {
    if (op->kind == FileOperation::Kind::kMakeDir) fs::remove(op->from, ec);  // only if empty
  }
  std::fprintf(stderr, "versus undo: %zu file(s) restored\n", restore->size());
  return kExitOk;
}

}  // namespace versus::cli
