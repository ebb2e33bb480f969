#pragma once
#include <stdexcept>
#include <string>

namespace versus::engine {

/// The engine's one exception type. `what()` is a sentence a user can act on; when the
/// error concerns one file, `path()` names it so a batch can report it and go on.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& reason) : std::runtime_error(reason) {}
  Error(std::string path, const std::string& reason)
      : std::runtime_error(reason), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// An input that could not be used, with a reason a person understands: how a batch
/// reports an Error and goes on.
struct InputError {
  std::string path;
  std::string reason;
};

}  // namespace versus::engine
