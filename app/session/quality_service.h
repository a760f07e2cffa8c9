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
  // Quality over time (quality_over_time.cpp): agreement and gold accuracy
  // per ISO week and per taxonomy release, of the labels grouped by when
  // their current version was made.
  //
  // A current label belongs to the period holding its event's clock time
  // (the HLC's wall-clock milliseconds, UTC). A label changed later counts
  // only where its latest version was made; a cleared one counts nowhere.
  // Per period, alpha is Krippendorff's alpha, nominal, with each label's
  // categories as one value (as the overall alpha), over the period's labels
  // alone: an item enters when it has two or more labels made in that period
  // (`items`), whatever it has elsewhere; alpha undefined (fewer than two such
  // items, no variation) leaves `alpha` empty and says why in `alpha_error`.
  // Gold accuracy: of the period's labels on items with a gold label, the
  // share whose categories equal the gold label's (as Gold::Report counts).
  //
  // Rows: first a "week" row for every ISO week (Monday 00:00 UTC to the
  // next Monday) that holds a label, oldest first; then a "release" row for
  // every release at HEAD, in order of its `released` time (to the second;
  // ties by version), a release's period running from its time to the next
  // release's; when there are releases, a row named "" comes first for the
  // labels made before the first one, if any. Empty when the project has no
  // labels.
  // An unreadable release manifest fails naming its file. One read of the
  // current labels.
  Result<std::vector<QualityPeriod>> OverTime();

 private:
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
