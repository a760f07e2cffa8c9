#include "session/item_query.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "session/internal/enum_names.h"

namespace taxa::app {

namespace {

constexpr std::array<Named<ItemState>, 4> kStates = {{{ItemState::kAll, "all"},
                                                      {ItemState::kUnlabeled, "unlabeled"},
                                                      {ItemState::kMine, "mine"},
                                                      {ItemState::kOthers, "others"}}};

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool Contains(std::string_view hay, std::string_view lowered_needle) {
  return std::search(hay.begin(), hay.end(), lowered_needle.begin(), lowered_needle.end(),
                     [](char h, char n) { return Lower(h) == n; }) != hay.end();
}

bool TextMatches(const core::Item& item, std::string_view needle) {
  return needle.empty() || Contains(item.id, needle) || Contains(item.text, needle);
}

bool StateMatches(const ItemSummary& s, ItemState state) {
  switch (state) {
    case ItemState::kAll: return true;
    case ItemState::kUnlabeled: return !s.mine;
    case ItemState::kMine: return s.mine;
    case ItemState::kOthers: return s.others;
  }
  return true;
}

}  // namespace

Result<ItemState> ParseItemState(std::string_view name) { return ParseNamed(kStates, name, "state"); }

Result<ItemPage> QueryItems(Project& project, const ItemQuery& query) {
  if (query.cursor < 0) return Status::InvalidInput("cursor: must be 0 or more");
  if (query.limit < 1 || query.limit > 1000)
    return Status::InvalidInput("limit: must be from 1 to 1000");
  std::string needle = query.text;
  std::transform(needle.begin(), needle.end(), needle.begin(), Lower);
  Items items(project);
  ItemPage page;
  TAXA_ASSIGN_OR_RETURN(page.total, items.Count());
  // Rows in chunks until the page is full (a filter may skip many); who
  // labeled a row is looked up only for rows whose text matches.
  constexpr int64_t kChunk = 2000;
  int64_t at = query.cursor;
  while (at < page.total && static_cast<int64_t>(page.items.size()) < query.limit) {
    TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> rows, items.At(at, kChunk));
    if (rows.empty()) break;
    for (const core::ItemRow& row : rows) {
      at = row.ord + 1;
      if (!TextMatches(row.item, needle)) continue;
      TAXA_ASSIGN_OR_RETURN(std::vector<ItemSummary> one, items.Summaries(row.ord, 1));
      if (one.empty() || !StateMatches(one.front(), query.state)) continue;
      page.items.push_back(std::move(one.front()));
      if (static_cast<int64_t>(page.items.size()) == query.limit) break;
    }
  }
  if (at < page.total) page.next_cursor = at;
  return page;
}

}  // namespace taxa::app
