#pragma once

#include <cstddef>
#include <functional>

namespace versus::engine {

// Runs body(i) for every i in [0, count) on up to `jobs` threads (0 = one per core), the
// calling thread among them; returns once every worker has stopped. Indexes are handed
// out in increasing order, so jobs = 1 runs them in order on the calling thread.
// The first exception a body throws stops the handing out of new indexes and is
// rethrown here after all workers have stopped; later ones are dropped.
// OpenCV thread policy (the one place for it): each worker judges one image at a time,
// so OpenCV is told not to start threads of its own (cv::setNumThreads(1)).
void ParallelFor(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& body);

// `jobs` as ParallelFor reads it: 0 becomes the number of cores (at least 1).
unsigned ResolveJobs(unsigned jobs);

}  // namespace versus::engine
