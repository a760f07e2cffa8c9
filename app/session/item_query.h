// ItemQuery: a page of items in project order, filtered by the user's state
// and a text search, with a cursor to go on from (the web's Items page and
// its API).
//
//   TAXA_ASSIGN_OR_RETURN(ItemPage page, QueryItems(*project, {.state = ItemState::kUnlabeled}));
//   ... next page: {.cursor = *page.next_cursor, ...}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session/items.h"
#include "session/project.h"

namespace taxa::app {

enum class ItemState {
  kAll,
  kUnlabeled,  // the user has no current label on it
  kMine,       // the user has
  kOthers,     // someone else has (whose and what stays with Labeling::LabelsOf)
};

// "all", "unlabeled", "mine", "others"; kInvalidInput naming them for another word.
Result<ItemState> ParseItemState(std::string_view name);

struct ItemQuery {
  int64_t cursor = 0;    // the first position (ItemRow::ord) to look at
  int64_t limit = 100;   // at most this many items; 1..1000
  ItemState state = ItemState::kAll;
  std::string text;      // a case-insensitive (ASCII) part of the id or text; "" for any
};

struct ItemPage {
  std::vector<ItemSummary> items;
  std::optional<int64_t> next_cursor;  // nullopt: nothing after this page
  int64_t total = 0;                   // items in the project
};

// The items from `query.cursor` on that match, up to `query.limit`, for the
// project's user. kInvalidInput for a negative cursor or a limit outside
// 1..1000.
Result<ItemPage> QueryItems(Project& project, const ItemQuery& query);

}  // namespace taxa::app
