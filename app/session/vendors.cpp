#include "session/vendors.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "session/access.h"
#include "session/defect_report.h"
#include "session/gold.h"
#include "session/internal/committed_labels.h"
#include "session/internal/project_state.h"
#include "session/internal/roles.h"
#include "session/quality_service.h"

#include "taxa/core/defect_report.h"
#include "taxa/core/file_stamp.h"
#include "taxa/core/hlc.h"
#include "taxa/core/label_event.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/text.h"

namespace taxa::app {

namespace {

Status CheckName(const std::string& what, const std::string& name) {
  if (name.empty()) return Status::InvalidInput(what + " name is empty");
  return core::CheckAnnotatorName(name);
}

// Each item's first labels: per annotator (by number), the clock of their
// earliest event with categories.
struct FirstLabels {
  std::map<std::string, uint32_t> annotator_number;
  std::vector<std::string> annotators;
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint64_t>>, core::TextHash,
                     std::equal_to<>>
      of_item;

  void Add(const core::LabelEvent& e) {
    auto [a, added] = annotator_number.emplace(e.annotator, annotators.size());
    if (added) annotators.push_back(e.annotator);
    auto& firsts = of_item[e.item];
    for (auto& [n, hlc] : firsts)
      if (n == a->second) {
        hlc = std::min(hlc, e.hlc);
        return;
      }
    firsts.push_back({a->second, e.hlc});
  }
};

// Turnaround (core/vendor_report.h): from each item's arrival, the stamp of
// its batch, to each annotator's first label of it.
Status CountTurnaround(ProjectState& s, const FirstLabels& firsts,
                       const std::function<core::AnnotatorWork&(const std::string&)>& of) {
  std::string last_shard;
  std::optional<int64_t> arrival;
  return s.index().ScanItemSlices("", [&](const core::ItemSliceView& v) {
    auto it = firsts.of_item.find(v.item);
    if (it == firsts.of_item.end()) return Status::Ok();
    if (v.shard != last_shard) {
      last_shard = v.shard;
      arrival = core::ItemBatchArrival(v.shard);
    }
    for (const auto& [n, hlc] : it->second) {
      core::AnnotatorWork& w = of(firsts.annotators[n]);
      const int64_t ms = static_cast<int64_t>(core::HybridClock::Physical(hlc));
      if (hlc == 0 || !arrival || ms < *arrival * 1000)
        ++w.turnaround_unmeasured;
      else
        w.turnaround_s.push_back(ms / 1000 - *arrival);
    }
    return Status::Ok();
  });
}

}  // namespace

Vendors::Vendors(Project& project) : project_(project), s_(project.state()) {}

const core::ProjectSettings& Vendors::Settings() const { return s_.settings(); }

Status Vendors::Change(const VendorChange& change) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "changing vendors"));
  const std::string vendor = change.vendor;
  TAXA_RETURN_IF_ERROR(CheckName("the vendor", vendor));
  core::ProjectSettings next = s_.settings();
  std::set<std::string>& members = next.vendors[vendor];
  core::VendorTerms& terms = next.vendor_terms[vendor];
  const std::string where = "vendor \"" + vendor + "\": ";
  for (std::string a : change.add) {
    a = core::FoldAnnotatorName(a);
    TAXA_RETURN_IF_ERROR(CheckName("an annotator", a));
    for (const auto& [other, others] : next.vendors)
      if (other != vendor && others.count(a))
        return Status::InvalidInput(where + "annotator \"" + a + "\" belongs to vendor \"" +
                                    other + "\" already (an annotator has one vendor)");
    members.insert(a);
  }
  for (std::string a : change.remove) {
    a = core::FoldAnnotatorName(a);
    if (!members.erase(a))
      return Status::NotFound(where + "annotator \"" + a + "\" is not one of its annotators");
    for (auto it = terms.teams.begin(); it != terms.teams.end();) {
      it->second.erase(a);
      it = it->second.empty() ? terms.teams.erase(it) : std::next(it);
    }
  }
  for (const auto& [team, list] : change.teams) {
    TAXA_RETURN_IF_ERROR(CheckName("a team", team));
    if (list.empty()) {
      if (!terms.teams.erase(team))
        return Status::NotFound(where + "has no team \"" + team + "\"");
      continue;
    }
    std::set<std::string> names;
    for (std::string a : list) {
      a = core::FoldAnnotatorName(a);
      if (!members.count(a))
        return Status::InvalidInput(where + "team \"" + team + "\": \"" + a +
                                    "\" is not one of the vendor's annotators (add them first)");
      for (const auto& [other, others] : terms.teams)
        if (other != team && others.count(a))
          return Status::InvalidInput(where + "team \"" + team + "\": \"" + a +
                                      "\" is in team \"" + other + "\" already");
      names.insert(a);
    }
    terms.teams[team] = names;
  }
  if (change.clear_rate) terms.rate.reset();
  if (change.rate) {
    if (change.rate->per != "item" && change.rate->per != "hour")
      return Status::InvalidInput(where + "a rate is per \"item\" or per \"hour\", not \"" +
                                  change.rate->per + "\"");
    if (!(change.rate->amount >= 0) || !std::isfinite(change.rate->amount))
      return Status::InvalidInput(where + "a rate's amount must be a number >= 0");
    terms.rate = change.rate;
  }
  for (const auto& [key, value] : change.targets) {
    std::optional<double>* slot = key == "accuracy"           ? &terms.targets.accuracy
                                  : key == "agreement"        ? &terms.targets.agreement
                                  : key == "items_per_hour"   ? &terms.targets.items_per_hour
                                  : key == "turnaround_hours" ? &terms.targets.turnaround_hours
                                                              : nullptr;
    if (slot == nullptr)
      return Status::InvalidInput(where + "unknown target \"" + key +
                                  "\" (expected accuracy, agreement, items_per_hour, "
                                  "turnaround_hours)");
    const bool share = key == "accuracy" || key == "agreement";
    if (value && (!std::isfinite(*value) || (share && (*value < 0 || *value > 1)) ||
                  (!share && !(*value > 0))))
      return Status::InvalidInput(where + "target \"" + key + "\" must be " +
                                  (share ? "from 0 to 1" : "above 0"));
    *slot = value;
  }
  if (terms.empty()) next.vendor_terms.erase(vendor);
  if (members.empty() && !next.vendor_terms.count(vendor)) next.vendors.erase(vendor);
  const std::string bytes = core::EncodeSettings(next);
  if (bytes == core::EncodeSettings(s_.settings()))
    return Status::AlreadyExists(where + "taxa.json holds this already; nothing to change");
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{std::string(core::kSettingsPath), bytes}},
      s_.Meta("Vendor " + vendor, {{"Taxa-Action", "vendor.set"}, {"Taxa-Vendor", vendor}})));
  return s_.Load();
}

Status Vendors::Remove(const std::string& vendor) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "changing vendors"));
  core::ProjectSettings next = s_.settings();
  if (!next.vendors.erase(vendor)) return Status::NotFound("no vendor \"" + vendor + "\"");
  next.vendor_terms.erase(vendor);
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{std::string(core::kSettingsPath), core::EncodeSettings(next)}},
      s_.Meta("Remove vendor " + vendor,
              {{"Taxa-Action", "vendor.remove"}, {"Taxa-Vendor", vendor}})));
  return s_.Load();
}

Result<core::VendorReport> Vendors::Report() {
  std::map<std::string, core::AnnotatorWork> work;
  auto of = [&](const std::string& a) -> core::AnnotatorWork& {
    core::AnnotatorWork& w = work[a];
    w.annotator = a;
    return w;
  };
  // Items labeled: the current labels.
  TAXA_ASSIGN_OR_RETURN(core::IndexCounts counts, s_.index().Counts());
  for (const auto& [a, n] : counts.by_annotator) of(a).items_labeled = static_cast<uint64_t>(n);
  // Time spent: every committed label event with a time. Turnaround: the
  // first label of each item by each annotator.
  FirstLabels firsts;
  TAXA_RETURN_IF_ERROR(ForEachCommittedLabel(s_, [&](core::LabelEvent& e) {
    if (e.categories.empty()) return Status::Ok();
    firsts.Add(e);
    if (e.duration_ms == 0) return Status::Ok();
    core::AnnotatorWork& w = of(e.annotator);
    ++w.timed_labels;
    w.time_ms += e.duration_ms;
    return Status::Ok();
  }));
  TAXA_RETURN_IF_ERROR(CountTurnaround(s_, firsts, of));
  firsts = {};
  // Accuracy against gold (none yet is no failure).
  Result<GoldReport> gold = Gold(project_).Report("");
  if (gold.ok()) {
    for (const GoldScore& g : gold->annotators) {
      core::AnnotatorWork& w = of(g.annotator);
      w.gold_items = g.items;
      w.gold_correct = static_cast<uint64_t>(std::llround(g.accuracy * static_cast<double>(g.items)));
    }
  } else if (gold.status().code() != StatusCode::kFailedPrecondition) {
    return gold.status();
  }
  // Agreement with peers: each other label of the items they labeled.
  Result<StandingsReport> standings = Quality(project_).Standings();
  if (standings.ok()) {
    for (const AnnotatorStanding& a : standings->annotators) {
      core::AnnotatorWork& w = of(a.annotator);
      w.compared = a.peer_pairs;
      w.agreed = a.peer_agreements;
    }
  } else if (standings.status().code() != StatusCode::kFailedPrecondition) {
    return standings.status();
  }
  // Rework: the latest review of each of their labels, as the defect report
  // counts (through the index).
  DefectReportRequest by_annotator;
  by_annotator.by = {core::DefectDimension::kAnnotator};
  TAXA_ASSIGN_OR_RETURN(DefectAnalysis defects, DefectReports(project_).Report(by_annotator));
  for (const core::DefectRow& row : defects.report.breakdowns.front().rows) {
    core::AnnotatorWork& w = of(row.value);
    w.reviewed = row.reviewed;
    w.defects = row.defects;
    w.accepted = row.reviewed - row.defects;
  }
  std::vector<core::AnnotatorWork> list;
  for (auto& [a, w] : work) list.push_back(std::move(w));
  return core::BuildVendorReport(list, s_.settings());
}

}  // namespace taxa::app
