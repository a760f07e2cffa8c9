// The History window (F10): the taxonomy's changes and releases on main,
// oldest to newest (app::TaxonomyHistory::Timeline), each with its time,
// author, action and subject, release version and rationale; a slider over
// them that replays the category tree as it stood at the chosen point
// (TaxonomyAt), read-only; and the changes between any two points, field by
// field (TaxonomyHistory::Diff).
//
//   RefreshHistoryModel(project, host.generation(), history.ui, history.model);  // before drawing
//   DrawHistoryWindow(history.model, history.ui);
//
// Nothing reads git while drawing. The timeline is read again only when the
// project's revision or generation moved; the tree when the chosen point's
// commit changed (trees already read are kept by commit id, a few at most);
// the diff when its two commits did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"
#include "session/taxonomy_history.h"
#include "taxa/core/release.h"
#include "taxa/core/taxonomy.h"

namespace taxa::gui {

// One point of the timeline, ready to draw.
struct HistoryRow {
  app::TimelineEntry entry;
  std::string when;  // local time, "2026-11-28 02:14"
  // "#3 2026-11-28 02:14 category.edit: Rename billing" (combos and the slider).
  std::string label;
};

// One row of the replayed tree.
struct HistoryTreeRow {
  std::string id;
  std::string name;
  int depth = 0;
  std::string status;       // "active", "draft", "deprecated"
  std::string replaced_by;  // "" when none
  std::vector<std::string> split_into;
};

// One category the diff touches: what happened to it and its fields before
// and after (compact JSON, as core::CategoryFieldChange gives them).
struct HistoryDiffCategory {
  std::string id;
  std::vector<std::string> what;  // "added", "renamed to \"Pets\"", "merged into pets", ...
  std::vector<core::CategoryFieldChange> fields;
};

// Trees kept by commit id, at most this many.
inline constexpr size_t kHistoryTreesKept = 8;

struct HistoryModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  std::vector<HistoryRow> rows;  // oldest first
  std::string error;

  // The tree at the chosen point.
  std::string tree_commit;  // the commit `tree` shows; "" for none
  std::vector<HistoryTreeRow> tree;
  std::string tree_error;
  std::map<std::string, std::vector<HistoryTreeRow>> trees;  // kept, by commit id
  std::vector<std::string> trees_order;                    // oldest kept first
  size_t tree_reads = 0;  // how many times a taxonomy was read from git (tests count them)

  // The diff between two points.
  std::string diff_from, diff_to;  // the commits `diff` answers; "" for none
  std::vector<HistoryDiffCategory> diff;
  std::string diff_error;
  size_t diff_reads = 0;
};

struct HistoryUi {
  bool visible = false;  // shown instead of the label workspace
  // The chosen point, an index into the rows; -1: the newest.
  int point = -1;
  // The diff's two points, indexes into the rows; -1 follows the slider
  // ("to": the point itself; "from": the point before it, or for a release
  // the release before it, or the first point when there is none).
  int from = -1;
  int to = -1;
  int tab = 0;  // 0: the tree, 1: the diff (the tab shown last frame)
  int select_tab = -1;  // a tab to bring forward in the next frame; -1: none
  int scrolled_to = -1;  // the point the timeline was last scrolled to show
};

struct HistoryWindow {
  HistoryModel model;
  HistoryUi ui;
};

// The index the slider stands at (ui.point, or the newest row, kept within
// the rows); -1 when there are none. And the diff's two points the same way.
int ChosenPoint(const HistoryModel& model, const HistoryUi& ui);
int DiffFrom(const HistoryModel& model, const HistoryUi& ui);
int DiffTo(const HistoryModel& model, const HistoryUi& ui);

// The tree rows of `t`: depth-first, each with its depth.
std::vector<HistoryTreeRow> TreeRowsOf(const core::Taxonomy& t);
// `changes` by category id (sorted), each with what happened and its fields.
std::vector<HistoryDiffCategory> DiffByCategory(const core::TaxonomyChanges& changes);

// Reads what changed (see above). Failures land in model.error,
// model.tree_error or model.diff_error.
void RefreshHistoryModel(app::Project& project, uint64_t generation, const HistoryUi& ui,
                         HistoryModel& model);

void DrawHistoryWindow(const HistoryModel& model, HistoryUi& ui);

}  // namespace taxa::gui
