// ParallelFor: spreads independent work over the machine's cores.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace taxa::core {

// Calls fn(i) for every i in [0, n), on up to hardware_concurrency threads
// (the caller's among them). fn must be safe to run concurrently for
// different i; returns when every call has returned. An exception from fn
// stops the remaining work and is rethrown here, on the calling thread,
// never left to end another thread.
template <typename Fn>
void ParallelFor(size_t n, Fn&& fn) {
  size_t workers = std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  std::exception_ptr failed;
  std::mutex failed_mutex;
  auto work = [&] {
    try {
      for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    } catch (...) {
      next.store(n);
      std::lock_guard<std::mutex> lock(failed_mutex);
      if (!failed) failed = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (failed) std::rethrow_exception(failed);
}

// Sorts [first, last) with `less` using two threads when the range is large
// (each half sorted on its own core, then merged).
template <typename It, typename Less>
void ParallelSort(It first, It last, Less less) {
  auto n = last - first;
  if (n < 100000 || std::thread::hardware_concurrency() < 2) {
    std::sort(first, last, less);
    return;
  }
  It middle = first + n / 2;
  ParallelFor(2, [&](size_t half) {
    if (half == 0) std::sort(first, middle, less);
    else std::sort(middle, last, less);
  });
  std::inplace_merge(first, middle, last, less);
}

}  // namespace taxa::core
