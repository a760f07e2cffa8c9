// Times as text in UTC, for manifests, settings files and what the faces
// print, and the ISO dates and date-times people give back.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace taxa::app {

// `seconds` since the epoch in UTC, formatted by strftime `format`; kIso8601
// gives 2026-11-28T02:00:00Z.
inline constexpr const char* kIso8601 = "%Y-%m-%dT%H:%M:%SZ";
inline std::string UtcText(int64_t seconds, const char* format = kIso8601) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// Now in UTC, as UtcText formats it.
inline std::string UtcStamp(const char* format = kIso8601) {
  return UtcText(static_cast<int64_t>(std::time(nullptr)), format);
}

// Seconds since the epoch of an ISO date (2026-12-01: its last second,
// 23:59:59) or date-time (2026-12-01T10:30[:00][Z]) in UTC; nullopt when
// `text` is not one (2026-02-30 is not) (utc_stamp.cpp).
std::optional<int64_t> ParseIsoUtc(const std::string& text);

}  // namespace taxa::app
