// JSON of the relabel queue.
#include "session/json.h"

namespace taxa::app {

nlohmann::ordered_json ToJson(const RelabelEntry& e) {
  nlohmann::ordered_json j;
  j["item"] = e.item;
  j["ord"] = e.ord;
  j["annotator"] = e.annotator;
  j["recorded"] = e.recorded;
  j["choices"] = e.choices;
  return j;
}

}  // namespace taxa::app
