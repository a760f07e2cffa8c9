// The typed category filter of the taxonomy window: `/` then part of a
// category's name, id or path narrows the tree to the matching categories
// (any depth, deprecated ones left out); Up/Down move the highlight, Enter
// ticks the highlighted one and shows it in the tree, Esc gives the tree back.
// With more categories in view than number keys, this is how the rest are
// reached from the keyboard.
//
//   if (StartsCategoryFilter()) StartCategoryFilter(ui);   // `/` pressed
//   DrawCategoryFilter(model, ui, draft, height);          // instead of the tree
//   if (ui.filtering) HandleCategoryFilterKeys(model, ui, draft);   // every key is its own
//
// The filter reads the typed characters itself (no text field to focus first),
// so a letter typed in the frame after `/` is never lost.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gui/label_draft.h"
#include "gui/taxonomy_panel.h"

namespace taxa::gui {

// The labelable categories whose name, id or path name ("Billing › Refund")
// holds `filter`, ASCII letters matched without regard to case, in the
// taxonomy's tree order (a parent before its children). Every labelable
// category for an empty filter.
std::vector<std::string> MatchCategories(const TaxonomyModel& model, std::string_view filter);

// True when `/` was pressed this frame (the key, or the character typed).
bool StartsCategoryFilter();
// Opens the filter, empty.
void StartCategoryFilter(TaxonomyUi& ui);

// Draws the typed filter and its matches in a child `height` pixels high;
// clicking a match picks it.
void DrawCategoryFilter(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft,
                        float height);
// The filter's keys: typed characters extend it, Backspace shortens it,
// Up/Down move the highlight, Enter picks the highlighted match, Esc closes.
// Picking ticks (or unticks) the category in `draft`, closes the filter and
// reveals the category in the tree.
void HandleCategoryFilterKeys(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft);

}  // namespace taxa::gui
