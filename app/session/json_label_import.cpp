// JSON of a label import's report.
#include "session/json.h"

namespace taxa::app {

nlohmann::ordered_json ToJson(const LabelImportReport& r) {
  nlohmann::ordered_json j;
  j["rows"] = r.rows;
  j["added"] = r.added;
  j["already"] = r.already;
  j["annotators"] = r.annotators;
  j["vendor_added"] = r.vendor_added;
  j["commit"] = r.commit;
  return j;
}

}  // namespace taxa::app
