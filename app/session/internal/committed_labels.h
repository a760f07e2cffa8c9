// The label events committed at HEAD, read from the label segments
// (labels/<annotator>/<device>/<seq>.jsonl.zst) rather than the index, which
// keeps only current labels: for what only the events hold (time spent, the
// taxonomy a label was made under, labels since replaced). Session-internal.
#pragma once

#include <functional>

#include "session/internal/project_state.h"

#include "taxa/core/label_event.h"

namespace taxa::app {

// Calls `fn` for every event of every label segment at HEAD, segment by
// segment in path order and in file order within one, each decoded and
// checked (core::ForEachSegmentEvent: errors name "path:line"). An error
// from `fn` stops the walk and is returned.
Status ForEachCommittedLabel(ProjectState& s,
                             const std::function<Status(core::LabelEvent& event)>& fn);

}  // namespace taxa::app
