// ParallelFor: spreads independent work over the machine's cores.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <utility>
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

// Sorts [first, last) like ParallelSort(first, last, less), for orders whose
// first criterion is the bytes of text(x) (compared as memcmp does, a prefix
// first): text(x) must return a std::string_view, and less(a, b) must hold
// whenever text(a) sorts before text(b). Most comparisons are made on 8-byte
// integers cut from each text after the prefix all texts share (so ids like
// "item-00001234" cost no memcmp), and `less` is called only where two such
// integers are equal. Uses memory for one integer beside each element.
template <typename It, typename Text, typename Less>
void ParallelSortByText(It first, It last, Text text, Less less) {
  using Value = typename std::iterator_traits<It>::value_type;
  const size_t n = static_cast<size_t>(last - first);
  if (n < 1024) {
    std::sort(first, last, less);
    return;
  }
  // The prefix every text shares tells them apart from none.
  std::string_view head = text(*first);
  size_t shared = head.size();
  for (It it = first + 1; it != last && shared > 0; ++it) {
    std::string_view t = text(*it);
    size_t most = std::min(shared, t.size());
    shared = static_cast<size_t>(
        std::mismatch(head.begin(), head.begin() + most, t.begin()).first - head.begin());
  }
  // The next 8 bytes, big-endian, zeros past the end: a smaller key means a
  // smaller text (a text that ends early has a 0 where the longer one has a
  // byte >= 0), an equal key says nothing.
  auto key_of = [&](const Value& v) {
    std::string_view t = text(v);
    uint64_t key = 0;
    size_t have = t.size() > shared ? std::min<size_t>(8, t.size() - shared) : 0;
    for (size_t i = 0; i < have; ++i)
      key |= static_cast<uint64_t>(static_cast<unsigned char>(t[shared + i])) << (56 - 8 * i);
    return key;
  };
  struct Keyed {
    uint64_t key;
    Value value;
  };
  std::vector<Keyed> keyed(n);
  constexpr size_t kChunk = 16384;
  ParallelFor((n + kChunk - 1) / kChunk, [&](size_t chunk) {
    for (size_t i = chunk * kChunk, end = std::min(n, i + kChunk); i < end; ++i)
      keyed[i] = Keyed{key_of(first[i]), std::move(first[i])};
  });
  ParallelSort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.key != b.key) return a.key < b.key;
    return less(a.value, b.value);
  });
  ParallelFor((n + kChunk - 1) / kChunk, [&](size_t chunk) {
    for (size_t i = chunk * kChunk, end = std::min(n, i + kChunk); i < end; ++i)
      first[i] = std::move(keyed[i].value);
  });
}

}  // namespace taxa::core
