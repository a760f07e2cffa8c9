#include "taxa/core/hlc.h"

#include <chrono>

namespace taxa::core {

uint64_t WallMillis() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

uint64_t HybridClock::Now() {
  uint64_t wall = HybridClock::Make(WallMillis(), 0);
  last_ = wall > last_ ? wall : last_ + 1;
  return last_;
}

}  // namespace taxa::core
