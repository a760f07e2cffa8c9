// ISO dates and date-times in UTC (utc_stamp.h).
#include "session/utc_stamp.h"

#include <cstdio>

namespace taxa::app {

std::optional<int64_t> ParseIsoUtc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 23, mi = 59, sec = 59;
  int n = 0;
  if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 &&
      n == 10) {
    // the whole day
  } else {
    sec = 0;
    int used = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5 ||
        used != 16)
      return std::nullopt;
    std::string rest = text.substr(16);
    if (rest.size() >= 3 && rest[0] == ':') {
      if (std::sscanf(rest.c_str(), ":%2d%n", &sec, &n) != 1 || n != 3) return std::nullopt;
      rest = rest.substr(3);
    }
    if (rest != "" && rest != "Z") return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::time_t t = timegm(&tm);
  std::tm back{};
  gmtime_r(&t, &back);
  if (back.tm_mday != d || back.tm_mon != mo - 1) return std::nullopt;  // 2026-02-30
  return static_cast<int64_t>(t);
}

}  // namespace taxa::app
