// The Error analysis window (F12): the defect report of the project's
// reviews (app::DefectReports, as `taxa quality report`): the overall defect
// rate with its 95% Wilson interval; a table per dimension (category,
// annotator, vendor, guideline rule, taxonomy release; a combo picks one),
// each rate with its interval as a bar; the Pareto of error types with the
// cumulative share; and the trend per day or ISO week (a combo) as a line
// over its intervals.
//
//   // before drawing, when the window is shown and no reader runs:
//   ErrorsKey want = ErrorsKeyFor(errors.ui, host.generation(), project.revision());
//   if (errors.read.Needs(want)) StartErrorsRead(host, want, errors);
//   ... when host.PollReader() returns `done`: AdoptBackgroundRead(errors.read, *done);
//   DrawErrorsWindow(errors, host.reader_running());
//
// The report reads every review and label segment, so it is read on the
// GUI's background reader (background_read.h); the last one stays on screen
// meanwhile. What the window shows as text comes from the functions below,
// which the tests check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/background_read.h"
#include "session/defect_report.h"
#include "session/project.h"
#include "session/project_host.h"

namespace taxa::gui {

struct ErrorsKey {
  uint64_t generation = 0;
  uint64_t revision = 0;
  core::TrendPeriod trend = core::TrendPeriod::kDay;
  bool operator==(const ErrorsKey&) const = default;
};

struct ErrorsData {
  std::optional<app::DefectAnalysis> analysis;
  std::string error;  // the report could not be read: one line
};

struct ErrorsUi {
  bool visible = false;  // shown instead of the label workspace
  core::DefectDimension dimension = core::DefectDimension::kCategory;
  core::TrendPeriod trend = core::TrendPeriod::kDay;  // kDay or kWeek
};

struct ErrorsWindow {
  BackgroundRead<ErrorsKey, ErrorsData> read;
  ErrorsUi ui;
};

ErrorsKey ErrorsKeyFor(const ErrorsUi& ui, uint64_t generation, uint64_t revision);
// The report for `key` (every dimension, the trend per key.trend).
ErrorsData ReadErrors(app::Project& project, const ErrorsKey& key);
// Starts ReadErrors on the host's reader. Errors as StartReader.
Status StartErrorsRead(app::ProjectHost& host, const ErrorsKey& key, ErrorsWindow& errors);
// Reads on the calling thread when the key moved (tests).
void RefreshErrorsWindow(app::Project& project, uint64_t generation, ErrorsWindow& errors);

// "57.1% (4 of 7 reviewed defective)" and "[25.0%, 84.2%]".
std::string FormatDefectRate(const core::DefectRow& row);
std::string FormatRateInterval(const core::RateInterval& r);

// One table row as shown: the value ("(none)" for ""), reviewed, defects,
// rate and interval.
struct ErrorsTableRow {
  std::string value, reviewed, defects, rate, interval;
};
std::vector<ErrorsTableRow> ErrorsTableRows(const core::DefectReport& report,
                                            core::DefectDimension by);

void DrawErrorsWindow(ErrorsWindow& errors, bool reading);

}  // namespace taxa::gui
