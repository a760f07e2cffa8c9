// JSON of sampling plans (json.h).
#include "session/json.h"

namespace taxa::app {

nlohmann::ordered_json ToJson(const core::AcceptancePlan& plan) {
  nlohmann::ordered_json j;
  j["code"] = std::string(1, plan.code);
  j["n"] = plan.n;
  j["ac"] = plan.ac;
  j["re"] = plan.re;
  j["lot"] = plan.lot;
  j["lot_code"] = std::string(1, plan.lot_code);
  j["level"] = core::InspectionLevelName(plan.level);
  j["aql"] = plan.aql;
  j["table_n"] = plan.table_n;
  j["hundred_percent"] = plan.hundred_percent;
  j["arrow"] = plan.arrow;
  return j;
}

nlohmann::ordered_json ToJson(const core::SamplingPlan& plan, JsonDetail detail) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(core::EncodePlan(plan));
  if (detail == JsonDetail::kBrief) j.erase("items");
  return j;
}

}  // namespace taxa::app
