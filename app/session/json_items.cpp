// The JSON encoder of json.h for a page of items.
#include "session/json.h"

namespace taxa::app {

nlohmann::ordered_json ToJson(const ItemPage& page) {
  nlohmann::ordered_json j;
  j["items"] = ToJson(page.items);
  j["next_cursor"] = page.next_cursor ? nlohmann::ordered_json(*page.next_cursor) : nullptr;
  j["total"] = page.total;
  return j;
}

}  // namespace taxa::app
