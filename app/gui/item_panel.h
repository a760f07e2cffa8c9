// The item window: the current item's id, metadata and full text, the label being
// made (chosen categories, attributes, note, Submit, Skip, Clear and Undo), the
// annotator's progress, and the current labels of other annotators (or why
// they are withheld, with a reveal toggle for leads and reviewers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/attribute_form.h"
#include "gui/commands.h"
#include "gui/label_draft.h"
#include "gui/selection.h"
#include "gui/taxonomy_panel.h"
#include "session/project.h"

namespace taxa::gui {

// Derived from the session when its revision or the selection changes.
struct ItemModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  Selection built_for;
  bool built = false;
  std::string error;  // a failed query, shown in place of the item

  std::string annotator;
  bool writable = false;
  int64_t item_count = 0;
  int64_t labeled_by_me = 0;

  std::optional<core::ItemRow> row;                       // nullopt: no item selected
  std::vector<std::pair<std::string, std::string>> meta;  // key, value as text
  std::optional<core::CurrentLabel> mine;                 // the annotator's current label
  std::vector<core::CurrentLabel> others;                 // everyone else's
  // Why `others` is withheld (blind labeling, or a calibration round's item
  // the annotator has not labeled yet: app::Labeling::LabelsOf); empty when
  // they are shown. `withheld` counts them.
  std::string others_hidden;
  size_t withheld = 0;
  bool blind = false;       // the project withholds others' labels (blind_labels)
  bool may_reveal = false;  // the annotator is a lead or reviewer (Labeling::MayReveal)
  bool revealed = false;    // built with ItemUi::reveal on
  bool skipped = false;     // the annotator skipped this item
  size_t undoable = 0;      // labels of this sitting Ctrl+Z can take back
};

// The item window's own UI state.
struct ItemUi {
  // A lead's or reviewer's choice to see the others' labels before labeling
  // (blind labeling withholds them from everyone else).
  bool reveal = false;
  std::string import_path;  // a new project's items file, as typed
};

void RefreshItem(app::Project& session, uint64_t generation, const Selection& selection,
                 const ItemUi& ui, ItemModel& model);

// Starts a fresh draft when the selection moved to another item, filled with the
// annotator's current label of it (so submitting again edits that label).
void SyncDraft(const ItemModel& model, LabelDraft& draft);

// The Submit action shared by the button and the Enter key: pushes SubmitLabel
// for the drafted item with the attribute values `form` keeps. No-op without
// an item.
void PushSubmit(const ItemModel& model, const LabelDraft& draft, const AttributeForm& form,
                Commands& out);

// How far `done` of `total` is, as the progress bar says it: rounded down, with
// as many decimals as it takes to show a started task as more than 0% ("0.02%"
// at 10 of 50,000) and an unfinished one as less than 100% ("99%").
std::string ProgressPercent(int64_t done, int64_t total);

// Draws into the current window.
void DrawItemPanel(const ItemModel& model, const TaxonomyModel& taxonomy, const AttributeForm& form,
                   LabelDraft& draft, ItemUi& ui, Commands& out);

}  // namespace taxa::gui
