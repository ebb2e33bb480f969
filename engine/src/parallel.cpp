#include "versus/engine/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

namespace versus::engine {

unsigned ResolveJobs(unsigned jobs) {
  return jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// Process-wide OpenCV state, set up once before any worker starts. OpenCV builds its
// colour-conversion tables on first use without a lock: two workers converting their
// first photos to Lab at the same moment each built them, and one copy leaked
// (LeakSanitizer, ProfileAll tests, where workers start together while a judge loads).
void PrepareOpenCv() {
  cv::setNumThreads(1);
  cv::Mat lab;
  cv::cvtColor(cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(128)), lab, cv::COLOR_BGR2Lab);
}

}  // namespace

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
  std::call_once(opencv_told, PrepareOpenCv);
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
