// The Quality window's model (quality_window.h): what to compute, computing it
// from the session's quality use cases, and adopting the result.
#include <algorithm>
#include <set>
#include <utility>

#include "gui/quality_window.h"
#include "session/calibration.h"
#include "session/gold.h"
#include "session/quality_service.h"

namespace taxa::gui {

namespace {

QualityOverview BuildOverview(app::Project& session, const QualityWork& work) {
  QualityOverview o;
  Result<app::QualityOverview> data = app::Quality(session).Overview(kQualityCiLevel);
  if (data.ok()) {
    static_cast<app::QualityOverview&>(o) = std::move(*data);
  } else {
    o.overall_error = data.status().message();
  }
  o.generation = work.generation;
  o.revision = work.revision;
  for (const auto& [id, category] : session.taxonomy().categories()) o.names[id] = category.name;
  return o;
}

QualityConfusion BuildConfusion(app::Project& session, const QualityOverview& o, std::string a,
                                std::string b) {
  if (a.empty() && b.empty()) {
    if (o.annotators.size() >= 2) {
      a = o.annotators[0];
      b = o.annotators[1];
    } else if (o.annotators.size() == 1 && o.has_gold) {
      a = kGoldChoice;
      b = o.annotators[0];
    }
  }
  QualityConfusion c{.a = a, .b = b};
  if (a.empty() || b.empty()) {
    c.error = "a confusion matrix needs two annotators (or gold labels and one annotator)";
    return c;
  }
  if (a == kGoldChoice) {
    Result<app::GoldReport> gold = app::Gold(session).Report(b);
    if (gold.ok()) {
      c.report = std::move(gold->confusion);
    } else {
      c.error = gold.status().message();
    }
    return c;
  }
  Result<app::AnnotatorConfusion> report = app::Quality(session).Confusion(a, b);
  if (report.ok()) {
    c.report = std::move(report->confusion);
  } else {
    c.error = report.status().message();
  }
  return c;
}

QualityCalibration BuildCalibration(app::Project& session, const QualityOverview& o,
                                    std::string first, std::string second) {
  if (first.empty() && second.empty() && !o.rounds.empty()) {
    size_t n = o.rounds.size();
    first = o.rounds[n >= 2 ? n - 2 : 0].name;
    if (n >= 2) second = o.rounds[n - 1].name;
  }
  QualityCalibration c{.first = first, .second = second};
  if (first.empty()) return c;  // no rounds: the tab says how to start one
  auto report = [&](const std::string& name, std::optional<app::CalibrationReport>& out) {
    Result<app::CalibrationReport> r = app::Calibration(session).Report(name);
    if (r.ok()) {
      out = std::move(*r);
    } else if (c.error.empty()) {
      c.error = r.status().message();
    }
  };
  report(first, c.first_report);
  if (second.empty()) return c;
  report(second, c.second_report);
  Result<app::RoundComparison> comparison = app::Calibration(session).Compare(first, second);
  if (comparison.ok()) {
    c.changes = std::move(comparison->changes);
  } else if (c.error.empty()) {
    c.error = comparison.status().message();
  }
  return c;
}

}  // namespace

std::optional<QualityWork> QualityWorkNeeded(const QualityModel& model, const QualityUi& ui,
                                             uint64_t generation, uint64_t revision) {
  QualityWork w{.generation = generation, .revision = revision};
  w.overview = model.stale || !model.built || model.overview.generation != generation ||
               model.overview.revision != revision;
  w.confusion = w.overview || ui.a != model.confusion.a || ui.b != model.confusion.b;
  w.calibration =
      w.overview || ui.first != model.calibration.first || ui.second != model.calibration.second;
  if (!w.overview && !w.confusion && !w.calibration) return std::nullopt;
  w.a = ui.a;
  w.b = ui.b;
  w.first = ui.first;
  w.second = ui.second;
  return w;
}

QualityResult RunQualityWork(app::Project& session, const QualityWork& work,
                             const QualityOverview& known) {
  QualityResult r;
  if (work.overview) r.overview = BuildOverview(session, work);
  const QualityOverview& o = r.overview ? *r.overview : known;
  if (work.confusion) r.confusion = BuildConfusion(session, o, work.a, work.b);
  if (work.calibration) r.calibration = BuildCalibration(session, o, work.first, work.second);
  return r;
}

void AdoptQualityResult(QualityResult result, QualityModel& model, QualityUi& ui) {
  if (result.overview) {
    model.overview = std::move(*result.overview);
    model.built = true;
    model.stale = false;
  }
  if (result.confusion) {
    model.confusion = std::move(*result.confusion);
    if (ui.a.empty() && ui.b.empty()) {
      ui.a = model.confusion.a;
      ui.b = model.confusion.b;
    }
  }
  if (result.calibration) {
    model.calibration = std::move(*result.calibration);
    if (ui.first.empty() && ui.second.empty()) {
      ui.first = model.calibration.first;
      ui.second = model.calibration.second;
    }
  }
}

void RefreshQualityModel(app::Project& session, uint64_t generation, QualityWindow& quality) {
  std::optional<QualityWork> work =
      QualityWorkNeeded(quality.model, quality.ui, generation, session.revision());
  if (!work) return;
  AdoptQualityResult(RunQualityWork(session, *work, quality.model.overview), quality.model,
                     quality.ui);
}

Status StartQualityTask(app::ProjectHost& host, const QualityWork& work, QualityWindow& quality) {
  auto result = std::make_shared<QualityResult>();
  // The worker reads the last overview only when it keeps it: a copy, so the
  // UI thread may go on drawing its own.
  // On a read-only project of its own: the annotator goes on labeling meanwhile.
  TAXA_RETURN_IF_ERROR(host.StartReader(
      work.overview ? "Computing agreement" : "Computing",
      [work, result, known = quality.model.overview](app::Project& s,
                                                     app::JobContext&) -> Result<std::string> {
        *result = RunQualityWork(s, work, known);
        return std::string();
      }));
  quality.pending = std::move(result);
  return Status::Ok();
}

void AdoptPendingQuality(QualityWindow& quality) {
  if (!quality.pending) return;
  std::shared_ptr<QualityResult> done = std::move(quality.pending);
  quality.pending = nullptr;
  AdoptQualityResult(std::move(*done), quality.model, quality.ui);
}

}  // namespace taxa::gui
