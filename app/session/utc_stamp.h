// The current time as text in UTC, for manifests and settings files.
#pragma once

#include <ctime>
#include <string>

namespace taxa::app {

// Now in UTC, formatted by strftime `format`; kIso8601 gives 2026-11-28T02:00:00Z.
inline constexpr const char* kIso8601 = "%Y-%m-%dT%H:%M:%SZ";
inline std::string UtcStamp(const char* format = kIso8601) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace taxa::app
