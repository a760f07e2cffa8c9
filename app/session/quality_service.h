// Quality: agreement of the project's current labels with breakdowns, each
// annotator against the majority, confusion between two annotators, and
// consensus. The result types are in quality.h; the statistics come from
// core (agreement.h, confusion.h, aggregation.h).
//
//   ProjectAgreeOptions o{.per = Breakdown::kCategory};
//   TAXA_ASSIGN_OR_RETURN(std::vector<AgreeRow> rows, Quality(*project).Agree(o));
#pragma once

#include <string>
#include <vector>

#include "session/project.h"
#include "session/quality.h"

namespace taxa::app {

class Quality {
 public:
  explicit Quality(Project& project);

  // Agreement of the current labels: one "overall" row, or one row per
  // category, depth, annotator pair or slice. Options errors as
  // CheckAgreeOptions, plus kInvalidInput for a breakdown both per and by,
  // and for by "vendor" when taxa.json lists no vendors. A row
  // whose coefficient is undefined carries its error; the whole call fails
  // (kFailedPrecondition) only when the project has no labels, or with the
  // overall row's error when there is no breakdown.
  Result<std::vector<AgreeRow>> Agree(const ProjectAgreeOptions& options);
  // The overview of the project's agreement (QualityOverview), from one
  // read of the labels; `ci_level` is the intervals' level (0 for none).
  Result<QualityOverview> Overview(double ci_level = 0.95);
  // Each annotator's current labels against the majority of the items with
  // two or more labels and no tie (as a calibration report counts them, over
  // every item). kFailedPrecondition when the project has no labels.
  Result<StandingsReport> Standings();
  // Annotator `a` (as truth, the rows) against `b` over the items both
  // labeled, with the ten most confused category pairs. kInvalidInput when
  // a and b are one annotator.
  Result<AnnotatorConfusion> Confusion(const std::string& a, const std::string& b);
  // One label per item from the current labels of every annotator.
  Result<ConsensusReport> Consensus(ConsensusMethod method = ConsensusMethod::kMajority);

 private:
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
