// JSON of the defect and vendor reports (json.h).
#include "session/json.h"
#include "session/utc_stamp.h"

namespace taxa::app {

namespace {

using nlohmann::ordered_json;

ordered_json Opt(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(); }

void PutRate(ordered_json& j, uint64_t reviewed, uint64_t defects, const core::RateInterval& r) {
  j["reviewed"] = reviewed;
  j["defects"] = defects;
  j["rate"] = reviewed ? ordered_json(r.rate) : ordered_json();
  j["low"] = reviewed ? ordered_json(r.low) : ordered_json();
  j["high"] = reviewed ? ordered_json(r.high) : ordered_json();
}

ordered_json Row(const core::VendorReportRow& row) {
  const core::WorkFigures& f = row.figures;
  ordered_json j;
  j["name"] = row.name;
  j["vendor"] = row.vendor;
  j["team"] = row.team;
  j["annotators"] = f.annotators;
  j["items_labeled"] = f.items_labeled;
  j["timed_labels"] = f.timed_labels;
  j["hours"] = f.hours;
  j["items_per_hour"] = Opt(f.items_per_hour);
  j["gold_items"] = f.gold_items;
  j["accuracy"] = Opt(f.accuracy);
  j["compared"] = f.compared;
  j["agreement"] = Opt(f.agreement);
  j["reviewed"] = f.reviewed;
  j["defects"] = f.defects;
  j["accepted"] = f.accepted;
  j["rework"] = Opt(f.rework);
  j["cost"] = Opt(f.cost);
  j["currency"] = f.currency;
  j["cost_per_accepted"] = Opt(f.cost_per_accepted);
  j["turnaround_labels"] = f.turnaround_labels;
  j["turnaround_unmeasured"] = f.turnaround_unmeasured;
  j["turnaround_median_hours"] = Opt(f.turnaround_median_hours);
  j["turnaround_p90_hours"] = Opt(f.turnaround_p90_hours);
  j["missed"] = f.missed;
  j["unmeasured"] = f.unmeasured;
  return j;
}

}  // namespace

ordered_json ToJson(const DefectAnalysis& analysis) {
  const core::DefectReport& r = analysis.report;
  ordered_json j;
  j["level"] = r.level;
  j["review_events"] = r.review_events;
  j["lot_decisions"] = r.lot_decisions;
  j["superseded"] = r.superseded;
  j["before_since"] = r.before_since;
  j["unknown_labels"] = analysis.unknown_labels;
  j["unresolved_releases"] = analysis.unresolved_releases;
  ordered_json overall;
  PutRate(overall, r.overall.reviewed, r.overall.defects, r.overall.rate);
  j["overall"] = overall;
  ordered_json by = ordered_json::object();
  for (const core::DefectBreakdown& b : r.breakdowns) {
    ordered_json rows = ordered_json::array();
    for (const core::DefectRow& row : b.rows) {
      ordered_json x;
      x["value"] = row.value;
      PutRate(x, row.reviewed, row.defects, row.rate);
      rows.push_back(x);
    }
    by[std::string(core::DefectDimensionName(b.by))] = rows;
  }
  j["by"] = by;
  ordered_json pareto = ordered_json::array();
  for (const core::ErrorTypeCount& p : r.pareto)
    pareto.push_back({{"error", p.error},
                      {"count", p.count},
                      {"share", p.share},
                      {"cumulative", p.cumulative}});
  j["pareto"] = pareto;
  j["untyped_defects"] = r.untyped_defects;
  j["trend_period"] = std::string(core::TrendPeriodName(r.trend_period));
  ordered_json trend = ordered_json::array();
  for (const core::TrendPoint& p : r.trend) {
    ordered_json x;
    x["period"] = p.period;
    x["start"] = UtcText(p.start_ms / 1000);
    PutRate(x, p.reviewed, p.defects, p.rate);
    trend.push_back(x);
  }
  j["trend"] = trend;
  return j;
}

ordered_json ToJson(const core::VendorReport& report) {
  ordered_json j;
  for (const char* key : {"vendors", "teams", "annotators"}) j[key] = ordered_json::array();
  for (const auto& row : report.vendors) j["vendors"].push_back(Row(row));
  for (const auto& row : report.teams) j["teams"].push_back(Row(row));
  for (const auto& row : report.annotators) j["annotators"].push_back(Row(row));
  j["turnaround_unmeasured"] = report.turnaround_unmeasured;
  return j;
}

ordered_json VendorsJson(const core::ProjectSettings& settings) {
  ordered_json j = ordered_json::object();
  for (const auto& [vendor, members] : settings.vendors) {
    ordered_json v;
    v["annotators"] = members;
    auto t = settings.vendor_terms.find(vendor);
    const core::VendorTerms none;
    const core::VendorTerms& terms = t == settings.vendor_terms.end() ? none : t->second;
    v["teams"] = ordered_json::object();
    for (const auto& [team, names] : terms.teams) v["teams"][team] = names;
    if (terms.rate)
      v["rate"] = {{"amount", terms.rate->amount},
                   {"per", terms.rate->per},
                   {"currency", terms.rate->currency}};
    else
      v["rate"] = nullptr;
    ordered_json targets;
    targets["accuracy"] = Opt(terms.targets.accuracy);
    targets["agreement"] = Opt(terms.targets.agreement);
    targets["items_per_hour"] = Opt(terms.targets.items_per_hour);
    targets["turnaround_hours"] = Opt(terms.targets.turnaround_hours);
    v["targets"] = targets;
    j[vendor] = v;
  }
  return j;
}

}  // namespace taxa::app
