// Sampling plans: seeded samples of a project's items, stored in the project
// (plans/<name>.json, core/sampling_plan.h) so anyone can see which items a
// review or an audit drew and draw them again; and, without a project, the
// acceptance plans of ISO 2859-1 and zero-acceptance sample sizes
// (core/acceptance_sampling.h).
//
//   SamplingPlans plans(*project);
//   TAXA_ASSIGN_OR_RETURN(core::SamplingPlan p,
//                         plans.Create({.name = "audit-1", .method = "stratified",
//                                       .seed = 7, .size = 50, .by = "category"}));
//   TAXA_ASSIGN_OR_RETURN(core::AcceptancePlan a,
//                         SamplingPlans::Acceptance(5000, 1.0, core::InspectionLevel::kII));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/acceptance_sampling.h"
#include "taxa/core/sampling_plan.h"

namespace taxa::app {

// What `taxa sample create` asks for.
struct PlanRequest {
  std::string name;              // a plan id (core::CheckId): a-z, 0-9, '_', '.', '-'
  std::string method = "random";  // random | stratified | acceptance | zero-acceptance
  uint64_t seed = 1;
  uint64_t size = 0;  // random and stratified: items to draw (>= 1)
  // stratified: "category" (the category most of the item's labels give,
  // ties to the id that sorts first), "annotator" (who labeled the item
  // first, by the labels' clocks), "vendor" (that annotator's vendor in
  // taxa.json) or "meta:KEY" (the item's metadata value). Items with no
  // label, no vendor or no value form the stratum "".
  std::string by;
  std::string allocation = "proportional";  // stratified: proportional | equal
  double aql = 0;                            // acceptance: one of core::StandardAqls()
  // acceptance: the general inspection level; unset is level II. Refused
  // for other methods.
  std::optional<core::InspectionLevel> level;
  double confidence = 0;   // zero-acceptance, a fraction (0.95)
  double defect_rate = 0;  // zero-acceptance, a fraction (0.01)
};

class SamplingPlans {
 public:
  explicit SamplingPlans(Project& project);

  // Draws the plan's items from the project's items at HEAD (in project
  // order, core/sampling.h: the same seed draws the same items on every
  // machine) and commits plans/<name>.json (Taxa-Action: plan.create; a
  // lead's commit once roles are in force). Acceptance plans take the
  // project's items as the lot: n (or the whole lot when n >= it) items at
  // random. kAlreadyExists for a name in use; kInvalidInput for a bad name,
  // method, option that does not belong to the method, size 0 or above the
  // item count, or an unknown `by`/allocation; kFailedPrecondition when the
  // project has no items.
  Result<core::SamplingPlan> Create(const PlanRequest& request);
  // Stores `items` (ids of the project's items, in the order given) as the
  // plan `name` of method "actions" with `action` as its title: a data
  // action's relabel queue (actions.h). One commit (Taxa-Action:
  // plan.create). kAlreadyExists for a name in use; kInvalidInput for a bad
  // name or no items.
  Result<core::SamplingPlan> CreateFromAction(const std::string& name, const std::string& action,
                                              std::vector<std::string> items);
  // The plan at HEAD; kNotFound naming `taxa sample list` when none.
  Result<core::SamplingPlan> Show(const std::string& name);
  // Every plan at HEAD, by name. A malformed file fails naming it.
  Result<std::vector<core::SamplingPlan>> List();

  // No project needed: core::SingleNormalPlan and core::ZeroAcceptanceSampleSize.
  static Result<core::AcceptancePlan> Acceptance(uint64_t lot, double aql,
                                                 core::InspectionLevel level);
  static Result<uint64_t> ZeroAcceptance(double confidence, double defect_rate);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
