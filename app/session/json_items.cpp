// The JSON encoder of json.h for a page of items.
#include "session/json.h"

namespace taxa::app {

nlohmann::ordered_json ToJson(const ItemPage& page, int64_t total) {
  nlohmann::ordered_json j;
  j["items"] = ToJson(page.rows);
  // The API's cursor is the first position to look at: one past `next`.
  j["next_cursor"] = page.next >= 0 ? nlohmann::ordered_json(page.next + 1) : nullptr;
  j["total"] = total;
  return j;
}

}  // namespace taxa::app
