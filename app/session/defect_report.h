// Defects and root causes (`taxa quality report`): the defect rate of the
// reviewed labels per category, annotator, vendor, guideline rule and
// taxonomy release with Wilson intervals, the Pareto of error types and the
// trend per day or ISO week (core/defect_report.h says what counts).
//
//   DefectReportRequest r{.trend = core::TrendPeriod::kWeek, .since = "2026-12-01"};
//   TAXA_ASSIGN_OR_RETURN(DefectAnalysis a, DefectReports(*project).Report(r));
//
// Each review's context comes from the label event it judged (its id is
// the review's `label`), as committed in the label segments (read through
// the index, which keeps the reviews and the label events they judge): its
// categories as recorded and the release it was made under (the newest
// release of the taxonomy it records); the vendor is the annotator's in
// taxa.json. A label event not found there (not yet committed, or from a
// review of a label this project does not hold) counts under category ""
// and release "" and is counted in `unknown_labels`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/defect_report.h"

namespace taxa::app {

struct DefectReportRequest {
  std::vector<core::DefectDimension> by = {
      core::DefectDimension::kCategory, core::DefectDimension::kAnnotator,
      core::DefectDimension::kVendor, core::DefectDimension::kRule,
      core::DefectDimension::kRelease};
  core::TrendPeriod trend = core::TrendPeriod::kNone;
  // "" or an ISO date (2026-12-01, from its start, UTC) or date-time
  // (2026-12-01T10:30[:00][Z]): reviews made before it are left out.
  std::string since;
  double level = 0.95;
  // Read the reviews and the labels they judged from the review and label
  // segments at HEAD rather than from the index (which holds the same, so
  // the report is the same; a check of the index, and much slower).
  bool from_segments = false;
};

struct DefectAnalysis {
  core::DefectReport report;
  size_t unknown_labels = 0;       // reviews whose judged label event was not found
  size_t unresolved_releases = 0;  // judged labels whose recorded taxonomy could not be read
};

class DefectReports {
 public:
  explicit DefectReports(Project& project);
  // kInvalidInput naming `since` when it is not a date; a review or label
  // segment that does not read fails naming its path and line.
  Result<DefectAnalysis> Report(const DefectReportRequest& request);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
