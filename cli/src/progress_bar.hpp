#pragma once
// A one-line progress bar on stderr, drawn only when stderr is a terminal (scripts and
// CI logs get nothing).
#include <chrono>
#include <cstddef>
#include <string>

namespace versus::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  void Update(std::size_t done, std::size_t total);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace versus::cli
