// Index::ScanItemSlices: every item's value of a metadata key, read once per
// item, for breakdowns by a key (agreement by slice, coverage by slice), and
// its shard (where its batch came from: turnaround).
#include <string_view>

#include "storage/sqlite_db.h"
#include "taxa/core/index.h"

namespace taxa::core {

Status Index::ScanItemSlices(const std::string& meta_key,
                             const std::function<Status(const ItemSliceView&)>& fn) {
  if (meta_key.find_first_of("\"\\") != std::string::npos)
    return Status::InvalidInput("metadata key \"" + meta_key + "\" may not hold '\"' or '\\'");
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
    // The value is the one ScanCurrentLabels gives (index.cpp): the same
    // expression, so a slice has one name whichever way it was read.
    TAXA_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_->Prepare("SELECT id, ord, CASE WHEN ?1 = '' THEN '' ELSE "
                     "coalesce(CAST(json_extract(meta, ?2) AS TEXT), '') END, meta, shard "
                     "FROM items ORDER BY id"));
    s.Bind(1, meta_key).Bind(2, "$.\"" + meta_key + "\"");
    for (;;) {
      TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Status::Ok();
      delivered = true;
      Status used = fn(ItemSliceView{s.Text(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4)});
      if (!used.ok()) {
        caller_failed = true;
        return used;
      }
    }
  });
}

}  // namespace taxa::core
