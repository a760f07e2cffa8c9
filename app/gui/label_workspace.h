// The label workspace: the item list, the current item and the taxonomy, side by
// side, each window drawn from its own view-model, plus the keys that label.
//
//   RefreshLabelWorkspace(session, host.generation(), selection, ws);  // before drawing
//   DrawLabelWorkspace(layout, ws, selection, commands);
//   HandleLabelKeys(ws, selection, commands);
#pragma once

#include "gui/commands.h"
#include "gui/item_list.h"
#include "gui/item_panel.h"
#include "gui/label_draft.h"
#include "gui/selection.h"
#include "gui/shell.h"
#include "gui/taxonomy_panel.h"

namespace taxa::gui {

struct LabelWorkspace {
  ItemListModel list;
  ItemListUi list_ui;
  ItemModel item;
  TaxonomyModel taxonomy;
  TaxonomyUi taxonomy_ui;
  LabelDraft draft;
};

// Rebuilds each view-model whose inputs (session revision, selection, visible
// range) changed, and starts a fresh draft when the selection moved.
void RefreshLabelWorkspace(app::Session& session, uint64_t generation, const Selection& selection,
                           LabelWorkspace& ws);

void DrawLabelWorkspace(const Layout& layout, LabelWorkspace& ws, const Selection& selection,
                        Commands& out);

// 1-9 toggle the numbered categories (Shift opens one instead), Backspace goes up
// a level, Enter submits, Tab skips, Up/Down move, N goes to the note. Nothing
// fires while a text field has the keyboard.
void HandleLabelKeys(LabelWorkspace& ws, const Selection& selection, Commands& out);

}  // namespace taxa::gui
