// The Taxonomy editor (F9): the whole category tree, deprecated and draft
// categories included, and the selected category's fields as a form.
//
// Drag a category onto another to move it under that one, or onto the "top
// level" strip to make it a root. The form edits every field the CLI's
// `taxonomy edit` does (a list is one entry per line); Save sends only what
// changed, as one edit (one commit). Below it: deprecate with a replacement,
// and add a child category.
//
//   DrawTaxonomyEditor(workspace.taxonomy, editor.ui, out);   // its model is the workspace's
//
// The selected category's form also opens the Merge and Split dialogs: the
// categories to merge and the target (existing or new), or the parts of a
// split (existing or new, each with an optional rule), a rationale, and the
// change's impact (app::TaxonomyImpact: labels, gold labels, calibration
// items, annotators, items that would enter the relabel queue) before the
// user confirms. The Proposals tab lists the proposals (app::Proposals) with
// their state and approvals; the selected one shows its changes and impact,
// with Approve, Reject and Merge (the session decides who may). A refusal
// by the session shows where it was clicked (the dialog stays open with it;
// the tab shows it under the buttons) as well as in the status bar.
//
// Impact is a scan of every label: it is measured on the GUI's background
// reader (app::ProjectHost::StartReader, as the Quality window does), one job
// at a time, the newest request waiting; the dialog says "measuring..." with
// the previous figures greyed, drops an answer for choices since changed,
// and enables its confirm button only on the figures of the choices shown.
// The selected proposal (Proposals::Show, which measures its impact) is read
// the same way.
//
// The model is the label workspace's TaxonomyModel (a copy of the session's
// taxonomy, rebuilt when the revision changes), so drawing never touches the
// project while a job runs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/commands.h"
#include "gui/taxonomy_panel.h"
#include "session/project.h"
#include "session/project_host.h"
#include "session/proposals.h"
#include "session/taxonomy_impact.h"

#include "taxa/core/category_edit.h"
#include "taxa/core/taxonomy.h"

namespace taxa::gui {

// The form's copy of one category's editable fields. Lists are one entry per
// line, as typed.
struct CategoryDraft {
  std::string name;
  std::string definition;
  std::string include, exclude, examples, near_misses;
  bool sensitive = false;
  bool draft_status = false;  // true: draft, false: active

  bool operator==(const CategoryDraft&) const = default;
};

CategoryDraft DraftOf(const core::Category& c);

// The edit that turns `c` into `draft`: only the fields that differ, list
// entries added and removed by value (blank lines and surrounding spaces are
// ignored). Empty when nothing changed.
core::CategoryEdit EditFrom(const core::Category& c, const CategoryDraft& draft);

// The Merge dialog's choices.
struct MergeDraft {
  std::vector<std::string> sources;              // the categories to merge, in the order picked
  bool new_target = false;                       // merge into a new category (else an existing one)
  std::string target;                            // the existing target's id
  std::string new_id, new_name, new_definition;  // the new target's fields
  std::string why;                               // the rationale
  bool operator==(const MergeDraft&) const = default;
};

// One part of a split: an existing category (its id alone) or a new one.
struct SplitPartDraft {
  bool existing = false;
  std::string id, name, definition;
  std::string rule;  // a new part's "use it when" rule (optional)
  bool operator==(const SplitPartDraft&) const = default;
};

// The Split dialog's choices.
struct SplitDraft {
  std::string id;  // the category split
  std::vector<SplitPartDraft> parts;
  std::string why;
  bool operator==(const SplitDraft&) const = default;
};

// The commands the dialogs' confirm buttons push.
MergeCategories MergeCommandOf(const MergeDraft& d);
SplitCategory SplitCommandOf(const SplitDraft& d);

enum class EditorDialog { kNone, kMerge, kSplit };

// What an impact is measured for: the open dialog's choices but the
// rationale (typing one measures nothing again), in one project state.
struct ImpactChoice {
  EditorDialog dialog = EditorDialog::kNone;
  MergeDraft merge;  // the open dialog's draft without its rationale; the other one empty
  SplitDraft split;
  uint64_t generation = 0, revision = 0;
  bool operator==(const ImpactChoice&) const = default;
};

// The impact of the open dialog's change. The session's refusal of the
// change (TaxonomyEdits::PreviewMerge / PreviewSplit, cheap) is worked out on
// the UI thread; the figures (TaxonomyImpact::Measure, a scan of every
// label) on the GUI's background worker (StartEditorTask).
struct ImpactPreview {
  ImpactChoice choice;  // what it was computed for
  std::string refusal;  // the session's refusal of the change as it stands; "" when valid
  std::vector<app::CategoryImpact> impact;
  size_t relabel = 0;  // distinct items that would enter the relabel queue
};

// A measurement asked for: the worker runs TaxonomyImpact::Measure(before,
// after) on a read-only project of the same folder.
struct ImpactRequest {
  ImpactChoice choice;
  core::Taxonomy before;  // the project's taxonomy when asked
  core::Taxonomy after;   // with the change made (the session's preview)
};

// A proposal to read with its impact (Proposals::Show) on the worker, as
// the list stood at `epoch`.
struct ProposalRequest {
  std::string name;
  uint64_t epoch = 0;
  bool operator==(const ProposalRequest&) const = default;
};

// The Proposals tab's rows and the selected proposal. The list (no impact,
// cheap) is read by RefreshTaxonomyEditor when the tab is open and the
// project moved or a decision or merge was asked for (stale); the selected
// proposal with its impact is read on the worker.
struct ProposalsView {
  bool loaded = false;
  bool stale = false;
  uint64_t generation = 0, revision = 0;
  uint64_t epoch = 0;  // counts the list's reads: `shown` is current when read at the last one
  std::string error;   // why the list could not be read
  std::vector<app::ProposalSummary> list;
  std::string shown_name;  // the proposal `shown` holds
  uint64_t shown_epoch = 0;
  app::ProposalSummary shown;
  std::string show_error;
  std::optional<ProposalRequest> show_queued;   // waits for the worker
  std::optional<ProposalRequest> show_running;  // the worker reads it now
  // The session's refusal of the last Approve, Reject or Merge clicked here
  // (also in the status bar), shown under the buttons of `action_name`.
  std::string action_name;
  std::string action_error;
};

struct TaxonomyEditorUi {
  bool visible = false;  // shown instead of the label workspace
  std::string selected;  // the category the form shows; "" for none

  // The form, and what it was filled from: it is filled again when the
  // selection changes, or when the category changed underneath (a save, a
  // sync) while the form held no edit of the user's.
  CategoryDraft draft;
  CategoryDraft loaded;
  std::string loaded_id;
  // The model the form was last compared with: nothing is read again
  // until the selection, the revision or the generation moves.
  uint64_t loaded_generation = 0;
  uint64_t loaded_revision = 0;

  std::vector<std::string> replacements;  // the active categories but the selected one
  std::string replacement;  // the deprecate section's choice
  std::string new_id, new_name, new_definition;  // the add-a-child section

  bool proposals_tab = false;                 // the Proposals tab is the one shown
  EditorDialog dialog = EditorDialog::kNone;  // the dialog open (or asked to open)
  bool dialog_opening = false;                // the dialog's popup opens in the next draw
  MergeDraft merge;
  SplitDraft split;
  // The last figures the worker measured (for the current choices or, while
  // it measures again, for earlier ones: then shown greyed), the newest
  // measurement waiting for the worker (one: a newer one replaces it), and
  // the one it runs.
  ImpactPreview preview;
  std::optional<ImpactRequest> impact_queued;
  std::optional<ImpactChoice> impact_running;
  // The session's refusal of the confirmed change (also in the status bar);
  // the dialog stays open showing it. Cleared when confirmed again.
  std::string dialog_error;

  std::string proposal;      // the proposal selected in the tab; "" for none
  std::string decision_why;  // the rationale typed for Approve / Reject
  ProposalsView proposals;
};

// What a worker job reads for the editor; parts not asked for are empty.
struct EditorWork {
  std::optional<ImpactRequest> impact;
  std::optional<ProposalRequest> show;
};

// What the worker hands back.
struct EditorResult {
  std::optional<ImpactPreview> preview;  // for work.impact
  std::optional<ProposalRequest> shown_for;
  Result<app::ProposalSummary> shown = Status::Internal("not read");  // for work.show
};

struct TaxonomyEditor {
  TaxonomyEditorUi ui;
  // Filled by the worker while a StartEditorTask runs; null otherwise.
  std::shared_ptr<EditorResult> pending;
};

// Fills the form from the model when the selection or the category changed
// (see TaxonomyEditorUi). Called by DrawTaxonomyEditor; public for tests.
void SyncTaxonomyEditorForm(const TaxonomyModel& model, TaxonomyEditorUi& ui);

// Brings what the open dialog and the Proposals tab show up to date: the
// session's refusal of the dialog's change and the proposal list are read
// here (cheap); the impact figures and the selected proposal are queued for
// the worker (ui.impact_queued, ui.proposals.show_queued; a newer request
// replaces a queued one). Called before each frame while the editor is
// visible and the project is open.
void RefreshTaxonomyEditor(app::Project& project, uint64_t generation, TaxonomyEditorUi& ui);

// The queued work, when there is any. Ask only while no reader runs.
//
//   RefreshTaxonomyEditor(*project, host.generation(), editor.ui);
//   if (!host.reader_running())
//     if (std::optional<EditorWork> w = EditorWorkNeeded(editor.ui))
//       StartEditorTask(host, *w, editor);
//   ... when host.PollReader() returns `done`:
//   AdoptPendingEditor(editor, *done, host.generation());
std::optional<EditorWork> EditorWorkNeeded(const TaxonomyEditorUi& ui);

// Measures and reads `work` on `project` (any one thread that has it to
// itself); failures land in the result (a refusal, a show error).
EditorResult RunEditorWork(app::Project& project, const EditorWork& work);

// Takes what the result answers into `ui`, and drops what is no longer
// asked for: figures for other choices than the open dialog's (or another
// project: `generation`), a proposal other than the selected one.
void AdoptEditorResult(EditorResult result, uint64_t generation, TaxonomyEditorUi& ui);

// Starts `work` on the host's reader (a read-only project of the same
// folder, app::ProjectHost::StartReader): the queued requests become the
// running ones; the result waits in editor.pending. Errors as StartReader.
Status StartEditorTask(app::ProjectHost& host, const EditorWork& work, TaxonomyEditor& editor);
// After the host's reader ended with `outcome`: adopts the pending result,
// if any; a reader that failed (the project could not be opened) leaves its
// error as the refusal or show error, so it is not asked again at once.
void AdoptPendingEditor(TaxonomyEditor& editor, const Result<std::string>& outcome,
                        uint64_t generation);

// True when ui.preview holds the figures of the open dialog's current
// choices at (generation, revision): what Confirm needs.
bool ImpactCurrent(const TaxonomyEditorUi& ui, uint64_t generation, uint64_t revision);

// The outcome of a command applied after the frame (FinishFrame): a confirmed
// merge or split closes its dialog, or leaves it open showing the session's
// refusal; a refused decision or merge of a proposal is shown in the tab.
// Other commands are ignored.
void NoteEditorOutcome(const Command& command, const Result<std::string>& outcome,
                       TaxonomyEditorUi& ui);

void DrawTaxonomyEditor(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out);

}  // namespace taxa::gui
