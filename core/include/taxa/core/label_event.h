// Label events: the immutable facts from which every label is derived.
//
// An event says "annotator A, on device D, at hybrid-logical time T, under
// taxonomy version V, put item I in these categories". Changing a label is a
// new event; the current label of (item, annotator) is the latest event by
// clock, ties broken by event id. An event with no categories clears the label.
// `retracts` names earlier events this one withdraws (used by sync's
// observed-remove merge).
//
// The id is a content hash, so the same event written twice (say, replayed from
// the journal after a crash) is recognised as one.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

struct LabelEvent {
  std::string id;  // ComputeEventId() of the other fields
  std::string item;
  std::string annotator;
  std::string device;
  uint64_t hlc = 0;      // hybrid logical clock (hlc.h)
  std::string taxonomy;  // the commit or release the label was made under
  std::vector<std::string> categories;
  std::map<std::string, std::string> attributes;
  std::string note;
  uint32_t duration_ms = 0;  // time spent on the item
  std::vector<std::string> retracts;

  bool operator==(const LabelEvent&) const = default;
};

// Hex SHA-256 (first 32 digits) of the canonical encoding of every field but id.
std::string ComputeEventId(const LabelEvent& e);

// The canonical JSON line, without a trailing newline; includes the id.
std::string EncodeEventLine(const LabelEvent& e);

// Sets e.id to ComputeEventId(e) and returns EncodeEventLine(e), encoding the
// fields once for both.
std::string SealEvent(LabelEvent& e);

// Parses a line; checks the fields and that the id matches the content.
// `where` ("file:line") prefixes error messages, which name the field. A
// field given twice is an error (JSON readers disagree on which one counts).
Result<LabelEvent> DecodeEventLine(std::string_view line, std::string_view where);

// Calls `fn` for each event of the segment `bytes` (a zstd frame of event
// lines, as labels/, gold/ and reviews/ hold them) in file order, each
// decoded and checked as DecodeEventLine does; errors name "path:line". An
// error from `fn` stops the walk and is returned.
Status ForEachSegmentEvent(std::string_view bytes, const std::string& path,
                           const std::function<Status(LabelEvent& event)>& fn);

// True when `a` supersedes `b` as the current label of one (item, annotator).
inline bool IsLaterThan(const LabelEvent& a, const LabelEvent& b) {
  return a.hlc != b.hlc ? a.hlc > b.hlc : a.id > b.id;
}

}  // namespace taxa::core
