// The label workspace: the item list, the current item and the taxonomy, side by
// side, each window drawn from its own view-model, plus the keys that label.
// Above the item, a one-line banner names the calibration round the annotator
// still has items to label in ("Calibration round r1: 3 of 12 labeled").
//
//   RefreshLabelWorkspace(session, host.generation(), selection, ws);  // before drawing
//   DrawLabelWorkspace(layout, ws, selection, commands);
//   HandleLabelKeys(ws, selection, commands);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gui/attribute_form.h"
#include "gui/commands.h"
#include "gui/item_list.h"
#include "gui/item_panel.h"
#include "gui/label_draft.h"
#include "gui/selection.h"
#include "gui/shell.h"
#include "gui/taxonomy_panel.h"
#include "session/quality.h"

namespace taxa::gui {

// The banner of the calibration round that waits for the annotator
// (Calibration::Waiting); rebuilt when the revision changes.
struct RoundBanner {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  std::string text;       // empty: no round waits for this annotator
  int64_t next_ord = -1;  // the round's first item they have not labeled
};

// "Calibration round NAME: k of N labeled", plus " (and M more rounds)" when
// `more` other rounds also wait.
std::string RoundBannerText(const app::CalibrationRound& round, size_t labeled, size_t more);

// Rebuilds `banner` when the revision or generation changed. A failure to read
// the rounds leaves no banner (labeling goes on; the Quality window shows it).
// Others' labels of a round item are withheld by the session
// (Labeling::LabelsOf), not here.
void RefreshRoundBanner(app::Project& session, uint64_t generation, RoundBanner& banner);

struct LabelWorkspace {
  ItemListModel list;
  ItemListUi list_ui;
  ItemModel item;
  ItemUi item_ui;
  TaxonomyModel taxonomy;
  TaxonomyUi taxonomy_ui;
  LabelDraft draft;
  AttributeForm attributes;
  RoundBanner round;
  PanelWidths widths;  // the side panels as dragged
};

// Rebuilds each view-model whose inputs (session revision, selection, visible
// range) changed, and starts a fresh draft when the selection moved.
void RefreshLabelWorkspace(app::Project& session, uint64_t generation, const Selection& selection,
                           LabelWorkspace& ws);

void DrawLabelWorkspace(const Layout& layout, LabelWorkspace& ws, const Selection& selection,
                        Commands& out);

// 1-9 and 0 toggle the numbered categories (Shift opens one instead), / finds
// one by name, Backspace goes up a level, A goes to the attributes, N to the
// note, Enter submits, Tab skips, Del clears, Ctrl+Z undoes, Up/Down move, R
// goes to the waiting calibration round's next item. Nothing fires while a
// text field has the keyboard.
void HandleLabelKeys(LabelWorkspace& ws, const Selection& selection, Commands& out);

}  // namespace taxa::gui
