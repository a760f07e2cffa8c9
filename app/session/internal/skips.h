// The items the user skipped: per user and per clone, never committed, in
// <git dir>/taxa/skipped-<user> (one id a line, sorted), so that a skipped
// item stays out of the way until the user labels it or takes the skip back.
#pragma once

#include <string>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::app {

class ProjectState;

// The user's skipped item ids, sorted; empty when none (or no file yet).
Result<std::vector<std::string>> ReadSkips(const ProjectState& s);
// Adds (`skipped`) or removes `item`; the file is replaced atomically.
Status SetSkipped(const ProjectState& s, const std::string& item, bool skipped);

}  // namespace taxa::app
