// Sampling plans (sampling_plans.h). A plan is plans/<name>.json, written
// once and never edited. As with calibration rounds, the merge has no rule of
// its own for these files: two sides only collide when both drew a plan of
// the same name, which surfaces as a conflict for a lead.
#include "session/sampling_plans.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>

#include "session/internal/project_state.h"
#include "session/utc_stamp.h"

#include "taxa/core/index.h"
#include "taxa/core/item.h"
#include "taxa/core/layout.h"
#include "taxa/core/sampling.h"
#include "taxa/core/taxonomy.h"

namespace taxa::app {
namespace {

constexpr std::string_view kMetaPrefix = "meta:";

// Each item's category: the one most of its current labels give (a label
// with several categories counts for each), ties to the id that sorts first.
Result<std::vector<std::string>> CategoryStrata(core::Index& index, size_t count) {
  std::vector<std::string> out(count);
  int64_t current = -1;
  std::map<std::string, size_t> votes;
  auto settle = [&] {
    if (current >= 0 && static_cast<size_t>(current) < count) {
      size_t best = 0;
      for (const auto& [category, n] : votes)
        if (n > best) {  // strictly more: a tie keeps the earlier id
          best = n;
          out[current] = category;
        }
    }
    votes.clear();
  };
  TAXA_RETURN_IF_ERROR(index.ScanCurrentLabels([&](const core::CurrentLabelView& v) -> Status {
    if (v.ord != current) {
      settle();
      current = v.ord;
    }
    for (const std::string& c : v.categories) ++votes[c];
    return Status::Ok();
  }));
  settle();
  return out;
}

// Each item's first annotator: whose current label has the smallest clock
// (ties to the name that sorts first).
Result<std::vector<std::string>> FirstAnnotators(core::Index& index,
                                                 const std::vector<core::ItemRow>& items) {
  std::unordered_map<std::string_view, size_t> position;
  position.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) position.emplace(items[i].item.id, i);
  std::vector<std::string> out(items.size());
  std::vector<uint64_t> first(items.size(), std::numeric_limits<uint64_t>::max());
  TAXA_RETURN_IF_ERROR(index.ScanLabelTimes([&](const core::TimedLabelView& v) -> Status {
    auto it = position.find(v.item);
    if (it == position.end()) return Status::Ok();
    const size_t i = it->second;
    if (v.hlc < first[i] || (v.hlc == first[i] && v.annotator < out[i])) {
      first[i] = v.hlc;
      out[i] = std::string(v.annotator);
    }
    return Status::Ok();
  }));
  return out;
}

// The stratum of each item for `by` (sampling_plans.h).
Result<std::vector<std::string>> StrataOf(ProjectState& s, const std::vector<core::ItemRow>& items,
                                          const std::string& by) {
  if (by == "category") return CategoryStrata(s.index(), items.size());
  if (by == "annotator") return FirstAnnotators(s.index(), items);
  if (by == "vendor") {
    const auto& vendors = s.settings().vendors;
    if (vendors.empty())
      return Status::InvalidInput(
          "by \"vendor\" needs \"vendors\": {vendor: [annotators]} in taxa.json; it lists none");
    std::map<std::string, std::string> vendor_of;
    for (const auto& [vendor, annotators] : vendors)
      for (const std::string& a : annotators) vendor_of[a] = vendor;
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> strata, FirstAnnotators(s.index(), items));
    for (std::string& a : strata) {
      auto it = vendor_of.find(a);
      a = it == vendor_of.end() ? "" : it->second;
    }
    return strata;
  }
  if (by.starts_with(kMetaPrefix) && by.size() > kMetaPrefix.size()) {
    const std::string key = by.substr(kMetaPrefix.size());
    std::vector<std::string> strata;
    strata.reserve(items.size());
    for (const core::ItemRow& row : items)
      strata.push_back(core::MetaValueText(row.item.meta_json, key));
    return strata;
  }
  return Status::InvalidInput("stratify by \"" + by +
                              "\": expected category, annotator, vendor or meta:KEY");
}

Status CheckOptions(const PlanRequest& r) {
  auto refuse = [&](const std::string& what) {
    return Status::InvalidInput(what + " does not apply to a " + r.method + " plan");
  };
  const bool drawn = r.method == "random" || r.method == "stratified";
  if (!drawn && r.method != "acceptance" && r.method != "zero-acceptance")
    return Status::InvalidInput("sampling method \"" + r.method +
                                "\": expected random, stratified, acceptance or zero-acceptance");
  if (drawn && r.size == 0)
    return Status::InvalidInput("a " + r.method + " plan needs a size of at least 1 (--size N)");
  if (!drawn && r.size != 0)
    return Status::InvalidInput("a " + r.method + " plan takes its size from the " +
                                (r.method == "acceptance" ? "ISO 2859-1 tables" : "formula") +
                                "; leave out the size");
  if (r.method == "stratified") {
    if (r.by.empty())
      return Status::InvalidInput(
          "a stratified plan needs what to stratify by (--by category|annotator|vendor|meta:KEY)");
    if (r.allocation != "proportional" && r.allocation != "equal")
      return Status::InvalidInput("allocation \"" + r.allocation +
                                  "\": expected proportional or equal");
  } else {
    if (!r.by.empty()) return refuse("stratifying (--by)");
    if (r.allocation != "proportional") return refuse("an allocation");
  }
  if (r.method != "acceptance" && r.aql != 0) return refuse("an AQL");
  if (r.method != "acceptance" && r.level) return refuse("an inspection level (--level)");
  if (r.method == "acceptance" && r.aql == 0)
    return Status::InvalidInput("an acceptance plan needs an AQL (--aql, e.g. 1.0)");
  if (r.method != "zero-acceptance" && (r.confidence != 0 || r.defect_rate != 0))
    return refuse("a confidence or defect rate");
  if (r.method == "zero-acceptance" && (r.confidence == 0 || r.defect_rate == 0))
    return Status::InvalidInput(
        "a zero-acceptance plan needs --confidence and --defect-rate (fractions, e.g. 0.95 and "
        "0.01)");
  return Status::Ok();
}

}  // namespace

SamplingPlans::SamplingPlans(Project& project) : s_(project.state()) {}

Result<core::AcceptancePlan> SamplingPlans::Acceptance(uint64_t lot, double aql,
                                                       core::InspectionLevel level) {
  return core::SingleNormalPlan(lot, aql, level);
}

Result<uint64_t> SamplingPlans::ZeroAcceptance(double confidence, double defect_rate) {
  return core::ZeroAcceptanceSampleSize(confidence, defect_rate);
}

Result<core::SamplingPlan> SamplingPlans::Create(const PlanRequest& request) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(core::CheckId(request.name, "plan"));
  TAXA_RETURN_IF_ERROR(CheckOptions(request));
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                        s_.repo().ReadFile(core::PlanPath(request.name)));
  if (existing)
    return Status::AlreadyExists("sampling plan \"" + request.name +
                                 "\" already exists (see `taxa sample show " + request.name + "`)");
  TAXA_ASSIGN_OR_RETURN(const int64_t count, s_.index().ItemCount());
  if (count == 0)
    return Status::FailedPrecondition("the project has no items to sample (taxa import)");
  const uint64_t population = static_cast<uint64_t>(count);

  core::SamplingPlan plan;
  plan.name = request.name;
  plan.method = request.method;
  plan.seed = request.seed;
  plan.population = population;
  uint64_t n = request.size;
  if (request.method == "acceptance") {
    TAXA_ASSIGN_OR_RETURN(
        core::AcceptancePlan a,
        core::SingleNormalPlan(population, request.aql,
                               request.level.value_or(core::InspectionLevel::kII)));
    n = a.n;
    plan.acceptance = a;
  } else if (request.method == "zero-acceptance") {
    TAXA_ASSIGN_OR_RETURN(const uint64_t zn,
                          core::ZeroAcceptanceSampleSize(request.confidence, request.defect_rate));
    plan.zero_acceptance =
        core::ZeroAcceptance{request.confidence, request.defect_rate, zn, zn >= population};
    n = std::min(zn, population);
  } else if (n > population) {
    return Status::InvalidInput("a sample of " + std::to_string(n) +
                                " items, but the project has " + std::to_string(population));
  }

  TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> items, s_.index().ItemsAt(0, count));
  std::vector<size_t> chosen;
  if (request.method == "stratified") {
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> strata, StrataOf(s_, items, request.by));
    chosen = request.allocation == "equal" ? core::SampleStratifiedEqual(strata, n, request.seed)
                                           : core::SampleStratified(strata, n, request.seed);
    std::map<std::string, core::PlanStratum> summary;
    for (const std::string& name : strata) ++summary[name].population;
    for (size_t i : chosen) ++summary[strata[i]].drawn;
    for (auto& [name, stratum] : summary) {
      stratum.name = name;
      plan.strata.push_back(stratum);
    }
    plan.by = request.by;
    plan.allocation = request.allocation;
  } else {
    chosen = core::SampleRandom(items.size(), n, request.seed);
  }
  for (size_t i : chosen) plan.items.push_back(items[i].item.id);
  plan.size = plan.items.size();
  plan.created = UtcStamp(kIso8601);
  plan.created_by = s_.user();
  TAXA_ASSIGN_OR_RETURN(plan.commit, s_.repo().Head());
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{core::PlanPath(plan.name), core::EncodePlan(plan)}},
      s_.Meta("Draw sampling plan " + plan.name + " (" + plan.method + ", " +
                  std::to_string(plan.size) + " of " + std::to_string(population) + " items)",
              {{"Taxa-Action", "plan.create"},
               {"Taxa-Plan", plan.name},
               {"Taxa-Sample", plan.method},
               {"Taxa-Seed", std::to_string(plan.seed)}})));
  return plan;
}

Result<core::SamplingPlan> SamplingPlans::CreateFromAction(const std::string& name,
                                                           const std::string& action,
                                                           std::vector<std::string> items) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(core::CheckId(name, "plan"));
  if (items.empty()) return Status::InvalidInput("an actions plan needs at least one item");
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> existing, s_.repo().ReadFile(core::PlanPath(name)));
  if (existing)
    return Status::AlreadyExists("sampling plan \"" + name +
                                 "\" already exists (see `taxa sample show " + name + "`)");
  TAXA_ASSIGN_OR_RETURN(const int64_t count, s_.index().ItemCount());
  core::SamplingPlan plan;
  plan.name = name;
  plan.method = "actions";
  plan.seed = 0;
  plan.population = static_cast<uint64_t>(count);
  plan.action = action;
  plan.items = std::move(items);
  plan.size = plan.items.size();
  plan.created = UtcStamp(kIso8601);
  plan.created_by = s_.user();
  TAXA_ASSIGN_OR_RETURN(plan.commit, s_.repo().Head());
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{core::PlanPath(plan.name), core::EncodePlan(plan)}},
      s_.Meta("Queue " + std::to_string(plan.size) + " items of a data action as plan " +
                  plan.name,
              {{"Taxa-Action", "plan.create"},
               {"Taxa-Plan", plan.name},
               {"Taxa-Sample", plan.method}})));
  return plan;
}

Result<std::vector<core::SamplingPlan>> SamplingPlans::List() {
  TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder(std::string(core::layout::kPlansDir)));
  std::vector<core::SamplingPlan> plans;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".json")) continue;
    TAXA_ASSIGN_OR_RETURN(core::SamplingPlan p, core::DecodePlan(bytes, path));
    plans.push_back(std::move(p));
  }
  std::sort(
      plans.begin(), plans.end(),
      [](const core::SamplingPlan& a, const core::SamplingPlan& b) { return a.name < b.name; });
  return plans;
}

Result<core::SamplingPlan> SamplingPlans::Show(const std::string& name) {
  TAXA_RETURN_IF_ERROR(core::CheckId(name, "plan"));
  const std::string path = core::PlanPath(name);
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, s_.repo().ReadFile(path));
  if (!bytes) return Status::NotFound("no sampling plan \"" + name + "\" (see `taxa sample list`)");
  return core::DecodePlan(*bytes, path);
}

}  // namespace taxa::app
