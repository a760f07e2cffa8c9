// No exception crosses a thread boundary: the body of every thread Taxa
// starts runs through Guarded, which turns an exception (std::bad_alloc, a
// library's throw) into a Status the joining thread reads like any other
// error, instead of std::terminate or a rethrow from future::get().
//
//   Status status;
//   std::thread worker([&] { status = Guarded("writing the journal", [&] { return Write(); }); });
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

// Runs `fn` (returning Status or Result<T>) and returns what it returned, or
// kInternal "WHAT: WHY" when it threw.
template <typename Fn>
auto Guarded(std::string_view what, Fn&& fn) noexcept -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Status::Internal(std::string(what) + ": " + e.what());
  } catch (...) {
    return Status::Internal(std::string(what) + ": an unknown exception");
  }
}

}  // namespace taxa::core
