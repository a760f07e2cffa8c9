// agree: inter-annotator agreement on a ratings file, or on the project's
// current labels (with breakdowns) when no file is given.
#include <cstdio>
#include <iostream>
#include <memory>
#include <vector>

#include "cli.h"
#include "session/agree.h"
#include "session/json.h"
#include "session/quality_service.h"

namespace taxa::cli {

namespace {

// The flags as typed; Agree() reads them into app::ProjectAgreeOptions.
struct AgreeArgs {
  std::string file;
  std::string metric = "alpha";
  std::string level = "nominal";
  std::string weights = "none";
  std::vector<std::string> order;
  double ci = 0;
  uint64_t seed = 1;
  bool seeded = false;  // --seed was given
  std::string per;  // project only
  std::string by;   // project only
};

int PrintReport(const Globals& g, const app::AgreeReport& report);

const char* MetricTitle(app::Metric metric) {
  switch (metric) {
    case app::Metric::kPercent:
      return "percent agreement";
    case app::Metric::kCohen:
      return "Cohen's kappa";
    case app::Metric::kScott:
      return "Scott's pi";
    case app::Metric::kBennett:
      return "Bennett's S";
    case app::Metric::kFleiss:
      return "Fleiss' kappa";
    case app::Metric::kAlpha:
      return "Krippendorff's alpha";
  }
  return "?";
}

// A breakdown: a table, or a JSON array with the slice first in each row.
int PrintRows(const Globals& g, const std::vector<app::AgreeRow>& rows) {
  if (g.json) {
    std::cout << app::ToJson(rows).dump() << "\n";
    return 0;
  }
  std::string title = rows.empty() ? "slice" : rows.front().kind;
  std::printf("%-26s %8s %8s %8s  %s\n", title.c_str(),
              rows.empty() || rows.front().kind != "pair" ? "value" : "kappa",
              rows.empty() || rows.front().kind != "pair" ? "items" : "percent", "n",
              "interval / note");
  for (const app::AgreeRow& row : rows) {
    std::string slice = row.slice.empty() ? "(none)" : row.slice;
    char value[32] = "-";
    if (row.error.empty()) std::snprintf(value, sizeof value, "%.4f", row.report.value);
    char middle[32];
    if (row.percent)
      std::snprintf(middle, sizeof middle, "%.4f", *row.percent);
    else
      std::snprintf(middle, sizeof middle, "%zu", row.report.items);
    std::string tail = row.error;
    if (row.error.empty() && row.report.ci) {
      char ci[64];
      std::snprintf(ci, sizeof ci, "[%.4f, %.4f]", row.report.ci->first, row.report.ci->second);
      tail = ci;
    }
    std::printf("%-26s %8s %8s %8zu  %s\n", slice.c_str(), value, middle,
                row.report.pairable_values, tail.c_str());
  }
  return 0;
}

// The flags as the session's options; kInvalidInput naming the bad value.
Result<app::ProjectAgreeOptions> ReadOptions(const AgreeArgs& a) {
  app::ProjectAgreeOptions o{.by = a.by};
  TAXA_ASSIGN_OR_RETURN(o.agree.metric, app::ParseMetric(a.metric));
  TAXA_ASSIGN_OR_RETURN(o.agree.level, app::ParseLevel(a.level));
  TAXA_ASSIGN_OR_RETURN(o.agree.weights, app::ParseWeights(a.weights));
  o.agree.order = a.order;
  o.agree.ci = a.ci;
  if (a.seeded) o.agree.seed = a.seed;
  TAXA_RETURN_IF_ERROR(app::CheckAgreeOptions(o.agree));
  return o;
}

int AgreeInProject(const Globals& g, const app::ProjectAgreeOptions& o) {
  std::unique_ptr<app::Project> s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<app::AgreeRow>> rows = app::Quality(*s).Agree(o);
  if (!rows.ok()) return Fail(rows.status());
  const size_t outdated = rows->empty() ? 0 : rows->front().outdated_labels;
  int code = 0;
  if (o.per != app::Breakdown::kOverall || !o.by.empty()) {
    code = PrintRows(g, *rows);
  } else if (g.json) {
    std::cout << app::ToJson(rows->front()).dump() << "\n";  // the overall row: no slice
    return 0;
  } else {
    code = PrintReport(g, rows->front().report);
  }
  if (!g.json) PrintOutdated(outdated);
  return code;
}

int Agree(const Globals& g, const AgreeArgs& a) {
  // Options that do not read or do not fit together are bad usage (exit 2),
  // like an unknown flag.
  Result<app::ProjectAgreeOptions> o = ReadOptions(a);
  if (!o.ok()) {
    Fail(o.status());
    return 2;
  }
  if (a.file.empty()) {
    if (!a.per.empty()) {
      Result<app::Breakdown> per = app::ParseBreakdown(a.per);
      if (!per.ok()) return Fail(per.status());
      o->per = *per;
    }
    return AgreeInProject(g, *o);
  }
  if (!a.per.empty() || !a.by.empty()) {
    Fail(Status::InvalidInput("--per and --by are for a project's labels (run without FILE)"));
    return 2;
  }
  Result<app::AgreeReport> r = app::AgreeOnFile(a.file, o->agree);
  if (!r.ok()) return Fail(r.status());
  return PrintReport(g, *r);
}

int PrintReport(const Globals& g, const app::AgreeReport& r) {
  if (g.json) {
    std::cout << app::ToJson(r).dump() << "\n";
    return 0;
  }
  std::string metric = MetricTitle(r.metric);
  if (r.weights != app::Weights::kNone)
    metric += " (" + std::string(app::WeightsName(r.weights)) + " weights)";
  std::printf("%-16s %s\n", "metric", metric.c_str());
  std::printf("%-16s %s\n", "level", std::string(app::LevelName(r.level)).c_str());
  std::printf("%-16s %.4f\n", "value", r.value);
  std::printf("%-16s %zu\n", "items", r.items);
  std::printf("%-16s %zu\n", "pairable values", r.pairable_values);
  if (r.ci)
    std::printf("%-16s [%.4f, %.4f]  (%g%%, %zu resamples, seed %llu)\n", "interval", r.ci->first,
                r.ci->second, r.ci_level * 100, r.resamples,
                static_cast<unsigned long long>(r.seed));
  if (!r.note.empty()) std::printf("%-16s %s\n", "note", r.note.c_str());
  return 0;
}

}  // namespace

void AddQualityCommands(CLI::App& app, Globals& g, Action& action) {
  auto args = std::make_shared<AgreeArgs>();
  auto* agree = app.add_subcommand(
      "agree",
      "Inter-annotator agreement of a ratings file (CSV item,annotator,value or JSON Lines), "
      "or of the project's current labels");
  agree->add_option("FILE", args->file,
                    "The ratings file (.csv, else JSON Lines); without it, the project's labels");
  agree->add_option("--per", args->per,
                    "In a project: one row per category (one-vs-rest), level or pair");
  agree->add_option("--by", args->by,
                    "In a project: one row per value of an item metadata key, or per vendor");
  agree->add_option("--metric", args->metric,
                    "percent, cohen, scott, bennett, fleiss or alpha (default: alpha)");
  agree->add_option("--level", args->level,
                    "nominal, ordinal, interval, ratio, jaccard, masi or tree (default: nominal)");
  agree->add_option("--weights", args->weights,
                    "none, linear or quadratic: weighted Cohen's kappa (default: none)");
  agree->add_option("--order", args->order, "Categories lowest first: a,b,c")->delimiter(',');
  agree->add_option("--ci", args->ci,
                    "Bootstrap confidence interval for alpha at this level, e.g. 0.95");
  CLI::Option* seed = agree->add_option("--seed", args->seed, "Seed of the bootstrap (default: 1)");
  agree->callback([&, args, seed] {
    args->seeded = seed->count() > 0;
    action = [&g, args] { return Agree(g, *args); };
  });
}

}  // namespace taxa::cli
