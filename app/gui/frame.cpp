#include "gui/frame.h"

#include <array>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "imgui.h"

namespace taxa::gui {

namespace {

// The windows shown instead of the label workspace, one at a time.
std::array<MainWindowEntry, 9> MainWindows(GuiParts& parts) {
  return {{{"Vendors", "F4", GLFW_KEY_F4, 0, &parts.vendors.ui.visible},
           {"Actions", "F5", GLFW_KEY_F5, 0, &parts.actions.ui.visible},
           {"Sync", "F6", GLFW_KEY_F6, GLFW_KEY_Y, &parts.sync.ui.visible},
           {"Quality", "F7", GLFW_KEY_F7, 0, &parts.quality.ui.visible},
           {"Log", "F8", GLFW_KEY_F8, 0, &parts.log.ui.visible},
           {"Taxonomy", "F9", GLFW_KEY_F9, 0, &parts.editor.ui.visible},
           {"History", "F10", GLFW_KEY_F10, 0, &parts.history.ui.visible},
           {"Review", "F11", GLFW_KEY_F11, 0, &parts.review.ui.visible},
           {"Error analysis", "F12", GLFW_KEY_F12, 0, &parts.errors.ui.visible}}};
}

// Starts a window's background read when it is shown and needs one; a
// refusal goes to the status bar.
void ReportStart(GuiParts& parts, const Status& started) {
  if (!started.ok()) parts.status.Report(Result<std::string>(started));
}

}  // namespace

void PrepareFrame(GuiParts& parts) {
  if (std::optional<Status> done = parts.host.Poll()) {
    if (!done->ok()) {
      // The project open before (if any) is open again, where it was.
      parts.status.Report(Result<std::string>(*done));
      parts.project.visible = true;
    } else {
      const PanelWidths widths = parts.workspace.widths;  // the user's layout stays
      parts.workspace = {};
      parts.workspace.widths = widths;
      parts.selection = {};
      app::Project& s = *parts.host.project();
      parts.project.Remember(s.dir());
      parts.project.open_dir = s.dir();
      parts.project.visible = false;
      Status selected = SelectFirstUnlabeled(s, parts.selection);
      parts.status.Report(selected, "Opened " + s.settings().name + " (" + s.dir() + ")");
    }
  }
  if (std::optional<Result<std::string>> done = parts.host.PollTask()) {
    parts.status.Report(*done);
    // An import into an empty project: its first item is ready to label.
    if (app::Project* s = parts.host.project(); s != nullptr && parts.selection.ord < 0) {
      Status selected = SelectFirstUnlabeled(*s, parts.selection);
      if (!selected.ok()) parts.status.Report(Result<std::string>(selected));
    }
    parts.sync.model.stale = true;  // the remote refs and the last-sync record moved
    parts.quality.model.stale = true;  // a sync may have merged labels
    AdoptActionsQueue(parts.actions);  // the queued relabel plan, or why not
  }
  if (std::optional<Result<std::string>> done = parts.host.PollReader()) {
    if (!done->ok()) parts.status.Report(*done);
    AdoptPendingQuality(parts.quality);
    AdoptPendingEditor(parts.editor, *done, parts.host.generation());
    AdoptPendingReview(parts.review, *done);
    AdoptBackgroundRead(parts.errors.read, *done);
    AdoptActionsRead(parts.actions, *done);
    AdoptBackgroundRead(parts.vendors.read, *done);
  }
  // "Open in editor" in the Actions window: the category in the Taxonomy editor.
  if (!parts.actions.ui.open_category.empty()) {
    parts.editor.ui.selected = std::move(parts.actions.ui.open_category);
    parts.actions.ui.open_category.clear();
    parts.editor.ui.proposals_tab = false;
    std::array<MainWindowEntry, 9> windows = MainWindows(parts);
    ShowOnly(parts.project, windows, &parts.editor.ui.visible);
  }
  if (app::Project* s = parts.host.project()) {
    RefreshLabelWorkspace(*s, parts.host.generation(), parts.selection, parts.workspace);
    if (parts.sync.ui.visible) RefreshSyncModel(*s, parts.host.generation(), parts.sync.model);
    if (parts.log.ui.visible)
      RefreshLogModel(*s, parts.host.generation(), parts.log.ui, parts.log.model);
    if (parts.history.ui.visible && !parts.project.visible)
      RefreshHistoryModel(*s, parts.host.generation(), parts.history.ui, parts.history.model);
    if (parts.review.ui.visible && !parts.project.visible) {
      RecordReviewVerdict(*s, parts.review);  // a verdict asked for: one commit, here
      if (!parts.host.reader_running() &&
          ReviewReadNeeded(parts.review, parts.host.generation(), s->revision()))
        ReportStart(parts, StartReviewRead(parts.host, parts.host.generation(), s->revision(),
                                           parts.review));
    }
    const bool shown = !parts.project.visible;
    if (parts.errors.ui.visible && shown && !parts.host.reader_running()) {
      ErrorsKey want = ErrorsKeyFor(parts.errors.ui, parts.host.generation(), s->revision());
      if (parts.errors.read.Needs(want))
        ReportStart(parts, StartErrorsRead(parts.host, want, parts.errors));
    }
    if (parts.actions.ui.visible && shown && !parts.host.reader_running()) {
      ActionsKey want = ActionsKeyFor(parts.actions.ui, parts.host.generation(), s->revision());
      if (parts.actions.read.Needs(want))
        ReportStart(parts, StartActionsRead(parts.host, want, parts.actions));
    }
    if (parts.vendors.ui.visible && shown && !parts.host.reader_running()) {
      VendorsKey want{parts.host.generation(), s->revision()};
      if (parts.vendors.read.Needs(want))
        ReportStart(parts, StartVendorsRead(parts.host, want, parts.vendors));
    }
    if (parts.editor.ui.visible) {
      RefreshTaxonomyEditor(*s, parts.host.generation(), parts.editor.ui);
      // The impact and the selected proposal are read on the reader, one
      // job at a time: what was asked meanwhile waits (the newest only).
      if (!parts.host.reader_running())
        if (std::optional<EditorWork> work = EditorWorkNeeded(parts.editor.ui)) {
          Status started = StartEditorTask(parts.host, *work, parts.editor);
          if (!started.ok()) parts.status.Report(Result<std::string>(started));
        }
    }
    if (parts.quality.ui.visible && !parts.project.visible && !parts.host.reader_running()) {
      if (std::optional<QualityWork> work = QualityWorkNeeded(
              parts.quality.model, parts.quality.ui, parts.host.generation(), s->revision())) {
        Status started = StartQualityTask(parts.host, *work, parts.quality);
        if (!started.ok()) parts.status.Report(Result<std::string>(started));
      }
    }
    // Last: the task takes the project to the worker until it ends.
    if (parts.actions.ui.queue && !parts.host.busy())
      ReportStart(parts, StartActionsQueue(parts.host, parts.actions));
  }
}

void DrawFrame(GuiParts& parts, Commands& out) {
  app::Project* session = parts.host.project();
  bool has_project = session != nullptr;
  float menu_height = DrawMenuBar(parts.project, has_project, out, MainWindows(parts));
  float status_height = ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.y * 2;
  Layout layout = ComputeLayout(ImGui::GetIO().DisplaySize, menu_height, status_height,
                                parts.workspace.widths);

  if (parts.host.task_running() && parts.sync.ui.visible) {
    // The window stays live from its last rows while the worker syncs.
    BeginPanel("Sync###sync", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawSyncWindow(parts.sync.model, parts.sync.ui, SyncProgressOf(parts.host, ImGui::GetTime()),
                   out);
    ImGui::End();
  } else if (parts.host.busy()) {
    BeginPanel("##busy", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawBusy(parts.host.job_title(), parts.host.progress(), ImGui::GetTime());
    ImGui::End();
  } else if (!has_project || parts.project.visible) {
    BeginPanel("Project###project", layout.main);
    DrawProjectScreen(parts.project, has_project, out);
    ImGui::End();
  } else if (parts.sync.ui.visible) {
    BeginPanel("Sync###sync", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawSyncWindow(parts.sync.model, parts.sync.ui, SyncProgress{}, out);
    ImGui::End();
  } else if (parts.quality.ui.visible) {
    BeginPanel("Quality###quality", layout.main, ImGuiWindowFlags_NoTitleBar);
    // The last numbers stay on screen while the reader computes new ones.
    DrawQualityWindow(parts.quality.model, parts.quality.ui, parts.host.reader_running(), out);
    ImGui::End();
  } else if (parts.log.ui.visible) {
    BeginPanel("Log###log", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawLogWindow(parts.log.model, parts.log.ui);
    ImGui::End();
  } else if (parts.editor.ui.visible) {
    BeginPanel("Taxonomy###taxonomy_editor", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawTaxonomyEditor(parts.workspace.taxonomy, parts.editor.ui, out);
    ImGui::End();
  } else if (parts.history.ui.visible) {
    BeginPanel("History###history", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawHistoryWindow(parts.history.model, parts.history.ui);
    ImGui::End();
  } else if (parts.review.ui.visible) {
    BeginPanel("Review###review", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawReviewWindow(parts.review.model, parts.review.ui,
                     ReviewCurrent(parts.review, parts.host.generation(), session->revision()));
    ImGui::End();
  } else if (parts.errors.ui.visible) {
    BeginPanel("Error analysis###errors", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawErrorsWindow(parts.errors, parts.errors.read.reading());
    ImGui::End();
  } else if (parts.actions.ui.visible) {
    BeginPanel("Actions###actions", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawActionsWindow(parts.actions, parts.actions.read.reading(), parts.host.busy());
    ImGui::End();
  } else if (parts.vendors.ui.visible) {
    BeginPanel("Vendors###vendors", layout.main, ImGuiWindowFlags_NoTitleBar);
    DrawVendorsWindow(parts.vendors, parts.vendors.read.reading());
    ImGui::End();
  } else {
    DrawLabelWorkspace(layout, parts.workspace, parts.selection, out);
    HandleLabelKeys(parts.workspace, parts.selection, out);
  }

  StatusBarRow row;
  row.busy = parts.host.job_title();
  if (session != nullptr) {
    row.has_project = true;
    row.project = session->settings().name;
    row.annotator = session->user();
    row.pending = session->pending_labels();
    row.writable = session->writable();
  }
  DrawStatusBar(layout.status, row, parts.status);
  HandleGlobalKeys(parts.project, has_project, out);
  // Showing one window hides the others.
  HandleMainWindowKeys(parts.project, has_project, MainWindows(parts));
}

bool FinishFrame(GuiParts& parts, Commands& commands, double now) {
  ApplyTarget target{parts.host, parts.selection};
  for (const Command& c : commands.Take()) {
    if (std::holds_alternative<FlushLabels>(c)) parts.last_flush = now;
    parts.sync.model.stale = true;  // remotes and conflicts may have changed
    const Selection acted_on = parts.selection;
    Result<std::string> outcome = Apply(c, target);
    parts.status.Report(outcome);
    NoteEditorOutcome(c, outcome, parts.editor.ui);  // a refusal shows where it was clicked
    // While a search narrows the list, labeling or skipping moves on to the
    // next match rather than to the next item of the whole project.
    const bool moves_on =
        std::holds_alternative<SubmitLabel>(c) || std::holds_alternative<SkipItem>(c);
    if (moves_on && outcome.ok() && !parts.workspace.list.search.empty()) {
      int64_t next = NeighbourInList(parts.workspace.list, acted_on, 1);
      if (next >= 0) parts.status.Report(Apply(SelectItem{.ord = next}, target));
    }
  }
  app::Project* s = parts.host.project();
  if (s != nullptr && FlushDue(now, parts.last_flush, s->pending_labels())) {
    // The commit runs on the worker: the window stays live meanwhile.
    parts.last_flush = now;
    Status started = parts.host.StartTask("Saving labels", SaveTask());
    if (!started.ok()) parts.status.Report(Result<std::string>(started));
  }
  if (s == nullptr || s->pending_labels() == 0) parts.last_flush = now;
  return target.quit;
}

bool KeyboardFocusPending(const GuiParts& parts) {
  const LabelWorkspace& ws = parts.workspace;
  return ws.draft.focus_note || ws.draft.focus_attribute_field || ws.list_ui.focus_query ||
         parts.sync.ui.focus_edit || (parts.project.visible && parts.project.focus_section);
}

std::string WindowTitle(app::ProjectHost& host) {
  app::Project* s = host.project();
  if (s == nullptr) return "Taxa";
  return "Taxa \u2014 " + s->settings().name;
}

}  // namespace taxa::gui
