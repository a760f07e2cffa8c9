// The Sync window: the project's remotes with how our main compares with each
// (ahead/behind, read locally), the last sync with each and a Sync button that
// runs on the worker thread, buttons to change a remote's url or remove it, a
// form to add a remote, and the open merge
// conflicts with base / ours / theirs side by side and the buttons that close
// them.
//
//   RefreshSyncModel(session, host.generation(), sync.model);   // before drawing
//   DrawSyncWindow(sync.model, sync.ui, SyncProgressOf(host, now), commands);
//
// The rows are rebuilt only when the project's revision or generation changed or
// `model.stale` is set (after a command or a sync: the remote refs and the
// last-sync record live outside the revision).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gui/commands.h"
#include "session/project_host.h"
#include "session/conflicts.h"
#include "session/project.h"
#include "session/remotes.h"

namespace taxa::gui {

struct SyncRemoteRow {
  std::string name;
  std::string url;
  std::string tracking;  // short id of refs/remotes/<name>/main; empty: never fetched
  size_t ahead = 0;
  size_t behind = 0;
  bool synced = false;  // a last sync is recorded
  bool last_ok = false;
  std::string last_when;     // "2026-11-28 02:14 (3 min ago)"; empty when never synced
  std::string last_summary;  // what it did, or its one-line error
};

struct ConflictRow {
  std::string id;
  std::string short_id;  // the first 8 characters, as `taxa conflicts` shows it
  std::string path;
  std::string field;
  std::string kind;
  std::string what;  // the kind in words: "changed two ways", ...
  // Each side's value as text; "(absent)" where the side has none (deleted).
  std::string base;
  std::string ours;
  std::string theirs;
};

struct SyncModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool stale = true;
  std::string head;  // short id of our main
  std::vector<SyncRemoteRow> remotes;
  std::vector<ConflictRow> conflicts;
  std::string error;  // why the rows could not be read, or empty
};

struct SyncUi {
  bool visible = false;  // shown instead of the label workspace
  std::string new_name;
  std::string new_url;
  std::map<std::string, std::string> values;  // conflict id -> literal JSON typed
  std::string editing;     // the remote whose url is being changed; "" for none
  std::string edited_url;  // the new url as typed
  bool focus_edit = false;  // a request: give the url field the keyboard
};

// What the window shows while a sync runs on the worker thread.
struct SyncProgress {
  bool running = false;
  std::string title;
  std::pair<size_t, size_t> progress;  // {done, total}; total 0 when unknown
  double time = 0;                     // seconds, to animate an unknown total
};

struct SyncWindow {
  SyncModel model;
  SyncUi ui;
};

// "just now", "5 min ago", "3 h ago", "2 days ago"; "in the future" when the
// clock went backwards.
std::string DescribeAge(int64_t then, int64_t now);
// The rows of `remotes`, ages measured at `now` (seconds since the epoch).
std::vector<SyncRemoteRow> MakeRemoteRows(const std::vector<app::RemoteStatus>& remotes,
                                          int64_t now);
ConflictRow MakeConflictRow(const core::MergeConflict& conflict);

// Rebuilds `model` from `session` when it is stale (see above). A failure to read
// lands in model.error; the rows keep their last contents.
void RefreshSyncModel(app::Project& session, uint64_t generation, SyncModel& model);

// The progress of a running SyncRemote task, read from `host`.
SyncProgress SyncProgressOf(const app::ProjectHost& host, double time);

// Draws into the current window. While `progress.running` the buttons are
// disabled and the phase and a progress bar are shown at the top.
void DrawSyncWindow(const SyncModel& model, SyncUi& ui, const SyncProgress& progress,
                    Commands& out);

}  // namespace taxa::gui
