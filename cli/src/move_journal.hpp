#pragma once
// The undo journal of `sort` and `cull --action move`: one JSON line per file operation,
// written and fsynced *before* the operation, so after a crash the journal names every
// file that may have moved. `versus undo JOURNAL` reads it back (undo_command.cpp).
//
//   {"op":"mkdir","path":"/abs/DIR/5-stars"}
//   {"op":"move","from":"/abs/a.jpg","to":"/abs/DIR/5-stars/a.jpg","size":123,"mtime_ns":...,"fingerprint":"..."}
//   {"op":"copy", ... same fields ...}
#include <time.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace versus::cli {

struct FileOperation {
  enum class Kind { kMakeDir, kMove, kCopy };
  Kind kind = Kind::kMove;
  std::filesystem::path from;  ///< kMakeDir: the folder made
  std::filesystem::path to;
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;   ///< the source's modification time, restored exactly
  std::string fingerprint;     ///< FileFingerprint of the bytes moved
};

/// 64-bit FNV-1a of the file's bytes, as 16 hex digits: tells undo whether a file was
/// changed after it was moved (not a security measure). Throws std::runtime_error.
std::string FileFingerprint(const std::filesystem::path& path);

/// Modification time in nanoseconds since the epoch; sets it (the access time is left).
std::int64_t ModificationTimeNs(const std::filesystem::path& path);
void SetModificationTimeNs(const std::filesystem::path& path, std::int64_t mtime_ns);
/// A file's access and modification times, to give another file (SetFileTimes).
struct FileTimes {
  timespec access{}, modification{};
};
FileTimes ReadFileTimes(const std::filesystem::path& path);
void SetFileTimes(const std::filesystem::path& path, const FileTimes& times);

/// Opens fsync(2) on a file or folder; throws std::runtime_error naming the path.
void SyncPath(const std::filesystem::path& path);

class MoveJournal {
 public:
  /// Creates `folder/.versus-journal-<UTC time>.jsonl` (never overwriting one).
  explicit MoveJournal(const std::filesystem::path& folder);
  ~MoveJournal();
  MoveJournal(const MoveJournal&) = delete;
  MoveJournal& operator=(const MoveJournal&) = delete;

  /// Appends one line and fsyncs it; throws std::runtime_error if it cannot.
  void Record(const FileOperation& operation);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

/// Every operation in a journal, in the order recorded; throws std::runtime_error for a
/// missing file or a line that is not an operation (naming the line).
std::vector<FileOperation> ReadJournal(const std::filesystem::path& path);

}  // namespace versus::cli
