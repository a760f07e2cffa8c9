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
// The model is the label workspace's TaxonomyModel (a copy of the session's
// taxonomy, rebuilt when the revision changes), so drawing never touches the
// project while a job runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/commands.h"
#include "gui/taxonomy_panel.h"
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
};

struct TaxonomyEditor {
  TaxonomyEditorUi ui;
};

// Fills the form from the model when the selection or the category changed
// (see TaxonomyEditorUi). Called by DrawTaxonomyEditor; public for tests.
void SyncTaxonomyEditorForm(const TaxonomyModel& model, TaxonomyEditorUi& ui);

void DrawTaxonomyEditor(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out);

}  // namespace taxa::gui
