// The JSON encoders of json.h for signatures (taxa verify).
#include "session/json.h"

namespace taxa::app {

using nlohmann::ordered_json;

ordered_json ToJson(const SignedCommitCheck& check) {
  ordered_json j;
  j["commit"] = check.commit;
  j["action"] = check.action;
  j["author"] = check.author;
  j["time"] = check.time;
  j["subject"] = check.subject;
  j["state"] = check.state;
  j["key"] = check.key.empty() ? ordered_json() : ordered_json(check.key);
  j["problem"] = check.problem.empty() ? ordered_json() : ordered_json(check.problem);
  return j;
}

ordered_json ToJson(const VerifyReport& report) {
  ordered_json j;
  j["ok"] = report.failed.empty();
  j["checked"] = report.checked;
  j["refs"] = report.refs;
  j["failed"] = ordered_json::array();
  for (const SignedCommitCheck& c : report.failed) j["failed"].push_back(ToJson(c));
  return j;
}

}  // namespace taxa::app
