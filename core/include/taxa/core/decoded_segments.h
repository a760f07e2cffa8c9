// Label and gold segments decoded once and handed on. The check of what a
// peer sends decodes every event of each new segment; the index, filling
// from the commit that lands them, takes those events instead of decoding
// the same bytes a second time.
//
//   core::DecodedSegments decoded;
//   TAXA_RETURN_IF_ERROR(core::CheckProjectFile(path, bytes, std::nullopt, &decoded));
//   ...
//   if (auto events = decoded.Find(path, bytes_read_later)) Use(*events);
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/label_event.h"

namespace taxa::core {

class DecodedSegments {
 public:
  // At most this many events are kept in all (about 0.5 KB each); a segment
  // that would pass it is not kept, and is decoded again by whoever needs it.
  explicit DecodedSegments(size_t max_events = 4'000'000) : max_events_(max_events) {}

  // Keeps `events`, decoded from `bytes`, the whole segment at `path`.
  // Thread-safe.
  void Keep(const std::string& path, std::string_view bytes, std::vector<LabelEvent> events);

  // The events kept for `path` if they were decoded from exactly `bytes`
  // (compared by SHA-256), else null. Thread-safe.
  std::shared_ptr<const std::vector<LabelEvent>> Find(const std::string& path,
                                                      std::string_view bytes) const;

  // Drops everything kept.
  void Clear();
  bool empty() const;

 private:
  struct Entry {
    std::string digest;  // SHA-256 of the bytes, hex
    std::shared_ptr<const std::vector<LabelEvent>> events;
  };
  const size_t max_events_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  size_t events_ = 0;
};

}  // namespace taxa::core
