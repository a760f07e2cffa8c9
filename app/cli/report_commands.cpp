// quality report (defects and root causes) and vendors set|remove|show|report
// (session/defect_report.h, session/vendors.h).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/defect_report.h"
#include "session/json.h"
#include "session/vendors.h"

namespace taxa::cli {
namespace {

struct ReportArgs {
  std::string since;
  std::vector<std::string> by;
  std::string trend;
};

const char* Shown(const std::string& value) { return value.empty() ? "(none)" : value.c_str(); }

void PrintRow(const char* value, uint64_t reviewed, uint64_t defects,
              const core::RateInterval& r) {
  std::printf("  %-28s %8llu %8llu  %6.2f%%  [%6.2f%%, %6.2f%%]\n", value,
              static_cast<unsigned long long>(reviewed), static_cast<unsigned long long>(defects),
              r.rate * 100, r.low * 100, r.high * 100);
}

int Report(const Globals& g, const ReportArgs& a) {
  app::DefectReportRequest request;
  request.since = a.since;
  if (!a.by.empty()) {
    request.by.clear();
    for (const std::string& word : a.by) {
      Result<core::DefectDimension> d = core::ParseDefectDimension(word);
      if (!d.ok()) return Fail(d.status());
      request.by.push_back(*d);
    }
  }
  if (!a.trend.empty()) {
    Result<core::TrendPeriod> t = core::ParseTrendPeriod(a.trend);
    if (!t.ok()) return Fail(t.status());
    request.trend = *t;
  }
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::DefectAnalysis> analysis = app::DefectReports(*s).Report(request);
  if (!analysis.ok()) return Fail(analysis.status());
  if (g.json) {
    std::cout << app::ToJson(*analysis).dump() << "\n";
    return 0;
  }
  const core::DefectReport& r = analysis->report;
  if (r.overall.reviewed == 0) {
    std::printf("No reviewed labels%s yet: review a sample first (taxa review next --plan NAME)\n",
                a.since.empty() ? "" : (" since " + a.since).c_str());
    return 0;
  }
  std::printf("Defect rate of reviewed labels (latest review of each label; Wilson %g%% "
              "interval)\n",
              r.level * 100);
  std::printf("  %-28s %8s %8s  %7s  %s\n", "", "reviewed", "defects", "rate", "interval");
  PrintRow("overall", r.overall.reviewed, r.overall.defects, r.overall.rate);
  for (const core::DefectBreakdown& b : r.breakdowns) {
    std::printf("\nBy %s\n", std::string(core::DefectDimensionName(b.by)).c_str());
    if (b.rows.empty()) std::printf("  (no defect names a rule)\n");
    for (const core::DefectRow& row : b.rows)
      PrintRow(Shown(row.value), row.reviewed, row.defects, row.rate);
  }
  std::printf("\nError types (Pareto)\n");
  if (r.pareto.empty()) std::printf("  (no defect names an error type)\n");
  for (const core::ErrorTypeCount& p : r.pareto)
    std::printf("  %-28s %8llu  %6.2f%%  cumulative %6.2f%%\n", p.error.c_str(),
                static_cast<unsigned long long>(p.count), p.share * 100, p.cumulative * 100);
  if (r.untyped_defects > 0)
    std::printf("  %llu defect%s no error type\n",
                static_cast<unsigned long long>(r.untyped_defects),
                r.untyped_defects == 1 ? " names" : "s name");
  if (!r.trend.empty()) {
    std::printf("\nTrend per %s\n", std::string(core::TrendPeriodName(r.trend_period)).c_str());
    for (const core::TrendPoint& p : r.trend)
      PrintRow(p.period.c_str(), p.reviewed, p.defects, p.rate);
  }
  std::printf("\n%llu review event%s: %llu superseded by a later review of the label, %llu lot "
              "decision%s",
              static_cast<unsigned long long>(r.review_events), r.review_events == 1 ? "" : "s",
              static_cast<unsigned long long>(r.superseded),
              static_cast<unsigned long long>(r.lot_decisions), r.lot_decisions == 1 ? "" : "s");
  if (r.before_since > 0)
    std::printf(", %llu before %s", static_cast<unsigned long long>(r.before_since),
                a.since.c_str());
  std::printf("\n");
  if (analysis->unknown_labels > 0)
    std::printf("%zu review%s a label event not committed here (category and release "
                "unknown)\n",
                analysis->unknown_labels, analysis->unknown_labels == 1 ? " judges" : "s judge");
  return 0;
}

// ---- vendors ----

struct VendorArgs {
  std::string vendor;
  std::vector<std::string> add, remove, teams, targets, clear_targets;
  std::string rate;
  std::string currency;
  bool clear_rate = false;
};

// "0.05/item" or "12/hour".
Result<core::VendorRate> ParseRate(const std::string& text, const std::string& currency) {
  const size_t slash = text.find('/');
  core::VendorRate r;
  r.currency = currency;
  if (slash != std::string::npos) r.per = text.substr(slash + 1);
  char* end = nullptr;
  const std::string amount = text.substr(0, slash);
  r.amount = std::strtod(amount.c_str(), &end);
  if (slash == std::string::npos || amount.empty() || end != amount.c_str() + amount.size() ||
      (r.per != "item" && r.per != "hour"))
    return Status::InvalidInput("--rate \"" + text +
                                "\": expected AMOUNT/item or AMOUNT/hour (e.g. 0.05/item)");
  return r;
}

int Set(const Globals& g, const VendorArgs& a) {
  app::VendorChange c;
  c.vendor = a.vendor;
  c.add = a.add;
  c.remove = a.remove;
  for (const std::string& t : a.teams) {
    const size_t eq = t.find('=');
    if (eq == std::string::npos)
      return Fail(Status::InvalidInput("--team \"" + t +
                                       "\": expected TEAM=annotator,annotator (TEAM= removes it)"));
    std::vector<std::string>& names = c.teams[t.substr(0, eq)];
    std::string rest = t.substr(eq + 1);
    for (size_t at = 0; !rest.empty() && at <= rest.size();) {
      const size_t comma = rest.find(',', at);
      const std::string name = rest.substr(at, comma == std::string::npos ? std::string::npos
                                                                           : comma - at);
      if (!name.empty()) names.push_back(name);
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
  }
  if (!a.rate.empty()) {
    Result<core::VendorRate> rate = ParseRate(a.rate, a.currency);
    if (!rate.ok()) return Fail(rate.status());
    c.rate = *rate;
  } else if (!a.currency.empty()) {
    return Fail(Status::InvalidInput("--currency goes with --rate"));
  }
  c.clear_rate = a.clear_rate;
  for (const std::string& t : a.targets) {
    const size_t eq = t.find('=');
    char* end = nullptr;
    const std::string value = eq == std::string::npos ? "" : t.substr(eq + 1);
    const double v = std::strtod(value.c_str(), &end);
    if (eq == std::string::npos || value.empty() || end != value.c_str() + value.size())
      return Fail(Status::InvalidInput("--target \"" + t +
                                       "\": expected NAME=VALUE (accuracy=0.95, agreement=0.8, "
                                       "items_per_hour=120, turnaround_hours=48)"));
    c.targets[t.substr(0, eq)] = v;
  }
  for (const std::string& t : a.clear_targets) c.targets[t] = std::nullopt;
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  app::Vendors vendors(*s);
  if (Status st = vendors.Change(c); !st.ok()) return Fail(st);
  if (g.json) {
    std::cout << app::VendorsJson(vendors.Settings()).dump() << "\n";
    return 0;
  }
  std::printf("Vendor %s updated in taxa.json\n", a.vendor.c_str());
  return 0;
}

int Remove(const Globals& g, const std::string& vendor) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  if (Status st = app::Vendors(*s).Remove(vendor); !st.ok()) return Fail(st);
  std::printf("Vendor %s removed from taxa.json\n", vendor.c_str());
  return 0;
}

std::string Num(const std::optional<double>& v, const char* format) {
  if (!v) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, *v);
  return buf;
}

int Show(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  const core::ProjectSettings& settings = app::Vendors(*s).Settings();
  if (g.json) {
    std::cout << app::VendorsJson(settings).dump() << "\n";
    return 0;
  }
  if (settings.vendors.empty())
    std::printf("No vendors yet (taxa vendors set NAME --add ANNOTATOR ...)\n");
  for (const auto& [vendor, members] : settings.vendors) {
    std::string names;
    for (const std::string& m : members) names += (names.empty() ? "" : ", ") + m;
    std::printf("%s: %s\n", vendor.c_str(), names.empty() ? "(no annotators)" : names.c_str());
    auto t = settings.vendor_terms.find(vendor);
    if (t == settings.vendor_terms.end()) continue;
    for (const auto& [team, list] : t->second.teams) {
      std::string tn;
      for (const std::string& m : list) tn += (tn.empty() ? "" : ", ") + m;
      std::printf("  team %s: %s\n", team.c_str(), tn.c_str());
    }
    if (t->second.rate)
      std::printf("  rate %g %s per %s\n", t->second.rate->amount,
                  t->second.rate->currency.c_str(), t->second.rate->per.c_str());
    const core::VendorTargets& tg = t->second.targets;
    if (tg.accuracy) std::printf("  target accuracy %g\n", *tg.accuracy);
    if (tg.agreement) std::printf("  target agreement %g\n", *tg.agreement);
    if (tg.items_per_hour) std::printf("  target items_per_hour %g\n", *tg.items_per_hour);
    if (tg.turnaround_hours) std::printf("  target turnaround_hours %g\n", *tg.turnaround_hours);
  }
  return 0;
}

void PrintRows(const char* title, const std::vector<core::VendorReportRow>& rows, bool annotators) {
  if (rows.empty()) return;
  std::printf("%s\n", title);
  std::printf("  %-16s %-12s %8s %8s %8s %9s %7s %13s %12s %10s  %s\n", "name",
              annotators ? "vendor" : "", "labeled", "items/h", "accuracy", "agreement", "rework",
              "turnaround h", "cost", "per accept", "missed targets");
  for (const core::VendorReportRow& r : rows) {
    const core::WorkFigures& f = r.figures;
    std::string missed;
    for (const std::string& m : f.missed) missed += (missed.empty() ? "" : ", ") + m;
    for (const std::string& m : f.unmeasured)
      missed += (missed.empty() ? "" : ", ") + m + " (unmeasured)";
    std::string cost = Num(f.cost, "%.2f");
    if (f.cost && !f.currency.empty()) cost += " " + f.currency;
    const std::string turnaround =
        f.turnaround_median_hours ? Num(f.turnaround_median_hours, "%.1f") + "/" +
                                        Num(f.turnaround_p90_hours, "%.1f")
                                  : "-";
    std::printf("  %-16s %-12s %8llu %8s %8s %9s %7s %13s %12s %10s  %s\n", Shown(r.name),
                annotators ? Shown(r.vendor) : "", static_cast<unsigned long long>(f.items_labeled),
                Num(f.items_per_hour, "%.1f").c_str(), Num(f.accuracy, "%.3f").c_str(),
                Num(f.agreement, "%.3f").c_str(), Num(f.rework, "%.3f").c_str(),
                turnaround.c_str(), cost.c_str(),
                Num(f.cost_per_accepted, "%.4f").c_str(), missed.empty() ? "-" : missed.c_str());
  }
  std::printf("\n");
}

int VendorReport(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<core::VendorReport> r = app::Vendors(*s).Report();
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  PrintRows("Vendors", r->vendors, false);
  PrintRows("Teams", r->teams, false);
  PrintRows("Annotators", r->annotators, true);
  std::printf("items/h: labels with recorded time per hour recorded; agreement: share of "
              "comparisons with each peer's label of the same item;\nrework: share of reviewed labels corrected or "
              "rejected; turnaround h: median/90th percentile hours from an item's import to\nthe "
              "annotator's first label of it (target: the 90th percentile); per accept: cost / "
              "(labeled x accepted share of reviews)\n");
  if (const uint64_t unmeasured = r->turnaround_unmeasured; unmeasured > 0)
    std::printf("turnaround: %llu first %s not measured (no time, or older than the item's "
                "import)\n",
                static_cast<unsigned long long>(unmeasured), unmeasured == 1 ? "label" : "labels");
  return 0;
}

}  // namespace

void AddReportCommands(CLI::App& app, Globals& g, Action& action) {
  auto* quality = app.add_subcommand("quality", "Quality reports of reviewed labels");
  quality->require_subcommand(1);
  auto* report = quality->add_subcommand(
      "report", "Defect rates with Wilson intervals by category, annotator, vendor, rule and "
                "release; Pareto of error types; trend");
  auto ra = std::make_shared<ReportArgs>();
  report->add_option("--since", ra->since, "Only reviews made since DATE (2026-12-01, UTC)");
  report->add_option("--by", ra->by, "category,annotator,vendor,rule,release (default: all)")
      ->delimiter(',');
  report->add_option("--trend", ra->trend, "day or week");
  report->callback([&, ra] { action = [&g, ra] { return Report(g, *ra); }; });

  auto* vendors = app.add_subcommand("vendors", "Vendors, teams, rates, targets and their report");
  vendors->require_subcommand(1);
  auto* set = vendors->add_subcommand("set", "Create or change a vendor in taxa.json (one commit)");
  auto va = std::make_shared<VendorArgs>();
  set->add_option("VENDOR", va->vendor, "The vendor's name")->required();
  set->add_option("--add", va->add, "Annotators joining the vendor")->delimiter(',');
  set->add_option("--remove", va->remove, "Annotators leaving the vendor")->delimiter(',');
  set->add_option("--team", va->teams, "TEAM=annotator,annotator (TEAM= removes the team)");
  set->add_option("--rate", va->rate, "AMOUNT/item or AMOUNT/hour, e.g. 0.05/item");
  set->add_option("--currency", va->currency, "The rate's currency, e.g. USD");
  set->add_flag("--clear-rate", va->clear_rate, "Remove the rate");
  set->add_option("--target", va->targets,
                  "NAME=VALUE: accuracy, agreement (0..1), items_per_hour, turnaround_hours");
  set->add_option("--clear-target", va->clear_targets, "Remove a target by name");
  set->callback([&, va] { action = [&g, va] { return Set(g, *va); }; });

  auto* remove = vendors->add_subcommand("remove", "Remove a vendor from taxa.json");
  auto name = std::make_shared<std::string>();
  remove->add_option("VENDOR", *name, "The vendor's name")->required();
  remove->callback([&, name] { action = [&g, name] { return Remove(g, *name); }; });

  auto* show = vendors->add_subcommand("show", "The vendors of taxa.json with their terms");
  show->callback([&] { action = [&g] { return Show(g); }; });

  auto* vreport = vendors->add_subcommand(
      "report", "Per vendor, team and annotator: throughput, accuracy, agreement, rework, "
                "turnaround, cost, missed targets");
  vreport->callback([&] { action = [&g] { return VendorReport(g); }; });
}

}  // namespace taxa::cli
