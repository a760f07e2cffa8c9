// Gold: a lead's adjudicated labels, stored as label events under
// gold/<lead>/<device>/ (merged by union like labels/), and annotators'
// accuracy against them (types in quality.h).
//
//   Gold gold(*project);
//   TAXA_RETURN_IF_ERROR(gold.Set("T-1", {"billing.refund"}, "policy 4").status());
//   TAXA_ASSIGN_OR_RETURN(GoldReport r, gold.Report("ann"));
#pragma once

#include <string>
#include <vector>

#include "session/project.h"
#include "session/quality.h"

#include "taxa/core/index.h"
#include "taxa/core/label_event.h"
#include "taxa/sync/repository.h"

namespace taxa::app {

class Gold {
 public:
  explicit Gold(Project& project);

  // Records the project user's adjudication of `item` as one commit under
  // gold/<user>/<device>/ (Taxa-Action: gold.set). Checks as a label.
  // Returns the gold label recorded (as Labels() lists it).
  Result<core::GoldLabel> Set(const std::string& item, const std::vector<std::string>& categories,
                              const std::string& note);
  // Reads gold labels from CSV (item,category; several rows give several
  // categories) or JSON Lines ({"item","categories"}); all or nothing, one
  // commit (gold.import). Errors are "FILE:LINE: ...".
  Result<ImportGoldReport> Import(const std::string& path);
  // The gold label of every item that has one, by item id.
  Result<std::vector<core::GoldLabel>> Labels();
  // Accuracy of each annotator against gold and the confusion matrix (of
  // `annotator`, or of everyone pooled when empty). kFailedPrecondition when
  // no labeled item has gold; kNotFound for an annotator with no labels.
  Result<GoldReport> Report(const std::string& annotator);

 private:
  Status CommitGold(const std::vector<core::LabelEvent>& events,
                    const std::vector<std::string>& lines, sync::CommitMeta meta);
  ProjectState& s_;
};

}  // namespace taxa::app
