// Index::ScanLabelTimes: the current labels with the clock of the event that
// made each, for questions about when labels were made (quality over time).
#include <string_view>

#include "storage/live_labels.h"
#include "taxa/core/index.h"

namespace taxa::core {

Status Index::ScanLabelTimes(const std::function<Status(const TimedLabelView&)>& fn) {
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
    TAXA_ASSIGN_OR_RETURN(storage::Statement labels,
                          db_->Prepare("SELECT item, annotator, categories, hlc FROM current "
                                       "WHERE categories <> '[]' ORDER BY item, annotator"));
    // Labels of items no longer in the project are left out, as
    // ScanLabelsByItemId does.
    StoredLabelForward stored(forwarding());
    return storage::ForEachLabelOfAnItem(*db_, labels, [&]() -> Status {
      delivered = true;
      bool outdated = false;
      std::string_view categories = stored.Map(labels.Text(2), outdated);
      Status used = fn(TimedLabelView{labels.Text(0), labels.Text(1), categories,
                                      static_cast<uint64_t>(labels.Int(3)), outdated});
      caller_failed = !used.ok();
      return used;
    });
  });
}

}  // namespace taxa::core
