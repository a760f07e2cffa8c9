// Label rows of items still in the project: a merge of a label query with the
// items table's ids, both in BINARY order (std::string_view's), so a label of
// an item no longer in the project is left out without a lookup per row.
#pragma once

#include <string_view>

#include "storage/sqlite_db.h"
#include "taxa/core/status.h"

namespace taxa::core::storage {

// Steps `labels` (ordered by item, the item id in column 0) and calls `row()`
// while it stands on a label of an item the items table holds; stops at the
// first error `row` returns and returns it. A template on the callable, so
// the call per row in the hottest scans goes through no std::function.
template <typename Row>
Status ForEachLabelOfAnItem(Database& db, Statement& labels, Row&& row) {
  // The ids alone: read from the primary key's own index, no table row.
  TAXA_ASSIGN_OR_RETURN(Statement items, db.Prepare("SELECT id FROM items ORDER BY id"));
  std::string_view id;  // the items' current row, valid until it steps
  auto next_item = [&]() -> Result<bool> {
    TAXA_ASSIGN_OR_RETURN(bool more, items.Step());
    if (more) id = items.Text(0);
    return more;
  };
  TAXA_ASSIGN_OR_RETURN(bool item_row, next_item());
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool more, labels.Step());
    if (!more) return Status::Ok();
    const std::string_view item = labels.Text(0);
    while (item_row && id < item) {
      TAXA_ASSIGN_OR_RETURN(item_row, next_item());
    }
    if (!item_row) return Status::Ok();
    if (id != item) continue;  // a label of an item no longer in the project
    TAXA_RETURN_IF_ERROR(row());
  }
}

}  // namespace taxa::core::storage
