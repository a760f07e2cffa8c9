// ParallelFor: spreads independent work over the machine's cores.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace taxa::core {

// Calls fn(i) for every i in [0, n), on up to hardware_concurrency threads
// (the caller's among them). fn must be safe to run concurrently for
// different i; returns when every call has returned.
template <typename Fn>
void ParallelFor(size_t n, Fn&& fn) {
  size_t workers = std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

}  // namespace taxa::core
