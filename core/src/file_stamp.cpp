#include "taxa/core/file_stamp.h"

#include <ctime>

#include "taxa/core/layout.h"

namespace taxa::core {

namespace {

constexpr const char* kFormat = "%Y%m%dT%H%M%SZ";

int Digits(std::string_view s, size_t from, size_t count) {
  int v = 0;
  for (size_t i = from; i < from + count; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

std::string FileStamp(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, kFormat, &tm);
  return buf;
}

std::optional<int64_t> ParseFileStamp(std::string_view stamp) {
  if (stamp.size() != kFileStampSize) return std::nullopt;
  for (size_t i = 0; i < kFileStampSize; ++i) {
    const char c = stamp[i];
    const bool ok = i == 8 ? c == 'T' : i == 15 ? c == 'Z' : (c >= '0' && c <= '9');
    if (!ok) return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = Digits(stamp, 0, 4) - 1900;
  tm.tm_mon = Digits(stamp, 4, 2) - 1;
  tm.tm_mday = Digits(stamp, 6, 2);
  tm.tm_hour = Digits(stamp, 9, 2);
  tm.tm_min = Digits(stamp, 11, 2);
  tm.tm_sec = Digits(stamp, 13, 2);
  const int64_t seconds = static_cast<int64_t>(timegm(&tm));
  // timegm carries a 30 February into March: a real date formats back alike.
  if (FileStamp(seconds) != stamp) return std::nullopt;
  return seconds;
}

std::string ItemBatchName(int64_t seconds, std::string_view sha256_hex) {
  return FileStamp(seconds) + "-" + std::string(sha256_hex.substr(0, 8));
}

std::optional<int64_t> ItemBatchArrival(std::string_view path) {
  if (!path.starts_with(layout::kItemsDir)) return std::nullopt;
  std::string_view batch = path.substr(layout::kItemsDir.size());
  const size_t slash = batch.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  batch = batch.substr(0, slash);
  if (batch.size() < kFileStampSize ||
      (batch.size() > kFileStampSize && batch[kFileStampSize] != '-'))
    return std::nullopt;
  return ParseFileStamp(batch.substr(0, kFileStampSize));
}

}  // namespace taxa::core
