#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace versus::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputc('\n', stderr);
}

void ProgressBar::Update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  // Redraw at most 20 times a second, and always at the end.
  if (done < total && now - last_ < std::chrono::milliseconds(50)) return;
  last_ = now;
  constexpr int kWidth = 30;
  const int filled = int(kWidth * done / total);
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? double(done) / seconds : 0.0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu  %.1f/s ", label_.c_str(), filled,
               "##############################", kWidth - filled, "", done, total, rate);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace versus::cli
