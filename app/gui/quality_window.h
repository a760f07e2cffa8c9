// The Quality window: how well the annotators agree, read from the session's
// quality use cases (session/quality.h) and drawn in four tabs:
//   Agreement    overall Krippendorff's alpha (nominal) with its 95% bootstrap
//                interval, per-category one-vs-rest alpha as bars with whiskers,
//                and Cohen's kappa of each annotator pair;
//   Confusion    annotator A (or gold) against annotator B as a heatmap;
//   Annotators   each annotator against the majority consensus;
//   Calibration  the rounds, two of them side by side with the change.
//
//   // before drawing, when the window is shown and no job runs:
//   if (std::optional<QualityWork> w = QualityWorkNeeded(q.model, q.ui, gen, s.revision()))
//     StartQualityTask(host, *w, q);          // computed on the worker thread
//   ... when host.PollTask() returns: AdoptPendingQuality(q);
//   DrawQualityWindow(q.model, q.ui, computing, commands);
//
// The bootstrap intervals take time on a big project, so the numbers are worked
// out by RunQualityWork on the worker thread (app::ProjectHost::StartTask) and
// adopted after; tests call RefreshQualityModel, which does the same inline.
// Each part is recomputed only when its inputs change: the overview when the
// project's generation or revision does (or `model.stale` is set), the
// confusion when the chosen pair does, the calibration when the chosen rounds do.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/commands.h"
#include "session/project_host.h"
#include "session/project.h"
#include "session/quality.h"

namespace taxa::gui {

// Krippendorff's (2004) guide: alpha >= 0.800 reliable, >= 0.667 tentative.
inline constexpr double kAlphaReliable = 0.800;
inline constexpr double kAlphaTentative = 0.667;
inline constexpr double kQualityCiLevel = 0.95;  // the intervals shown, default 1000 resamples
// The name the Confusion tab gives gold (adjudicated) labels as annotator A.
inline constexpr const char* kGoldChoice = "gold";

// Everything that depends only on the project's labels (Quality::Overview),
// with what it was computed for and the category names to show.
struct QualityOverview : app::QualityOverview {
  uint64_t generation = 0;
  uint64_t revision = 0;
  std::map<std::string, std::string> names;  // category id -> display name
};

// Annotator `a` (rows, the reference; kGoldChoice for gold) against `b`.
struct QualityConfusion {
  std::string a;
  std::string b;
  std::optional<core::ConfusionReport> report;
  std::string error;
};

// Two calibration rounds side by side (`second` empty when only one exists).
struct QualityCalibration {
  std::string first;
  std::string second;
  std::optional<app::CalibrationReport> first_report;
  std::optional<app::CalibrationReport> second_report;
  std::vector<app::RoundChange> changes;  // CompareCalibration(first, second)
  std::string error;
};

struct QualityModel {
  bool stale = true;  // recompute the overview on the next refresh
  bool built = false;
  QualityOverview overview;
  QualityConfusion confusion;
  QualityCalibration calibration;
};

enum class QualityTab { kAgreement, kConfusion, kAnnotators, kCalibration };

struct QualityUi {
  bool visible = false;                     // shown instead of the label workspace
  QualityTab tab = QualityTab::kAgreement;  // the tab drawn last
  std::optional<QualityTab> open_tab;       // select this tab on the next frame
  std::string a;      // Confusion rows (an annotator or kGoldChoice); empty: the first
  std::string b;      // Confusion columns; empty: the second annotator
  std::string first;  // Calibration rounds; empty: the last two by name
  std::string second;
};

// What has to be computed, as decided on the UI thread.
struct QualityWork {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool overview = false;
  // Empty names take the defaults once the overview is known.
  bool confusion = false;
  std::string a, b;
  bool calibration = false;
  std::string first, second;
};

// What the worker hands back; parts not asked for stay empty.
struct QualityResult {
  std::optional<QualityOverview> overview;
  std::optional<QualityConfusion> confusion;
  std::optional<QualityCalibration> calibration;
};

struct QualityWindow {
  QualityModel model;
  QualityUi ui;
  // Filled by the worker while a StartQualityTask runs; null otherwise.
  std::shared_ptr<QualityResult> pending;
};

// The work the model needs for `ui` at (generation, revision); nullopt when it
// is up to date.
std::optional<QualityWork> QualityWorkNeeded(const QualityModel& model, const QualityUi& ui,
                                             uint64_t generation, uint64_t revision);

// Computes `work` from `session`; every failure lands in its part's error.
// `known` is the overview the confusion and calibration defaults come from when
// work.overview is false. Runs on any one thread that has the session to itself.
QualityResult RunQualityWork(app::Project& session, const QualityWork& work,
                             const QualityOverview& known);

// Moves `result` into `model`, and fills the empty choices of `ui` with the
// ones the worker used.
void AdoptQualityResult(QualityResult result, QualityModel& model, QualityUi& ui);

// Needed + Run + Adopt on the calling thread (tests, and small projects).
void RefreshQualityModel(app::Project& session, uint64_t generation, QualityWindow& quality);

// Starts `work` on the host's worker thread; its result waits in
// quality.pending until AdoptPendingQuality. Errors as app::ProjectHost::StartTask.
Status StartQualityTask(app::ProjectHost& host, const QualityWork& work, QualityWindow& quality);
// After the host's task ended: adopts the pending result, if any.
void AdoptPendingQuality(QualityWindow& quality);

// "0.712", or "-" for a row whose value is undefined.
std::string FormatAlpha(const app::AgreeRow& row);
// "[0.61, 0.80]" or "" without an interval.
std::string FormatInterval(const app::AgreeRow& row);

// Draws into the current window. `computing`: a task is working out new numbers
// (the last ones stay on screen). The window only reads; it pushes no commands.
void DrawQualityWindow(const QualityModel& model, QualityUi& ui, bool computing, Commands& out);

}  // namespace taxa::gui
