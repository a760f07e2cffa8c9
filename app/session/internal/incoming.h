// Landing the other side's main (a sync's fetch, a bundle's import): private
// to app/session.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "session/internal/project_state.h"
#include "session/remotes.h"

namespace taxa::app {

// Runs on another thread with the new main while the project reloads, with
// a progress function safe to call beside the reload. It must not touch the
// project.
using Publish = std::function<Status(const std::string& commit, const core::ProgressFn& progress)>;

// `fetch` brings the other side's main into the object database and returns
// its id (empty: it has none); then pending labels are committed (when
// `flush`), the two mains merge (sync::MergeCommits, conflicts recorded),
// our branch and work tree advance and the project reloads. Fills `report`
// except `pushed`. When `fetch` fails nothing here has changed.
//
// `publish`, when given, is called with the new main when that differs
// from the other side's (so the other side lacks it) and our main moved: it
// runs beside the reload (the index catch-up is the long part of a big
// merge and a push does not need it), and its outcome lands in `*published`.
Status LandIncoming(ProjectState& s, const std::function<Result<std::string>()>& fetch, bool flush,
                    SyncReport& report, const Publish& publish = nullptr,
                    std::optional<Status>* published = nullptr);

}  // namespace taxa::app
