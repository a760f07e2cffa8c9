// Phase timings for people investigating slowness: with TAXA_TIMING set in
// the environment, each ScopedTiming prints "taxa: timing: WHAT 0.123 s" to
// standard error when it ends. Silent otherwise, and cheap.
#pragma once

#include <chrono>

namespace taxa::core {

class ScopedTiming {
 public:
  explicit ScopedTiming(const char* what);
  ~ScopedTiming();
  ScopedTiming(const ScopedTiming&) = delete;
  ScopedTiming& operator=(const ScopedTiming&) = delete;

 private:
  const char* what_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace taxa::core
