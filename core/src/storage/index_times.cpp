// Index::ScanLabelTimes: the current labels with the clock of the event that
// made each, for questions about when labels were made (quality over time).
#include <string_view>

#include "storage/sqlite_db.h"
#include "taxa/core/index.h"

namespace taxa::core {

Status Index::ScanLabelTimes(const std::function<Status(const TimedLabelView&)>& fn) {
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
    TAXA_ASSIGN_OR_RETURN(storage::Statement labels,
                          db_->Prepare("SELECT item, annotator, categories, hlc FROM current "
                                       "WHERE categories <> '[]' ORDER BY item, annotator"));
    // Labels of items no longer in the project are left out, as
    // ScanLabelsByItemId does: both lists come in BINARY order, merged.
    TAXA_ASSIGN_OR_RETURN(storage::Statement items,
                          db_->Prepare("SELECT id FROM items ORDER BY id"));
    std::string_view id;
    auto next_item = [&]() -> Result<bool> {
      TAXA_ASSIGN_OR_RETURN(bool more, items.Step());
      if (more) id = items.Text(0);
      return more;
    };
    TAXA_ASSIGN_OR_RETURN(bool item_row, next_item());
    for (;;) {
      TAXA_ASSIGN_OR_RETURN(bool row, labels.Step());
      if (!row) return Status::Ok();
      const std::string_view item = labels.Text(0);
      while (item_row && id < item) {
        TAXA_ASSIGN_OR_RETURN(item_row, next_item());
      }
      if (!item_row) return Status::Ok();
      if (id != item) continue;
      delivered = true;
      Status used = fn(TimedLabelView{item, labels.Text(1), labels.Text(2),
                                      static_cast<uint64_t>(labels.Int(3))});
      if (!used.ok()) {
        caller_failed = true;
        return used;
      }
    }
  });
}

}  // namespace taxa::core
