// Apply: carries out one Command against the session, after the frame.
//
// This is the only place the GUI changes a project. Each call returns what the
// status bar shows: a short message on success, or the Status that says what
// went wrong.
//
//   ApplyTarget target{host, selection};
//   for (const Command& c : commands.Take()) status.Report(Apply(c, target));
//   if (target.quit) ...
#pragma once

#include <string>

#include "gui/commands.h"
#include "gui/selection.h"
#include "session/project_host.h"

namespace taxa::gui {

struct ApplyTarget {
  app::ProjectHost& host;
  Selection& selection;
  bool quit = false;  // set by Quit
};

// Runs `command`. Project commands start a worker job and return at once (the
// result arrives through app::ProjectHost::Poll). Commands that need a project fail
// with kFailedPrecondition when none is open or a job runs.
Result<std::string> Apply(const Command& command, ApplyTarget& target);

// The task behind SyncRemote: Remotes::Sync with `remote`, reported in
// one line.
app::ProjectTask SyncTask(std::string remote);
// The task behind ImportItems: Items::Import of `path` (JSON Lines or CSV,
// told by its content), reported in one line.
app::ProjectTask ImportTask(std::string path);
// The task behind FlushLabels and the periodic save: commits pending labels
// on the worker, so the window never waits on the disk.
app::ProjectTask SaveTask();

// Selects the first item `session`'s user has not labeled, else the first item;
// clears the selection when the project has no items.
Status SelectFirstUnlabeled(app::Project& session, Selection& selection);

// True when the pending labels should be committed: some are pending and
// `interval` seconds have passed since `last_flush`.
inline bool FlushDue(double now, double last_flush, size_t pending, double interval = 30.0) {
  return pending > 0 && now - last_flush >= interval;
}

}  // namespace taxa::gui
