// A stored sampling plan as its file holds it: plans/<name>.json, pretty JSON
// in a fixed key order, written once when the plan is drawn. The items are
// drawn again from the seed and the project's items at `commit` (same seed,
// same items, on every machine: core/sampling.h); the file keeps them too.
//
//   {"name": "audit-1", "method": "stratified", "seed": 7, "created": "...",
//    "created_by": "ana", "commit": "...", "population": 5000, "size": 50,
//    "by": "category", "allocation": "equal",
//    "strata": [{"name": "billing", "population": 1200, "drawn": 25}, ...],
//    "items": ["T-00012", ...]}
//
// Acceptance plans add "acceptance": {"aql": 1.0, "level": "II",
// "lot_code": "L", "code": "L", "n": 200, "ac": 5, "re": 6,
// "hundred_percent": false}; zero-acceptance plans add
// "zero_acceptance": {"confidence": 0.95, "defect_rate": 0.01, "n": 299,
// "hundred_percent": false}. Plans of method "actions" (a data action's
// relabel queue, app/session/actions.h) add "action": "<its title>", have
// seed 0, and keep their items in the action's order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/acceptance_sampling.h"
#include "taxa/core/status.h"

namespace taxa::core {

struct PlanStratum {
  std::string name;  // "" for items without a value (no label, no key)
  uint64_t population = 0;
  uint64_t drawn = 0;
};

struct ZeroAcceptance {
  double confidence = 0;
  double defect_rate = 0;
  uint64_t n = 0;                // from the formula (acceptance_sampling.h)
  bool hundred_percent = false;  // n >= the project's items: all are drawn
};

struct SamplingPlan {
  std::string name;
  std::string method;  // "random", "stratified", "acceptance", "zero-acceptance", "actions"
  uint64_t seed = 0;
  std::string created;  // ISO 8601 UTC
  std::string created_by;
  std::string commit;       // HEAD when drawn: the items of that commit were the population
  uint64_t population = 0;  // the project's items then
  uint64_t size = 0;        // items drawn (items.size())
  std::string by;           // stratified: "category", "annotator", "vendor" or "meta:KEY"
  std::string allocation;   // stratified: "proportional" or "equal"
  std::vector<PlanStratum> strata;           // stratified, by name
  std::optional<AcceptancePlan> acceptance;  // method "acceptance"
  std::optional<ZeroAcceptance> zero_acceptance;
  std::string action;              // method "actions": the action's title
  std::vector<std::string> items;  // in project order ("actions": the action's order)
};

// plans/<name>.json
std::string PlanPath(const std::string& name);

std::string EncodePlan(const SamplingPlan& plan);
// kInvalidInput naming `path` and the field for a malformed file.
Result<SamplingPlan> DecodePlan(std::string_view bytes, const std::string& path);

}  // namespace taxa::core
