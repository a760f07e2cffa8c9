// agree: inter-annotator agreement on a ratings file, or on the project's
// current labels (with breakdowns) when no file is given.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/agree.h"
#include "session/quality_service.h"
#include <nlohmann/json.hpp>

namespace taxa::cli {

namespace {

struct AgreeArgs {
  std::string file;
  app::AgreeOptions options;
  uint64_t seed = 1;
  std::string per;  // project only
  std::string by;   // project only
};

int PrintReport(const Globals& g, const app::AgreeReport& report);

const char* MetricTitle(const std::string& metric) {
  if (metric == "percent") return "percent agreement";
  if (metric == "cohen") return "Cohen's kappa";
  if (metric == "scott") return "Scott's pi";
  if (metric == "bennett") return "Bennett's S";
  if (metric == "fleiss") return "Fleiss' kappa";
  return "Krippendorff's alpha";
}

// The JSON of one coefficient: {"metric","level","value","items","pairable_values","ci"}.
void ReportJson(const app::AgreeReport& r, nlohmann::ordered_json& j) {
  j["metric"] = r.metric;
  j["level"] = r.level;
  j["value"] = r.value;
  j["items"] = r.items;
  j["pairable_values"] = r.pairable_values;
  if (r.ci) j["ci"] = {r.ci->first, r.ci->second};
}

// A breakdown: a table, or a JSON array with the slice first in each row.
int PrintRows(const Globals& g, const std::vector<app::AgreeRow>& rows) {
  if (g.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const app::AgreeRow& row : rows) {
      nlohmann::ordered_json j;
      if (row.kind == "pair") {
        j["annotators"] = {row.slice.substr(0, row.slice.find(',')),
                           row.slice.substr(row.slice.find(',') + 1)};
      } else if (row.kind == "depth") {
        j["depth"] = std::stoi(row.slice);
      } else {
        j[row.kind] = row.slice;
      }
      if (row.error.empty()) {
        ReportJson(row.report, j);
      } else {
        j["value"] = nullptr;
        j["items"] = row.report.items;
        j["error"] = row.error;
      }
      if (row.percent) j["percent"] = *row.percent;
      out.push_back(std::move(j));
    }
    std::cout << out.dump() << "\n";
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

int AgreeInProject(const Globals& g, const AgreeArgs& a) {
  std::unique_ptr<app::Project> s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  app::ProjectAgreeOptions o{.agree = a.options, .per = a.per, .by = a.by};
  Result<std::vector<app::AgreeRow>> rows = app::Quality(*s).Agree(o);
  if (!rows.ok()) return Fail(rows.status());
  if (!a.per.empty() || !a.by.empty()) return PrintRows(g, *rows);
  return PrintReport(g, rows->front().report);
}

int Agree(const Globals& g, const AgreeArgs& a) {
  // Options that do not fit together are bad usage (exit 2), like an unknown flag.
  if (Status s = app::CheckAgreeOptions(a.options); !s.ok()) {
    Fail(s);
    return 2;
  }
  if (a.file.empty()) return AgreeInProject(g, a);
  if (!a.per.empty() || !a.by.empty()) {
    Fail(Status::InvalidInput("--per and --by are for a project's labels (run without FILE)"));
    return 2;
  }
  Result<app::AgreeReport> r = app::AgreeOnFile(a.file, a.options);
  if (!r.ok()) return Fail(r.status());
  return PrintReport(g, *r);
}

int PrintReport(const Globals& g, const app::AgreeReport& r) {
  if (g.json) {
    nlohmann::ordered_json j;
    ReportJson(r, j);
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::string metric = MetricTitle(r.metric);
  if (r.weights != "none") metric += " (" + r.weights + " weights)";
  std::printf("%-16s %s\n", "metric", metric.c_str());
  std::printf("%-16s %s\n", "level", r.level.c_str());
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
  agree->add_option("--metric", args->options.metric,
                    "percent, cohen, scott, bennett, fleiss or alpha (default: alpha)");
  agree->add_option("--level", args->options.level,
                    "nominal, ordinal, interval, ratio, jaccard, masi or tree (default: nominal)");
  agree->add_option("--weights", args->options.weights,
                    "none, linear or quadratic: weighted Cohen's kappa (default: none)");
  agree->add_option("--order", args->options.order, "Categories lowest first: a,b,c")
      ->delimiter(',');
  agree->add_option("--ci", args->options.ci,
                    "Bootstrap confidence interval for alpha at this level, e.g. 0.95");
  CLI::Option* seed = agree->add_option("--seed", args->seed, "Seed of the bootstrap (default: 1)");
  agree->callback([&, args, seed] {
    if (seed->count() > 0) args->options.seed = args->seed;
    action = [&g, args] { return Agree(g, *args); };
  });
}

}  // namespace taxa::cli
