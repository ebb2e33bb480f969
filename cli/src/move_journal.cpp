#include "move_journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "path_text.hpp"

namespace versus::cli {
namespace {

namespace fs = std::filesystem;

std::runtime_error SystemError(const fs::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

const char* KindName(FileOperation::Kind kind) {
  switch (kind) {
    case FileOperation::Kind::kMakeDir: return "mkdir";
    case FileOperation::Kind::kMove: return "move";
    case FileOperation::Kind::kCopy: return "copy";
  }
  return "?";
}

// A whole number in the journal: nlohmann converts a float like 1.2e21 by a cast that
// overflows (undefined behaviour, found by fuzz/move_journal_fuzzer), so only integers.
template <typename T>
T IntegerField(const nlohmann::json& line, const char* key) {
  const nlohmann::json& value = line.at(key);
  const bool fits = std::is_signed_v<T> ? value.is_number_integer() : value.is_number_unsigned();
  if (!fits) throw std::runtime_error(std::string("'") + key + "' is not a whole number in range");
  return value.get<T>();
}

FileOperation FromJson(const nlohmann::json& line) {
  FileOperation op;
  const std::string kind = line.at("op").get<std::string>();
  if (kind == "mkdir") {
    op.kind = FileOperation::Kind::kMakeDir;
    op.from = PathBytes(line.at("path").get<std::string>());
    return op;
  }
  if (kind != "move" && kind != "copy") throw std::runtime_error("unknown op '" + kind + "'");
  op.kind = kind == "move" ? FileOperation::Kind::kMove : FileOperation::Kind::kCopy;
  op.from = PathBytes(line.at("from").get<std::string>());
  op.to = PathBytes(line.at("to").get<std::string>());
  op.size = IntegerField<std::uintmax_t>(line, "size");
  op.mtime_ns = IntegerField<std::int64_t>(line, "mtime_ns");
  op.fingerprint = line.at("fingerprint").get<std::string>();
  return op;
}

}  // namespace

std::string FileFingerprint(const fs::path& path) {
  // O_NOATIME where allowed (our own files): checking a file must not change its atime.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOATIME);
  if (fd < 0) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw SystemError(path, "cannot read");
  std::uint64_t hash = 0xcbf29ce484222325ull;
  char buffer[1 << 16];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    for (ssize_t i = 0; i < n; ++i) hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 0x100000001b3ull;
  }
  const int error = errno;
  ::close(fd);
  if (n < 0) {
    errno = error;
    throw SystemError(path, "cannot read");
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::int64_t ModificationTimeNs(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw SystemError(path, "cannot stat");
  return std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

void SetModificationTimeNs(const fs::path& path, std::int64_t mtime_ns) {
  const timespec when{static_cast<time_t>(mtime_ns / 1'000'000'000), static_cast<long>(mtime_ns % 1'000'000'000)};
  const timespec times[2] = {{0, UTIME_OMIT}, when};
  if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) throw SystemError(path, "cannot set the file time");
}

FileTimes ReadFileTimes(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw SystemError(path, "cannot stat");
  return {st.st_atim, st.st_mtim};
}

void SetFileTimes(const fs::path& path, const FileTimes& times) {
  const timespec both[2] = {times.access, times.modification};
  if (::utimensat(AT_FDCWD, path.c_str(), both, 0) != 0) throw SystemError(path, "cannot set the file times");
}

void SyncPath(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw SystemError(path, "cannot open to sync");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw SystemError(path, "fsync failed");
}

MoveJournal::MoveJournal(const fs::path& folder) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  // Two runs in one second get -2, -3...: O_EXCL never reuses another run's journal.
  for (int attempt = 1; fd_ < 0; ++attempt) {
    const std::string suffix = attempt == 1 ? "" : "-" + std::to_string(attempt);
    path_ = fs::absolute(folder) / (std::string(".versus-journal-") + stamp + suffix + ".jsonl");
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0 && errno != EEXIST) throw SystemError(path_, "cannot create the undo journal");
  }
  SyncPath(folder);
}

MoveJournal::~MoveJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void MoveJournal::Record(const FileOperation& op) {
  nlohmann::json line{{"op", KindName(op.kind)}};
  if (op.kind == FileOperation::Kind::kMakeDir) {
    line["path"] = PathText(op.from);
  } else {
    line.update({{"from", PathText(op.from)}, {"to", PathText(op.to)}, {"size", op.size},
                 {"mtime_ns", op.mtime_ns}, {"fingerprint", op.fingerprint}});
  }
  const std::string text = line.dump() + "\n";
  if (::write(fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(fd_) != 0) {
    throw SystemError(path_, "cannot write the undo journal");
  }
}

std::vector<FileOperation> ReadJournal(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw SystemError(path, "cannot read the journal");
  std::vector<FileOperation> ops;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (text.empty()) continue;
    try {
      ops.push_back(FromJson(nlohmann::json::parse(text)));
    } catch (const std::exception& e) {
      // A torn last line is what a crash mid-write leaves: that operation never started.
      // It is the start of a JSON object; any other text means this is no journal.
      if (in.peek() == EOF && text.front() == '{' && text.back() != '}') break;
      throw std::runtime_error(path.string() + ": line " + std::to_string(number) + " is not a journal entry (" +
                               e.what() + ")");
    }
  }
  return ops;
}

}  // namespace versus::cli
