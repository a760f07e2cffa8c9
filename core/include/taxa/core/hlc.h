// Hybrid logical clock: wall-clock milliseconds in the high 48 bits and a
// counter in the low 16, so timestamps order causally even when a laptop's
// clock runs behind, and stay close to real time for people reading them.
#pragma once

#include <cstdint>

namespace taxa::core {

class HybridClock {
 public:
  // Returns a timestamp greater than every one returned or observed before.
  // Not thread-safe: the owner serialises calls.
  uint64_t Now();
  // Folds in a timestamp seen elsewhere (a journal, a merged segment).
  void Observe(uint64_t remote) {
    if (remote > last_) last_ = remote;
  }
  uint64_t last() const { return last_; }

  static uint64_t Physical(uint64_t hlc) { return hlc >> 16; }
  static uint64_t Make(uint64_t ms, uint64_t counter) { return (ms << 16) | (counter & 0xffff); }

 private:
  uint64_t last_ = 0;
};

// Milliseconds since the Unix epoch from the system clock.
uint64_t WallMillis();

}  // namespace taxa::core
