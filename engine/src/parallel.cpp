#include "versus/engine/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <opencv2/core/utility.hpp>

namespace versus::engine {

unsigned ResolveJobs(unsigned jobs) {
  return jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

void ParallelFor(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& body) {
  if (count == 0) return;
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  // One item per thread at a time: OpenCV must not start threads of its own. Told once,
  // before any worker starts: with Debian's TBB backend cv::setNumThreads terminates and
  // re-creates one process-wide task arena, so calling it from each worker raced with
  // the other workers and with OpenCV work already running in them (a `rate` run was seen
  // to end in a segmentation fault under load).
  static std::once_flag opencv_told;
  std::call_once(opencv_told, [] { cv::setNumThreads(1); });
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // stop handing out indexes
      }
    }
  };
  const std::size_t threads = std::min<std::size_t>(ResolveJobs(jobs), count);
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace versus::engine
