// The JSON encoders of json.h for labeling forms and media files.
#include "session/json.h"

namespace taxa::app {

using nlohmann::ordered_json;

ordered_json ToJson(const core::Attribute& a) {
  ordered_json x;
  x["id"] = a.id;
  x["name"] = a.name;
  x["type"] = std::string(core::AttributeTypeName(a.type));
  x["values"] = a.values;
  x["description"] = a.description;
  return x;
}

ordered_json ToJson(const LabelFormSchema& schema) {
  ordered_json j;
  j["attributes"] = ToJson(schema.attributes);
  j["by_category"] = ordered_json::object();
  for (const auto& [id, attributes] : schema.by_category) j["by_category"][id] = attributes;
  return j;
}

ordered_json ToJson(const LabelCheck& check) {
  ordered_json j;
  j["ok"] = check.error.empty();
  j["error"] = check.error.empty() ? ordered_json(nullptr) : ordered_json(check.error);
  j["fields"] = ordered_json::object();
  for (const auto& [id, message] : check.fields) j["fields"][id] = message;
  j["attributes"] = ToJson(check.attributes);
  return j;
}

}  // namespace taxa::app
