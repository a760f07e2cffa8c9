// JSON of the taxonomy's history (json.h).
#include "session/json.h"

#include "session/internal/json_fields.h"

namespace taxa::app {

using nlohmann::ordered_json;

ordered_json ToJson(const HistoryPoint& point) {
  ordered_json j;
  j["commit"] = point.commit;
  j["time"] = point.time;
  j["version"] = TextOrNull(point.version);
  return j;
}

ordered_json ToJson(const core::TaxonomyChanges& changes) {
  return ordered_json::parse(core::EncodeChanges(changes));
}

ordered_json CategoryFieldsJson(const core::Category& category) {
  ordered_json j = ordered_json::object();
  for (const auto& [field, value] : core::CategoryFieldValues(category))
    j[field] = ordered_json::parse(value);
  return j;
}

ordered_json ToJson(const BlameField& f) {
  ordered_json j;
  j["field"] = f.field;
  j["value"] = ordered_json::parse(f.value);
  j["commit"] = f.commit;
  j["author"] = f.author;
  j["email"] = f.email;
  j["time"] = f.time;
  j["subject"] = f.subject;
  j["rationale"] = TextOrNull(f.rationale);
  j["approved_by"] = f.approved_by;
  j["merged_in"] = TextOrNull(f.merged_in);
  return j;
}

ordered_json ToJson(const TimelineEntry& e) {
  ordered_json j;
  j["commit"] = e.commit;
  j["time"] = e.time;
  j["author"] = e.author;
  j["email"] = e.email;
  j["subject"] = e.subject;
  j["action"] = e.action;
  j["rationale"] = TextOrNull(e.rationale);
  j["approved_by"] = e.approved_by;
  j["version"] = TextOrNull(e.version);
  j["categories"] = e.categories;
  return j;
}

ordered_json ToJson(const MadeUnder& made) {
  ordered_json j;
  j["version"] = made.version;
  j["labels"] = ordered_json::array();
  for (const core::LabelEvent& e : made.labels) {
    ordered_json l = ToJson(e);  // event, item, annotator, categories
    l["taxonomy"] = e.taxonomy;
    l["hlc"] = e.hlc;
    j["labels"].push_back(std::move(l));
  }
  j["unresolved"] = made.unresolved;
  return j;
}

}  // namespace taxa::app
