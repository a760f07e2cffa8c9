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
// with Approve, Reject and Merge (the session decides who may).
//
// The model is the label workspace's TaxonomyModel (a copy of the session's
// taxonomy, rebuilt when the revision changes), so drawing never touches the
// project while a job runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/commands.h"
#include "gui/taxonomy_panel.h"
#include "session/project.h"
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

// The impact of the open dialog's change, computed by RefreshTaxonomyEditor
// when the dialog's choices but the rationale (or the project) changed since.
struct ImpactPreview {
  EditorDialog dialog = EditorDialog::kNone;  // what it was computed for
  MergeDraft merge;  // the choices it was computed for, rationale left empty
  SplitDraft split;
  uint64_t generation = 0, revision = 0;
  std::string refusal;  // the session's refusal of the change as it stands; "" when valid
  std::vector<app::CategoryImpact> impact;
  size_t relabel = 0;  // distinct items that would enter the relabel queue
};

// The Proposals tab's rows and the selected proposal, read by
// RefreshTaxonomyEditor when the tab is open and the project moved, the
// selection changed, or a decision or merge was asked for (stale).
struct ProposalsView {
  bool loaded = false;
  bool stale = false;
  uint64_t generation = 0, revision = 0;
  std::string error;  // why the list could not be read
  std::vector<app::ProposalSummary> list;
  std::string shown_name;  // the proposal `shown` holds
  app::ProposalSummary shown;
  std::string show_error;
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
  ImpactPreview preview;

  std::string proposal;      // the proposal selected in the tab; "" for none
  std::string decision_why;  // the rationale typed for Approve / Reject
  ProposalsView proposals;
};

struct TaxonomyEditor {
  TaxonomyEditorUi ui;
};

// Fills the form from the model when the selection or the category changed
// (see TaxonomyEditorUi). Called by DrawTaxonomyEditor; public for tests.
void SyncTaxonomyEditorForm(const TaxonomyModel& model, TaxonomyEditorUi& ui);

// Reads what the open dialog and the Proposals tab show when it is out of
// date (see ImpactPreview, ProposalsView); nothing otherwise. Called before
// each frame while the editor is visible and no job runs.
void RefreshTaxonomyEditor(app::Project& project, uint64_t generation, TaxonomyEditorUi& ui);

void DrawTaxonomyEditor(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out);

}  // namespace taxa::gui
