// One frame of the GUI, shared by main() and the headless tests:
//
//   PrepareFrame(parts);              // adopt a finished job, refresh view-models
//   ImGui::NewFrame();
//   DrawFrame(parts, commands);       // views draw and push commands
//   ImGui::Render();
//   if (FinishFrame(parts, commands, now)) break;   // apply commands; true: quit
//
// GuiParts only points at state its owner (main() or a test) keeps; each window's
// state stays in its own struct.
#pragma once

#include <string>

#include "gui/actions_window.h"
#include "gui/apply.h"
#include "gui/commands.h"
#include "gui/errors_window.h"
#include "gui/history_window.h"
#include "gui/label_workspace.h"
#include "gui/log_window.h"
#include "gui/project_screen.h"
#include "gui/quality_window.h"
#include "gui/review_window.h"
#include "gui/selection.h"
#include "session/project_host.h"
#include "gui/shell.h"
#include "gui/sync_window.h"
#include "gui/taxonomy_editor.h"
#include "gui/vendors_window.h"

namespace taxa::gui {

struct GuiParts {
  app::ProjectHost& host;
  Selection& selection;
  LabelWorkspace& workspace;
  ProjectUi& project;
  StatusLine& status;
  double last_flush = 0;  // when pending labels were last committed (seconds)
  SyncWindow sync;        // the Sync window's rows and UI state (sync_window.h)
  QualityWindow quality;  // the Quality window's numbers and UI state (quality_window.h)
  LogWindow log;          // the Log window's rows and UI state (log_window.h)
  TaxonomyEditor editor;  // the Taxonomy editor's form (taxonomy_editor.h)
  HistoryWindow history;  // the History window's timeline, tree and diff (history_window.h)
  ReviewWindow review;    // the Review window's queue and card (review_window.h)
  ErrorsWindow errors;    // the Error analysis window's defect report (errors_window.h)
  ActionsWindow actions;  // the Actions window's ranking and relabel queue (actions_window.h)
  VendorsWindow vendors;  // the Vendors window's terms and report (vendors_window.h)
};

void PrepareFrame(GuiParts& parts);
void DrawFrame(GuiParts& parts, Commands& out);
// Applies the frame's commands, and commits pending labels every 30 s. Returns
// true when the user asked to quit.
bool FinishFrame(GuiParts& parts, Commands& commands, double now);
// True when a view asked for a text field to take the keyboard in the next
// frame. The field becomes active a frame after the request, so main() holds
// back queued keys meanwhile (a letter typed right after N would be lost).
bool KeyboardFocusPending(const GuiParts& parts);

// The window title: "Taxa", or "Taxa — <project name>".
std::string WindowTitle(app::ProjectHost& host);

}  // namespace taxa::gui
