// Proposal branches travel with main: a sync fetches the remote's
// refs/heads/proposals/*, joins each with ours (fast-forward, or
// sync::MergeCommits when both moved) and pushes ours that the remote lacks;
// a bundle carries them and applying it joins them the same way.
// Private to app/session (proposals.cpp).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "session/internal/project_state.h"

namespace taxa::app {

// After main synced with `remote`. A branch the remote refuses (it moved
// meanwhile) is a notice; the next sync joins it.
Status SyncProposals(ProjectState& s, const std::string& remote);

// The family of branches proposals live on.
inline constexpr std::string_view kProposalBranchPrefix = "refs/heads/proposals/";

// Joins each branch of `theirs` (branch -> tip, whose objects are here) into
// ours of the same name: taken as is when we lack it, fast-forwarded or
// merged (sync::MergeCommits) otherwise. `ours` (branch -> tip) is updated.
// `source` ("sync with origin") goes to the reflog. Returns the branches
// that moved, in name order.
Result<std::vector<std::string>> JoinProposals(ProjectState& s,
                                               const std::map<std::string, std::string>& theirs,
                                               std::map<std::string, std::string>& ours,
                                               const std::string& source);

}  // namespace taxa::app
