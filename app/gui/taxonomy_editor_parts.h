// What the Taxonomy editor's files share (taxonomy_editor.cpp: the tree and
// the form; taxonomy_dialogs.cpp: Merge and Split; proposals_panel.cpp: the
// Proposals tab). Internal to them; faces and tests use taxonomy_editor.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/taxonomy_editor.h"

namespace taxa::gui {

inline constexpr const char* kMergeTitle = "Merge categories###merge_dialog";
inline constexpr const char* kSplitTitle = "Split a category###split_dialog";

// `parts` joined by `sep`.
std::string Join(const std::vector<std::string>& parts, const char* sep = ", ");

// What the dialog's choices still lack before the session can judge them
// ("" when complete): an unfinished form, not a rule of the taxonomy's.
std::string Unfinished(const MergeDraft& d);
std::string Unfinished(const SplitDraft& d);

// The choices an impact is computed for: the draft without its rationale.
MergeDraft ImpactKey(MergeDraft d);
SplitDraft ImpactKey(SplitDraft d);

// What the open dialog's impact is measured for at (generation, revision).
ImpactChoice ChoiceOf(const TaxonomyEditorUi& ui, uint64_t generation, uint64_t revision);
// True when `a` and `b` are for the same dialog and choices (in any project state).
bool SameChoices(const ImpactChoice& a, const ImpactChoice& b);

// One row per changed category, then the totals and the relabel line.
void DrawImpactRows(const std::vector<app::CategoryImpact>& impact, size_t relabel, bool split);

// The modal dialogs; each draws only while its popup is open.
void DrawMergeDialog(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out);
void DrawSplitDialog(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out);

// The Proposals tab (the list beside the selected proposal).
void DrawProposals(TaxonomyEditorUi& ui, Commands& out);

}  // namespace taxa::gui
