// The item list window: the project's items in order, with a mark on those the
// annotator has labeled, others have labeled, or the annotator skipped, and a
// search field above them (Ctrl+F) that narrows the list (app::Items::Find:
// words in the text or id, id:PART, KEY=VALUE, is:unlabeled, is:skipped,
// is:mine, is:disagreement, is:gold, is:relabel -- also the "to relabel"
// button: the relabel queue's items). An exact item id goes to that item.
//
// Without a search only the rows around the visible range are ever fetched
// (Items::Summaries), so a million items scroll as smoothly as ten; a search
// fetches its matches a page at a time as the list is scrolled down.
//
// The view reports the range it shows in ItemListUi; RefreshItemList fetches
// what that range needs before the next frame, or when the revision changes.
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
  std::string preview;   // the start of the text on one line
  bool mine = false;     // the annotator has a current label on it
  bool others = false;   // someone else has
  bool skipped = false;  // the annotator skipped it
};

struct ItemListModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  std::string error;
  std::string search;  // the search the rows answer; "" for every item
  int64_t count = 0;   // rows in the list: the project's items, or the matches fetched
  int64_t first = 0;   // list position of rows[0]
  int64_t next = -1;   // a search: the cursor of its next page; -1 when every match is here
  std::vector<ItemListRow> rows;

  // The row of the item at project position `ord`, or null when it is not
  // among the fetched rows.
  const ItemListRow* Find(int64_t ord) const;
  // The row at list position `index`, or null when it is not fetched.
  const ItemListRow* At(int64_t index) const;
  // The list position of the item at `ord`; -1 when it is not in the list.
  int64_t IndexOf(int64_t ord) const;
};

struct ItemListUi {
  int64_t visible_first = 0;  // set by the view each frame
  int64_t visible_count = 48;
  int64_t followed = -1;      // the selection last scrolled into view
  std::string query;          // as typed in the search field
  std::string applied;        // the search the list shows (Enter applies `query`)
  bool focus_query = false;   // a request: give the search field the keyboard
};

inline constexpr int64_t kItemListMargin = 48;  // rows fetched beyond each edge
inline constexpr int64_t kSearchPage = 200;     // matches fetched at a time

// `item_count` is the project's current item count (the caller queries it
// once per revision). A search that cannot be read (an unknown is:) lands in
// model.error with no rows.
void RefreshItemList(app::Project& session, uint64_t generation, int64_t item_count,
                     const ItemListUi& ui, ItemListModel& model);

// Draws into the current window; clicking a row pushes SelectItem, Enter in
// the search field applies it (and pushes GoToItem for an exact id).
void DrawItemList(const ItemListModel& model, ItemListUi& ui, const Selection& selection,
                  Commands& out);

// The project position of the row `step` rows from the selection in the list
// (a search's matches, or every item); -1 when there is none that way.
int64_t NeighbourInList(const ItemListModel& model, const Selection& selection, int step);

// One line of at most `max_bytes` from `text` (newlines and tabs become spaces,
// never cutting a UTF-8 sequence), with "…" when shortened.
std::string Preview(const std::string& text, size_t max_bytes);

}  // namespace taxa::gui
