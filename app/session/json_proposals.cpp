// The JSON encoders of json.h for proposals.
#include "session/json.h"

namespace taxa::app {

using nlohmann::ordered_json;

ordered_json ToJson(const ProposalDecision& d) {
  ordered_json j;
  j["person"] = d.person;
  j["role"] = d.role;
  j["decision"] = d.approved ? "approve" : "reject";
  j["rationale"] = d.rationale;
  j["commit"] = d.commit;
  j["time"] = d.time;
  j["in_force"] = d.in_force;
  return j;
}

ordered_json ToJson(const CategoryImpact& i) {
  ordered_json j;
  j["id"] = i.id;
  j["sensitive"] = i.sensitive;
  j["labels"] = i.labels;
  j["gold"] = i.gold;
  j["calibration"] = i.calibration;
  j["annotators"] = i.annotators;
  j["relabel"] = i.relabel;
  return j;
}

ordered_json ToJson(const ProposalSummary& p) {
  ordered_json j;
  j["name"] = p.name;
  j["branch"] = p.branch;
  j["state"] = p.state;
  j["author"] = p.author;
  j["rationale"] = p.rationale;
  j["opened"] = p.opened;
  j["fork"] = p.fork;
  j["tip"] = p.tip;
  j["sensitive"] = p.sensitive;
  j["editors"] = p.editors;
  j["decisions"] = ToJson(p.decisions);
  j["approved_by"] = p.approved_by;
  j["missing"] = p.missing;
  j["changes"] = ToJson(p.changes);  // as a release manifest writes them
  j["impact"] = ToJson(p.impact);
  return j;
}

}  // namespace taxa::app
