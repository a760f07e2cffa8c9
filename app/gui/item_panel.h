// The item window: the current item's id, metadata and full text, the label being
// made (chosen categories, note, Submit and Skip), the annotator's progress, and
// the current labels of other annotators.
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
  // Why `others` is withheld (a calibration round's item the annotator has
  // not labeled yet: label_workspace.h); empty when it is shown.
  std::string others_hidden;
};

void RefreshItem(app::Project& session, uint64_t generation, const Selection& selection,
                 ItemModel& model);

// Starts a fresh draft when the selection moved to another item, filled with the
// annotator's current label of it (so submitting again edits that label).
void SyncDraft(const ItemModel& model, LabelDraft& draft);

// The Submit action shared by the button and the Enter key: pushes SubmitLabel
// for the drafted item with the attribute values `form` keeps. No-op without
// an item.
void PushSubmit(const ItemModel& model, const LabelDraft& draft, const AttributeForm& form,
                Commands& out);

// Draws into the current window.
void DrawItemPanel(const ItemModel& model, const TaxonomyModel& taxonomy, const AttributeForm& form,
                   LabelDraft& draft, Commands& out);

}  // namespace taxa::gui
