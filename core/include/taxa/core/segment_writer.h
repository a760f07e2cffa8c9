// Appending label events to a device's segments.
//
// Each (annotator, device) writes only under labels/<annotator>/<device>/, in
// numbered segments 00000001.jsonl.zst, 00000002... The highest-numbered one is
// open: new events are merged into it (union by event id, sorted) until it
// holds kSegmentMaxEvents, then it is sealed and the next number is opened.
// Sealed segments are never rewritten.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "taxa/core/label_event.h"
#include "taxa/core/status.h"

namespace taxa::core {

inline constexpr size_t kSegmentMaxEvents = 65536;

// The folder of one annotator's device; kInvalidInput when either name cannot
// be a path component (allowed: A-Z a-z 0-9 _ . @ -, not starting with '.').
Result<std::string> SegmentFolder(const std::string& annotator, const std::string& device);
Status CheckAnnotatorName(const std::string& name);
// `name` with ASCII capitals in lower case. Annotator names are folded where
// a person types them, so "ALICE" and "alice" are one annotator and one
// folder, which case-insensitive file systems (Windows, macOS) need.
std::string FoldAnnotatorName(std::string name);

struct OpenSegment {
  std::string path;   // e.g. labels/alice/4f2a9c1e/00000003.jsonl.zst
  std::string bytes;  // its compressed content
};

struct SegmentFile {
  std::string path;
  std::string bytes;    // compressed
  size_t events = 0;    // lines it holds
};

// One event as a segment stores it: its id and its canonical line, views
// into text the caller keeps alive.
struct SegmentLine {
  std::string_view id;
  std::string_view line;
  bool operator<(const SegmentLine& o) const { return id < o.id; }  // by id
};

// Reads and checks a line of an open segment (a decoder of the segment's kind
// of event) and returns the event's id; `where` is "path:line" for messages.
using SegmentLineId =
    std::function<Result<std::string>(std::string_view line, const std::string& where)>;

// The files to write so that the events `lines` holds are stored in
// `folder` after `open`, whatever kind of event they are (labels, reviews):
// events the open segment holds already (same id), or given twice, are
// written once. A line of the open segment that `id_of` refuses fails with
// its error. The result owns its bytes.
Result<std::vector<SegmentFile>> AppendLines(const std::string& folder,
                                             const std::optional<OpenSegment>& open,
                                             std::vector<SegmentLine> lines,
                                             const SegmentLineId& id_of,
                                             size_t max_events = kSegmentMaxEvents);

// Returns the files to write so that `events` are stored in `folder` after
// `open` (the folder's highest segment, if any). Events already present (same
// id) are not written twice. A corrupt open segment fails with kCorrupt
// naming it. `lines`, when given, holds EncodeEventLine(*events[i]) at i (the
// caller encoded them already, say for the journal). The events and lines
// must outlive the call; the result owns its bytes.
Result<std::vector<SegmentFile>> AppendEvents(const std::string& folder,
                                              const std::optional<OpenSegment>& open,
                                              const std::vector<const LabelEvent*>& events,
                                              const std::vector<std::string_view>* lines,
                                              size_t max_events = kSegmentMaxEvents);

// The same for events held by value.
Result<std::vector<SegmentFile>> AppendEvents(const std::string& folder,
                                              const std::optional<OpenSegment>& open,
                                              std::vector<LabelEvent> events,
                                              size_t max_events = kSegmentMaxEvents);

}  // namespace taxa::core
