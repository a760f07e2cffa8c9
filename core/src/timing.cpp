#include "taxa/core/timing.h"

#include <cstdio>
#include <cstdlib>

namespace taxa::core {

static bool Enabled() {
  static const bool enabled = std::getenv("TAXA_TIMING") != nullptr;
  return enabled;
}

ScopedTiming::ScopedTiming(const char* what) : what_(what) {
  if (Enabled()) start_ = std::chrono::steady_clock::now();
}

ScopedTiming::~ScopedTiming() {
  if (!Enabled()) return;
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "taxa: timing: %s %.3f s\n", what_, s);
}

}  // namespace taxa::core
