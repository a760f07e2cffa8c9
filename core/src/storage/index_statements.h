// Index::Statements: the prepared statements of an open index, shared by
// index.cpp and index_reviews.cpp. Private to core/src/storage.
#pragma once

#include "storage/sqlite_db.h"
#include "taxa/core/index.h"

namespace taxa::core {

struct Index::Statements {
  using Statement = storage::Statement;
  Statement insert_item, set_segment, upsert_current, upsert_gold, item_count, items_at, find_item,
      current_of, next_unlabeled, labeled_count, labeled_among, set_meta, get_meta;
  // index_reviews.cpp
  Statement insert_review, insert_label_event, find_label_event, judge_reviews, find_taxonomy,
      insert_taxonomy;
};

}  // namespace taxa::core
