// What index.cpp and index_reviews.cpp share: the prepared statements of an
// open index (Index::Statements) and the writer of a JSON array column.
// Private to core/src/storage.
#pragma once

#include <string>
#include <vector>

#include "storage/sqlite_db.h"
#include "taxa/core/index.h"

namespace taxa::core {

struct Index::Statements {
  using Statement = storage::Statement;
  Statement insert_item, set_segment, upsert_current, upsert_gold, item_count, items_at, find_item,
      current_of, next_unlabeled, labeled_count, labeled_among, set_meta, get_meta;
  // index_reviews.cpp
  Statement insert_review, insert_label_event, find_label_event, judge_reviews, find_taxonomy,
      insert_taxonomy, find_review_text, insert_review_text;
};

// Sets `out` to a JSON array of `values` as the categories columns hold
// them (reusing its buffer).
void WriteCategoriesJson(std::string& out, const std::vector<std::string>& values);

}  // namespace taxa::core
