// Routes: the taxonomy's history and its proposals, as `taxa history|diff|
// blame` and `taxa proposal list|show|approve|reject|merge` give them. Reads
// run on a read-only project beside the writer; decisions and merges run on
// the writer as the signed-in person, and the session decides who may (its
// message comes back with the status that fits, 403 for a missing role).
#include <string>

#include "session/json.h"
#include "session/proposals.h"
#include "session/releases.h"
#include "session/taxonomy_history.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

// {"entries":[timeline entry], main's commits that changed the taxonomy
//  (TaxonomyHistory::Timeline, as the GUI's History window lists them),
//  newest first, at most `limit` (default 200), "more": whether older ones
//  were left out, "releases":[release manifest], oldest version first}
void GetHistory(Call& c) {
  Result<int64_t> limit = QueryInt(c.req, "limit", 200);
  if (!limit.ok()) return ReplyError(c.res, limit.status());
  if (*limit < 1) return ReplyError(c.res, Status::InvalidInput("limit must be 1 or more"));
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::TimelineEntry> timeline,
                          app::TaxonomyHistory(p).Timeline());
    ordered_json out;
    out["entries"] = ordered_json::array();
    for (auto e = timeline.rbegin(); e != timeline.rend(); ++e) {
      if (out["entries"].size() == static_cast<size_t>(*limit)) break;
      out["entries"].push_back(app::ToJson(*e));
    }
    out["more"] = timeline.size() > static_cast<size_t>(*limit);
    TAXA_ASSIGN_OR_RETURN(std::vector<core::ReleaseManifest> releases, app::Releases(p).List());
    out["releases"] = app::ToJson(releases);
    return out;
  }));
}

// A required query parameter; kInvalidInput naming it when absent or empty.
Result<std::string> QueryText(const httplib::Request& req, const std::string& name, const std::string& what) {
  std::string text = req.get_param_value(name);
  if (text.empty()) return Status::InvalidInput("query: \"" + name + "\" is missing (" + what + ")");
  return text;
}

const char* const kPointWhat = "a release version, a date (2026-12-01, UTC) or a commit";

// {"from": point,"to": point,"changes": the release manifest's "changes"}
void GetDiff(Call& c) {
  Result<std::string> from = QueryText(c.req, "from", kPointWhat);
  if (!from.ok()) return ReplyError(c.res, from.status());
  Result<std::string> to = QueryText(c.req, "to", kPointWhat);
  if (!to.ok()) return ReplyError(c.res, to.status());
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    app::TaxonomyHistory h(p);
    TAXA_ASSIGN_OR_RETURN(app::HistoryPoint a, h.Resolve(*from));
    TAXA_ASSIGN_OR_RETURN(app::HistoryPoint b, h.Resolve(*to));
    TAXA_ASSIGN_OR_RETURN(core::TaxonomyChanges changes, h.Diff(*from, *to));
    ordered_json out;
    out["from"] = app::ToJson(a);
    out["to"] = app::ToJson(b);
    out["changes"] = app::ToJson(changes);
    return out;
  }));
}

// {"category": id,"fields":[blame field]}
void GetBlame(Call& c) {
  const std::string id = c.param(0);
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::BlameField> fields, app::TaxonomyHistory(p).Blame(id));
    ordered_json out;
    out["category"] = id;
    out["fields"] = app::ToJson(fields);
    return out;
  }));
}

void ListProposals(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::ProposalSummary> list, app::Proposals(p).List());
    return app::ToJson(list);
  }));
}

void ShowProposal(Call& c) {
  const std::string name = c.param(0);
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::ProposalSummary shown, app::Proposals(p).Show(name));
    return app::ToJson(shown);
  }));
}

// Announces that the taxonomy's governance changed (open pages reload).
void Announce(Call& c, const std::string& name) {
  c.api.events.Publish(nlohmann::json{{"type", "proposal"}, {"proposal", name}}.dump());
}

// {"why": one line (optional),"role": "lead"|"compliance" (optional: lead
// when held)}: the person signed in decides. Answers {"decision","proposal"}.
void Decide(Call& c, bool approve) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> why = StringField(*body, "why");
  if (!why.ok()) return ReplyError(c.res, why.status());
  Result<std::string> role = StringField(*body, "role");
  if (!role.ok()) return ReplyError(c.res, role.status());
  const std::string name = c.param(0);
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    app::Proposals proposals(p);
    TAXA_ASSIGN_OR_RETURN(app::ProposalDecision d, proposals.Decide(name, approve, *why, *role));
    TAXA_ASSIGN_OR_RETURN(app::ProposalSummary after, proposals.Show(name));
    ordered_json out;
    out["decision"] = app::ToJson(d);
    out["proposal"] = app::ToJson(after);
    return out;
  }));
  if (c.res.status == 200) Announce(c, name);
}

void Approve(Call& c) { Decide(c, true); }
void Reject(Call& c) { Decide(c, false); }

// Merges an approved proposal into main. Answers {"merged": commit,"proposal"}.
void MergeProposal(Call& c) {
  const std::string name = c.param(0);
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    app::Proposals proposals(p);
    TAXA_ASSIGN_OR_RETURN(std::string merged, proposals.Merge(name));
    TAXA_ASSIGN_OR_RETURN(app::ProposalSummary after, proposals.Show(name));
    ordered_json out;
    out["merged"] = merged;
    out["proposal"] = app::ToJson(after);
    return out;
  }));
  if (c.res.status == 200) {
    Announce(c, name);
    c.api.events.Publish(nlohmann::json{{"type", "taxonomy"}, {"proposal", name}}.dump());
  }
}

}  // namespace

void AddGovernanceRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/taxonomy/history", GetHistory});
  routes.push_back({"GET", "/api/v1/taxonomy/diff", GetDiff});
  routes.push_back({"GET", "/api/v1/taxonomy/blame/{id}", GetBlame});
  routes.push_back({"GET", "/api/v1/proposals", ListProposals});
  routes.push_back({"GET", "/api/v1/proposals/{name}", ShowProposal});
  routes.push_back({"POST", "/api/v1/proposals/{name}/approve", Approve});
  routes.push_back({"POST", "/api/v1/proposals/{name}/reject", Reject});
  routes.push_back({"POST", "/api/v1/proposals/{name}/merge", MergeProposal});
}

}  // namespace taxa::web
