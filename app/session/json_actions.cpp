// JSON of predictions imports and data actions.
#include "session/json.h"

namespace taxa::app {

nlohmann::ordered_json ToJson(const PredictionsImportReport& r) {
  nlohmann::ordered_json j;
  j["rows"] = r.rows;
  j["models"] = nlohmann::ordered_json::array();
  for (const ModelImport& m : r.models) {
    nlohmann::ordered_json o;
    o["model"] = m.model;
    o["predictions"] = m.predictions;
    o["path"] = m.path;
    o["already"] = m.already;
    j["models"].push_back(std::move(o));
  }
  j["commit"] = r.commit;
  return j;
}

nlohmann::ordered_json ToJson(const ModelSummary& m) {
  nlohmann::ordered_json j;
  j["model"] = m.model;
  j["files"] = m.files;
  j["latest"] = m.latest;
  return j;
}

nlohmann::ordered_json ToJson(const core::DataAction& a, size_t rank) {
  nlohmann::ordered_json j;
  j["rank"] = rank;
  j["kind"] = a.kind;
  j["title"] = a.title;
  j["score"] = a.score;
  j["categories"] = a.categories;
  j["slice"] = a.slice;
  j["evidence"] = a.evidence;
  j["numbers"] = nlohmann::ordered_json::object();
  for (const auto& [name, x] : a.numbers) j["numbers"][name] = x;
  j["examples"] = a.examples;
  j["items"] = a.items.size();
  return j;
}

nlohmann::ordered_json ToJson(const ActionsReport& r) {
  nlohmann::ordered_json j;
  j["model"] = r.model.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.model);
  j["label_source"] = r.label_source;
  j["items"] = r.items;
  j["labeled"] = r.labeled;
  j["tied"] = r.tied;
  j["multi"] = r.multi;
  j["predictions"] = r.predictions;
  j["examined"] = r.examined;
  j["total"] = r.total;
  j["actions"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.actions.size(); ++i) j["actions"].push_back(ToJson(r.actions[i], i + 1));
  j["notes"] = r.notes;
  return j;
}

}  // namespace taxa::app
