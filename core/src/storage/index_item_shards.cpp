// Index::ScanItemShards: every item with the shard that holds it, for
// questions about where items came from (when their batch arrived).
#include <string_view>

#include "storage/sqlite_db.h"
#include "taxa/core/index.h"

namespace taxa::core {

Status Index::ScanItemShards(
    const std::function<Status(std::string_view item, std::string_view shard)>& fn) {
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
    TAXA_ASSIGN_OR_RETURN(storage::Statement s,
                          db_->Prepare("SELECT id, shard FROM items ORDER BY id"));
    for (;;) {
      TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Status::Ok();
      delivered = true;
      Status used = fn(s.Text(0), s.Text(1));
      if (!used.ok()) {
        caller_failed = true;
        return used;
      }
    }
  });
}

}  // namespace taxa::core
