// Proposal branches travel with main: a sync fetches the remote's
// refs/heads/proposals/*, joins each with ours (fast-forward, or
// sync::MergeCommits when both moved) and pushes ours that the remote lacks.
// Private to app/session (proposals.cpp).
#pragma once

#include <string>

#include "session/internal/project_state.h"

namespace taxa::app {

// After main synced with `remote`. A branch the remote refuses (it moved
// meanwhile) is a notice; the next sync joins it.
Status SyncProposals(ProjectState& s, const std::string& remote);

}  // namespace taxa::app
