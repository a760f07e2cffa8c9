// The taxonomy window: the category tree the annotator picks from, and the
// guidelines (definition, include and exclude rules, examples, near misses) of
// the category last hovered or clicked.
//
// The categories "in view" are the children of the category opened last (or the
// top level): the first ten carry the keys 1-9 and 0 that toggle them; any
// category, numbered or not, is found by typing `/` and part of its name
// (category_filter.h). Deprecated categories are shown greyed with their
// replacement and are never numbered or ticked.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gui/commands.h"
#include "gui/label_draft.h"
#include "session/project.h"

namespace taxa::gui {

// Derived from the session's taxonomy when its revision changes.
struct TaxonomyModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  core::Taxonomy taxonomy;                                   // a copy: a plain value
  std::map<std::string, std::vector<std::string>> children;  // "" holds the roots
  std::map<std::string, std::string> display;                // id -> "Billing › Refund request"

  // The path name of `id`, or `id` itself when unknown.
  const std::string& DisplayName(const std::string& id) const;
};

struct TaxonomyUi {
  std::set<std::string> open;  // expanded categories
  std::string focus;           // the category whose children are numbered; "": the roots
  std::string shown;           // the category whose guidelines are shown
  std::string scroll_to;       // a request: bring this category's row into view

  // The typed filter (`/`): while `filtering`, the tree gives way to the
  // categories whose name, id or path holds `filter`.
  bool filtering = false;
  std::string filter;
  int cursor = 0;           // the highlighted match, which Enter picks
  bool focus_filter = false;  // a request: give the filter field the keyboard
};

// The keys of the categories in view, in order: 1-9, then 0.
inline constexpr int kCategoryKeys = 10;
// The key that toggles the `index`-th category in view ("1".."9", "0"); "" past them.
std::string CategoryKeyName(size_t index);

void RefreshTaxonomy(const app::Project& session, uint64_t generation, TaxonomyModel& model);

// The categories in view, in order (the first kCategoryKeys carry keys): the
// labelable children of the focused category when it and its ancestors are
// open, else the labelable roots.
std::vector<std::string> CategoriesInView(const TaxonomyModel& model, const TaxonomyUi& ui);

// Opens `id` and numbers its children (no-op for a leaf).
void FocusCategory(const TaxonomyModel& model, TaxonomyUi& ui, const std::string& id);
// Closes the focused category and numbers its siblings instead.
void FocusParent(const TaxonomyModel& model, TaxonomyUi& ui);
// Opens the way to `id` (its ancestors), numbers its siblings, shows its
// guidelines and scrolls its row into view.
void RevealCategory(const TaxonomyModel& model, TaxonomyUi& ui, const std::string& id);

// Draws the tree and the guidelines into the current window.
void DrawTaxonomy(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft);

}  // namespace taxa::gui
