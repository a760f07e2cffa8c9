// The items the user skipped: per user and per clone, never committed, in
// <git dir>/taxa/skipped-<user> (one id a line, sorted), so that a skipped
// item stays out of the way until the user labels it or takes the skip back.
#pragma once

#include <string>
#include <vector>

#include "taxa/core/label_event.h"
#include "taxa/core/status.h"

namespace taxa::app {

class ProjectState;

// The user's skipped item ids, sorted; empty when none (or no file yet).
Result<std::vector<std::string>> ReadSkips(const ProjectState& s);
// Adds (`skipped`) or removes `item`; the file is replaced atomically.
Status SetSkipped(const ProjectState& s, const std::string& item, bool skipped);

// Takes back each annotator's skip of an item they have now labeled (events
// with categories), whoever recorded them: one read and at most one write
// per annotator with skips. Called by the label pipeline once the events
// are durable.
Status ForgetLabeledSkips(const ProjectState& s, const std::vector<core::LabelEvent>& events);

}  // namespace taxa::app
