// The taxonomy window: the category tree the annotator picks from, and the
// guidelines (definition, include and exclude rules, examples, near misses) of
// the category last hovered or clicked.
//
// The categories "in view" are the children of the category opened last (or the
// top level): up to nine of them carry the numbers 1-9 that the number keys
// toggle. Deprecated categories are shown greyed with their replacement and are
// never numbered or ticked.
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
};

void RefreshTaxonomy(const app::Project& session, uint64_t generation, TaxonomyModel& model);

// The categories numbered 1-9, in order: the labelable children of the focused
// category when it and its ancestors are open, else the labelable roots.
std::vector<std::string> CategoriesInView(const TaxonomyModel& model, const TaxonomyUi& ui);

// Opens `id` and numbers its children (no-op for a leaf).
void FocusCategory(const TaxonomyModel& model, TaxonomyUi& ui, const std::string& id);
// Closes the focused category and numbers its siblings instead.
void FocusParent(const TaxonomyModel& model, TaxonomyUi& ui);

// Draws the tree and the guidelines into the current window.
void DrawTaxonomy(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft);

}  // namespace taxa::gui
