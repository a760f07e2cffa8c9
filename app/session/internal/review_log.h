// The review events at HEAD (reviews/<reviewer>/<device>/<seq>.jsonl.zst,
// core/review_event.h), for the services that read them: review queues, the
// defect report, vendors. Session-internal.
#pragma once

#include <vector>

#include "session/internal/project_state.h"

#include "taxa/core/review_event.h"

namespace taxa::app {

// Every review event at HEAD, once each (segments merged by union may hold
// one twice), in (hlc, id) order. A segment that does not read fails naming
// its path and line.
Result<std::vector<core::ReviewEvent>> ReadReviews(ProjectState& s);

// Commits `events` (sealed: ids set) as one commit with `meta`, each in its
// writer's folder reviews/<reviewer>/<device>/ (appended to the open segment,
// core::AppendLines). Needs a reviewer or a lead once roles are in force
// (ProjectState::CommitFiles). kInvalidInput for a reviewer or device that
// cannot be a folder name; kCorrupt for an open segment that does not read.
Status CommitReviews(ProjectState& s, const std::vector<core::ReviewEvent>& events,
                     const sync::CommitMeta& meta);

}  // namespace taxa::app
