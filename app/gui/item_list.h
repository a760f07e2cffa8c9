// The item list window: every item of the project in order, with a mark on those
// the annotator has labeled. Only the rows around the visible range are ever
// fetched (Index::ItemsAt), so a million items scroll as smoothly as ten.
//
// The view reports the range it shows in ItemListUi; RefreshItemList fetches that
// range (with a margin) before the next frame, or when the revision changes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/commands.h"
#include "gui/selection.h"
#include "session/project.h"

namespace taxa::gui {

struct ItemListRow {
  int64_t ord = 0;
  std::string id;
  std::string preview;  // the start of the text on one line
  bool mine = false;    // the annotator has a current label on it
  bool others = false;  // someone else has
};

struct ItemListModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  std::string error;
  int64_t count = 0;  // items in the project
  int64_t first = 0;  // ord of rows[0]
  std::vector<ItemListRow> rows;

  // The row at `ord`, or null when it is outside the fetched window.
  const ItemListRow* Find(int64_t ord) const;
};

struct ItemListUi {
  int64_t visible_first = 0;  // set by the view each frame
  int64_t visible_count = 48;
  int64_t followed = -1;  // the selection last scrolled into view
};

inline constexpr int64_t kItemListMargin = 48;  // rows fetched beyond each edge

// `item_count` is the project's current Index::ItemCount() (a full count on
// SQLite, so the caller queries it once per revision).
void RefreshItemList(app::Project& session, uint64_t generation, int64_t item_count,
                     const ItemListUi& ui, ItemListModel& model);

// Draws into the current window; clicking a row pushes SelectItem.
void DrawItemList(const ItemListModel& model, ItemListUi& ui, const Selection& selection,
                  Commands& out);

// One line of at most `max_bytes` from `text` (newlines and tabs become spaces,
// never cutting a UTF-8 sequence), with "…" when shortened.
std::string Preview(const std::string& text, size_t max_bytes);

}  // namespace taxa::gui
