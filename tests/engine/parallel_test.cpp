#include "versus/engine/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace versus::engine {
namespace {

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
  constexpr std::size_t kCount = 10'000;
  std::vector<std::atomic<int>> calls(kCount);
  ParallelFor(kCount, 4, [&](std::size_t i) { ++calls[i]; });
  for (std::size_t i = 0; i < kCount; ++i) EXPECT_EQ(calls[i].load(), 1) << "index " << i;
}

TEST(ParallelFor, ZeroJobsMeansOnePerCoreAndStillCoversEveryIndex) {
  EXPECT_EQ(ResolveJobs(0), std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(ResolveJobs(3), 3u);
  std::atomic<std::size_t> sum{0};
  ParallelFor(100, 0, [&](std::size_t i) { sum += i; });
  EXPECT_EQ(sum.load(), 99u * 100u / 2u);
}

TEST(ParallelFor, NothingToDoCallsNothing) {
  bool called = false;
  ParallelFor(0, 4, [&](std::size_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelFor, OneJobRunsInOrderOnTheCallingThread) {
  std::vector<std::size_t> order;
  std::vector<std::thread::id> threads;
  ParallelFor(50, 1, [&](std::size_t i) {
    order.push_back(i);
    threads.push_back(std::this_thread::get_id());
  });
  ASSERT_EQ(order.size(), 50u);
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
  for (const auto& id : threads) EXPECT_EQ(id, std::this_thread::get_id());
}

TEST(ParallelFor, ExceptionReachesTheCallerAfterWorkersStop) {
  std::atomic<int> running{0};
  std::atomic<int> started{0};
  auto body = [&](std::size_t i) {
    ++running;
    ++started;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    --running;
    if (i == 7) throw std::runtime_error("item 7 failed");
  };
  try {
    ParallelFor(1000, 4, body);
    FAIL() << "the body's exception was swallowed";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "item 7 failed");
  }
  EXPECT_EQ(running.load(), 0) << "a worker was still running when the exception came back";
  EXPECT_LT(started.load(), 1000) << "indexes kept being handed out after the failure";
}

TEST(ParallelFor, OneJobStopsAtTheFirstFailure) {
  std::vector<std::size_t> seen;
  EXPECT_THROW(ParallelFor(10, 1,
                           [&](std::size_t i) {
                             seen.push_back(i);
                             if (i == 3) throw std::logic_error("stop");
                           }),
               std::logic_error);
  EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace versus::engine
