#include "taxa/core/vendor_report.h"

#include <algorithm>

#include "taxa/core/quantile.h"

namespace taxa::core {

namespace {

// The counts of a group, summed.
AnnotatorWork Sum(const std::vector<const AnnotatorWork*>& members) {
  AnnotatorWork s;
  for (const AnnotatorWork* w : members) {
    s.items_labeled += w->items_labeled;
    s.timed_labels += w->timed_labels;
    s.time_ms += w->time_ms;
    s.gold_items += w->gold_items;
    s.gold_correct += w->gold_correct;
    s.compared += w->compared;
    s.agreed += w->agreed;
    s.reviewed += w->reviewed;
    s.defects += w->defects;
    s.accepted += w->accepted;
    s.turnaround_s.insert(s.turnaround_s.end(), w->turnaround_s.begin(), w->turnaround_s.end());
    s.turnaround_unmeasured += w->turnaround_unmeasured;
  }
  return s;
}

// An annotator's cost under `terms`, absent without a rate.
std::optional<double> CostOf(const AnnotatorWork& w, const VendorTerms* terms) {
  if (terms == nullptr || !terms->rate) return std::nullopt;
  const double hours = static_cast<double>(w.time_ms) / 3'600'000.0;
  return terms->rate->per == "hour" ? terms->rate->amount * hours
                                    : terms->rate->amount * static_cast<double>(w.items_labeled);
}

WorkFigures Figures(const std::vector<const AnnotatorWork*>& members, const VendorTerms* terms) {
  const AnnotatorWork s = Sum(members);
  WorkFigures f;
  f.annotators = members.size();
  f.items_labeled = s.items_labeled;
  f.timed_labels = s.timed_labels;
  f.hours = static_cast<double>(s.time_ms) / 3'600'000.0;
  if (s.time_ms > 0) f.items_per_hour = static_cast<double>(s.timed_labels) / f.hours;
  f.gold_items = s.gold_items;
  if (s.gold_items > 0)
    f.accuracy = static_cast<double>(s.gold_correct) / static_cast<double>(s.gold_items);
  f.compared = s.compared;
  if (s.compared > 0) f.agreement = static_cast<double>(s.agreed) / static_cast<double>(s.compared);
  f.reviewed = s.reviewed;
  f.defects = s.defects;
  f.accepted = s.accepted;
  if (s.reviewed > 0) f.rework = static_cast<double>(s.defects) / static_cast<double>(s.reviewed);
  if (terms != nullptr && terms->rate) {
    double cost = 0;
    for (const AnnotatorWork* w : members) cost += *CostOf(*w, terms);
    f.cost = cost;
    f.currency = terms->rate->currency;
    if (s.reviewed > 0 && s.accepted > 0 && s.items_labeled > 0) {
      const double accepted = static_cast<double>(s.items_labeled) *
                              static_cast<double>(s.accepted) / static_cast<double>(s.reviewed);
      f.cost_per_accepted = cost / accepted;
    }
  }
  f.turnaround_labels = s.turnaround_s.size();
  f.turnaround_unmeasured = s.turnaround_unmeasured;
  if (!s.turnaround_s.empty()) {
    std::vector<double> hours(s.turnaround_s.begin(), s.turnaround_s.end());
    std::sort(hours.begin(), hours.end());
    for (double& h : hours) h /= 3600.0;
    f.turnaround_median_hours = Quantile(hours, 0.5);
    f.turnaround_p90_hours = Quantile(hours, 0.9);
  }
  if (terms != nullptr) {
    auto check = [&](const char* name, const std::optional<double>& target,
                     const std::optional<double>& figure) {
      if (!target) return;
      if (!figure)
        f.unmeasured.push_back(name);
      else if (*figure < *target)
        f.missed.push_back(name);
    };
    check("accuracy", terms->targets.accuracy, f.accuracy);
    check("agreement", terms->targets.agreement, f.agreement);
    check("items_per_hour", terms->targets.items_per_hour, f.items_per_hour);
    // Lower is better: missed when one label in ten takes longer.
    if (terms->targets.turnaround_hours) {
      if (!f.turnaround_p90_hours)
        f.unmeasured.push_back("turnaround_hours");
      else if (*f.turnaround_p90_hours > *terms->targets.turnaround_hours)
        f.missed.push_back("turnaround_hours");
    }
  }
  return f;
}

}  // namespace

VendorReport BuildVendorReport(const std::vector<AnnotatorWork>& work,
                               const ProjectSettings& settings) {
  // Every annotator: those with work, and those the vendors list.
  std::map<std::string, AnnotatorWork> by_name;
  for (const AnnotatorWork& w : work) by_name[w.annotator] = w;
  std::map<std::string, std::string> vendor_of;
  for (const auto& [vendor, members] : settings.vendors)
    for (const std::string& a : members) {
      vendor_of[a] = vendor;
      by_name[a].annotator = a;
    }
  // vendor -> its annotators; "" for those of none.
  std::map<std::string, std::vector<const AnnotatorWork*>> members;
  for (const auto& [vendor, names] : settings.vendors) members[vendor];
  for (const auto& [name, w] : by_name) {
    auto it = vendor_of.find(name);
    members[it == vendor_of.end() ? "" : it->second].push_back(&w);
  }
  VendorReport report;
  auto terms_of = [&](const std::string& vendor) -> const VendorTerms* {
    auto it = settings.vendor_terms.find(vendor);
    return it == settings.vendor_terms.end() ? nullptr : &it->second;
  };
  auto add_vendor = [&](const std::string& vendor) {
    auto it = members.find(vendor);
    if (it == members.end()) return;
    const VendorTerms* terms = terms_of(vendor);
    report.vendors.push_back({vendor, vendor, "", Figures(it->second, terms)});
    std::map<std::string, std::string> team_of;
    if (terms != nullptr)
      for (const auto& [team, names] : terms->teams) {
        std::vector<const AnnotatorWork*> team_members;
        for (const std::string& n : names) {
          team_of[n] = team;
          team_members.push_back(&by_name[n]);
        }
        report.teams.push_back({team, vendor, team, Figures(team_members, terms)});
      }
    for (const AnnotatorWork* w : it->second) {
      auto t = team_of.find(w->annotator);
      report.annotators.push_back(
          {w->annotator, vendor, t == team_of.end() ? "" : t->second, Figures({w}, terms)});
    }
  };
  for (const auto& [vendor, list] : members)
    if (!vendor.empty()) add_vendor(vendor);
  add_vendor("");  // annotators of no vendor, last
  for (const VendorReportRow& a : report.annotators)
    report.turnaround_unmeasured += a.figures.turnaround_unmeasured;
  return report;
}

}  // namespace taxa::core
