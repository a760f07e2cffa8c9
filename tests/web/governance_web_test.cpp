// The API of the Taxonomy page's history and proposals: the timeline, the
// taxonomy as of a point, a diff and a blame, proposals listed and shown,
// approved, rejected and merged as the signed-in person. Answers are checked
// against git itself or against the session's own answer; refusals carry the
// session's message with the status that fits; bad input is a one-line error,
// never a 500.
#include "session/json.h"
#include "session/proposals.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

const char* const kHostile = "<img src=x onerror=alert(1)>";

// A project with two releases (shipping renamed between them, with a
// rationale), a second lead (dee), compliance (co), and a proposal opened
// by ana that redefines billing.refund, with a hostile rationale.
class WebGovernance : public ServedProject {
 protected:
  void SetUp() override {
    prepare_ = [this](app::Project& p) {
      app::Users users(p);
      for (auto [name, role] : {std::pair{"dee", app::Role::kLead}, {"co", app::Role::kCompliance}}) {
        Result<app::NewUser> u = users.Add(name, role);
        ASSERT_TRUE(u.ok()) << u.status().message();
        tokens_[name] = u->token;
      }
      ASSERT_TRUE(app::Releases(p).Release({.version = "1.0.0", .changelog = "First."}).ok());
      core::CategoryEdit rename;
      rename.name = "Deliveries";
      ASSERT_TRUE(app::TaxonomyEdits(p).WithRationale("clearer for vendors").Edit("shipping", rename).ok());
      Result<core::ReleaseManifest> second = app::Releases(p).Release({.version = "1.1.0", .changelog = "Renamed."});
      ASSERT_TRUE(second.ok()) << second.status().message();
    };
    prepare_apart_ = [](const std::string& dir) {
      app::SessionOptions as_ana;
      as_ana.user = "ana";
      auto p = app::Project::Open(dir, as_ana);
      ASSERT_TRUE(p.ok()) << p.status().message();
      app::Proposals proposals(**p);
      ASSERT_TRUE(proposals.Open("refund-rules", kHostile).ok());
      ASSERT_TRUE(proposals.EditOn("refund-rules").ok());
      core::CategoryEdit edit;
      edit.definition = "Asks for money back, in writing.";
      ASSERT_TRUE(app::TaxonomyEdits(**p).WithRationale("tighter").Edit("billing.refund", edit).ok());
    };
    Serve(4);
  }

  json Call(const std::string& method, const std::string& path, const std::string& body,
            const std::string& user, int status) {
    httplib::Result r = method == "GET" ? Get(path, user) : Post(path, body, user);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << method << " " << path << " " << body << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  // An error answer: the code and a one-line message containing `fragment`.
  void ExpectError(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& user, int status, const std::string& code,
                   const std::string& fragment) {
    json e = Call(method, path, body, user, status);
    ASSERT_TRUE(e.is_object()) << path;
    EXPECT_EQ(e["error"]["code"], code) << path;
    const std::string message = e["error"]["message"].get<std::string>();
    EXPECT_NE(message.find(fragment), std::string::npos) << path << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << path << ": " << message;
  }
  std::string Git(const std::string& args) {
    CommandResult r = RunCommand("git -C " + dir_ + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }
  // The session's own answer, from the project once the server has stopped.
  template <typename Fn>
  json Session(Fn fn) {
    app::SessionOptions o;
    o.user = "al";
    o.mode = app::OpenMode::kReadOnly;
    auto p = app::Project::Open(dir_, o);
    EXPECT_TRUE(p.ok()) << p.status().message();
    if (!p.ok()) return nullptr;
    return json::parse(fn(**p).dump());
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

TEST_F(WebGovernance, TheTimelineIsGitsTaxonomyOperationsAndTheReleases) {
  json h = Call("GET", "/api/v1/taxonomy/history", "", "ben", 200);
  // What git says, newest first: main's commits that changed taxonomy/
  // (not the proposals' own commits, which reach main through their merge).
  std::vector<std::pair<std::string, std::string>> expected;
  for (const std::string& line : Lines(Git(
           "log --first-parent '--format=%H %(trailers:key=Taxa-Action,valueonly,separator=)' "
           "-- taxonomy/"))) {
    expected.emplace_back(line.substr(0, 40), line.size() > 41 ? line.substr(41) : "");
  }
  std::vector<std::pair<std::string, std::string>> got;
  for (const json& e : h["entries"]) got.emplace_back(e["commit"], e["action"]);
  EXPECT_EQ(got, expected);
  ASSERT_GE(got.size(), 6u);  // three adds, a rename, two releases
  EXPECT_EQ(got[0].second, "taxonomy.release");
  EXPECT_EQ(got[1].second, "category.rename");
  EXPECT_EQ(h["entries"][1]["rationale"], "clearer for vendors");
  EXPECT_EQ(h["entries"][0]["version"], "1.1.0");
  EXPECT_TRUE(h["entries"][1]["version"].is_null());
  EXPECT_EQ(h["more"], false);
  ASSERT_EQ(h["releases"].size(), 2u);
  EXPECT_EQ(h["releases"][0]["version"], "1.0.0");
  EXPECT_EQ(h["releases"][1]["version"], "1.1.0");
  json manifest = json::parse(Git("show HEAD:taxonomy/releases/1.1.0.json"));
  EXPECT_EQ(h["releases"][1]["commit"], manifest["commit"]);
  // A limit keeps the newest and says there were more.
  json two = Call("GET", "/api/v1/taxonomy/history?limit=2", "", "ben", 200);
  ASSERT_EQ(two["entries"].size(), 2u);
  EXPECT_EQ(two["entries"][0]["commit"], expected[0].first);
  EXPECT_EQ(two["more"], true);
  ExpectError("GET", "/api/v1/taxonomy/history?limit=0", "", "ben", 400, "invalid_input", "limit");
  ExpectError("GET", "/api/v1/taxonomy/history?limit=many", "", "ben", 400, "invalid_input", "limit");
}

TEST_F(WebGovernance, TheTaxonomyAsOfAReleaseADateOrACommitIsWhatGitHeldThen) {
  json before = Call("GET", "/api/v1/taxonomy?as_of=1.0.0", "", "al", 200);
  json manifest = json::parse(Git("show HEAD:taxonomy/releases/1.0.0.json"));
  EXPECT_EQ(before["as_of"]["commit"], manifest["commit"]);
  EXPECT_EQ(before["as_of"]["version"], "1.0.0");
  const std::string at = manifest["commit"];
  for (const json& c : before["categories"]) {
    json file = json::parse(Git("show " + at + ":taxonomy/categories/" + c["id"].get<std::string>() + ".json"));
    EXPECT_EQ(c["name"], file["name"]) << c.dump();
    EXPECT_EQ(c["definition"], file["definition"]) << c.dump();
  }
  EXPECT_EQ(before["categories"].size(), 3u);
  // By a commit prefix, and now.
  json by_commit = Call("GET", "/api/v1/taxonomy?as_of=" + at.substr(0, 8), "", "al", 200);
  EXPECT_EQ(by_commit["categories"], before["categories"]);
  EXPECT_TRUE(by_commit["as_of"]["version"].is_null());
  json now = Call("GET", "/api/v1/taxonomy?as_of=HEAD", "", "al", 200);
  EXPECT_EQ(now["as_of"]["commit"], Git("rev-parse HEAD"));
  json plain = Call("GET", "/api/v1/taxonomy", "", "al", 200);
  now.erase("as_of");
  EXPECT_EQ(now, plain);
  // Bad points: one line each, the session's words.
  ExpectError("GET", "/api/v1/taxonomy?as_of=9.9.9", "", "al", 404, "not_found",
              "no release 9.9.9 (released: 1.0.0, 1.1.0)");
  ExpectError("GET", "/api/v1/taxonomy?as_of=1999-01-01", "", "al", 404, "not_found", "precedes the project");
  ExpectError("GET", "/api/v1/taxonomy?as_of=%3Cimg%20src%3Dx%3E", "", "al", 400, "invalid_input", "<img src=x>");
  ExpectError("GET", "/api/v1/taxonomy?as_of=dead", "", "al", 404, "not_found", "dead");
}

TEST_F(WebGovernance, ADiffBetweenTwoReleasesListsTheRenamedFieldByField) {
  json d = Call("GET", "/api/v1/taxonomy/diff?from=1.0.0&to=1.1.0", "", "ben", 200);
  EXPECT_EQ(d["from"]["version"], "1.0.0");
  EXPECT_EQ(d["to"]["version"], "1.1.0");
  EXPECT_EQ(d["changes"]["renamed"], json({{"shipping", "Deliveries"}}));
  EXPECT_EQ(d["changes"]["fields"], json({{"shipping", {{"name", {{"before", "Shipping"}, {"after", "Deliveries"}}}}}}));
  EXPECT_EQ(d["changes"]["added"], json::array());
  // The 1.1.0 manifest records the same changes since 1.0.0.
  EXPECT_EQ(d["changes"], json::parse(Git("show HEAD:taxonomy/releases/1.1.0.json"))["changes"]);
  ExpectError("GET", "/api/v1/taxonomy/diff?from=1.0.0", "", "ben", 400, "invalid_input", "\"to\" is missing");
  ExpectError("GET", "/api/v1/taxonomy/diff?to=1.0.0", "", "ben", 400, "invalid_input", "\"from\" is missing");
  ExpectError("GET", "/api/v1/taxonomy/diff?from=1.0.0&to=2.0.0", "", "ben", 404, "not_found", "no release 2.0.0");
}

TEST_F(WebGovernance, BlameGivesEachFieldsLastChangeWithItsRationale) {
  json b = Call("GET", "/api/v1/taxonomy/blame/shipping", "", "cy", 200);
  EXPECT_EQ(b["category"], "shipping");
  json name;
  for (const json& f : b["fields"])
    if (f["field"] == "name") name = f;
  ASSERT_TRUE(name.is_object()) << b.dump();
  EXPECT_EQ(name["value"], "Deliveries");
  EXPECT_EQ(name["rationale"], "clearer for vendors");
  EXPECT_EQ(name["author"], "ana");
  EXPECT_EQ(name["commit"], Git("log -1 --format=%H --grep='Edit category shipping'"));
  EXPECT_TRUE(name["merged_in"].is_null());
  std::vector<std::string> fields;
  for (const json& f : b["fields"]) fields.push_back(f["field"]);
  EXPECT_EQ(fields.front(), "id");
  EXPECT_EQ(fields.size(), 13u) << b.dump();
  ExpectError("GET", "/api/v1/taxonomy/blame/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "", "cy", 400,
              "invalid_input", std::string("\"") + kHostile + "\" is not a category id");
  ExpectError("GET", "/api/v1/taxonomy/blame/cats", "", "cy", 404, "not_found", "cats");
  // The session's own answer, field for field.
  ASSERT_TRUE(Stop().ok());
  EXPECT_EQ(b["fields"], Session([](app::Project& p) {
              return app::ToJson(*app::TaxonomyHistory(p).Blame("shipping"));
            }));
}

TEST_F(WebGovernance, ProposalsListedAndShownAsTheSessionGivesThem) {
  json list = Call("GET", "/api/v1/proposals", "", "ben", 200);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "refund-rules");
  EXPECT_EQ(list[0]["state"], "open");
  EXPECT_EQ(list[0]["rationale"], kHostile);  // the text as it was given
  EXPECT_EQ(list[0]["changes"]["redefined"], json::array({"billing.refund"}));
  EXPECT_FALSE(list[0]["missing"].empty());
  json shown = Call("GET", "/api/v1/proposals/refund-rules", "", "ben", 200);
  ASSERT_EQ(shown["impact"].size(), 1u);
  EXPECT_EQ(shown["impact"][0]["id"], "billing.refund");
  ExpectError("GET", "/api/v1/proposals/nope", "", "ben", 404, "not_found", "nope");
  ExpectError("GET", "/api/v1/proposals/%3Cimg%20src%3Dx%3E", "", "ben", 400, "invalid_input", "<img src=x>");
  // The documented schemas hold for these answers (a proposal, releases, a blame).
  if (RunCommand("/usr/bin/python3 -c 'import jsonschema'").exit_code == 0) {
    CommandResult check = RunCommand("/usr/bin/python3 " TAXA_SOURCE_DIR "/tests/web/openapi_check.py "
                                     "http://127.0.0.1:" + std::to_string(port_) + " " + tokens_["ana"]);
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    for (const char* line : {"ok GET /api/v1/proposals (200)", "ok GET /api/v1/taxonomy/history (200)",
                             "ok GET /api/v1/taxonomy/diff?from=1.0.0&to=1.1.0 (200)",
                             "ok GET /api/v1/taxonomy/blame/shipping (200)",
                             "ok GET /api/v1/proposals/refund-rules (200)",
                             "ok GET /api/v1/taxonomy?as_of=1.0.0 (200)"})
      EXPECT_NE(check.out.find(line), std::string::npos) << line << " in " << check.out;
  }
  ASSERT_TRUE(Stop().ok());
  EXPECT_EQ(list, Session([](app::Project& p) { return app::ToJson(*app::Proposals(p).List()); }));
  EXPECT_EQ(shown, Session([](app::Project& p) { return app::ToJson(*app::Proposals(p).Show("refund-rules")); }));
}

TEST_F(WebGovernance, ALeadsApprovalThroughTheApiIsTheSessionsAndOnlyThenItMerges) {
  const std::string path = "/api/v1/proposals/refund-rules/";
  // Refusals: the session's message, 403; nothing recorded.
  const std::string tip = Git("rev-parse refs/heads/proposals/refund-rules");
  ExpectError("POST", path + "approve", R"({"why":"fine"})", "ben", 403, "permission_denied",
              "ben holds annotator: approving proposal refund-rules needs a lead or compliance");
  ExpectError("POST", path + "approve", R"({"why":"mine"})", "ana", 403, "permission_denied", "ana");
  ExpectError("POST", path + "merge", "{}", "ana", 409, "failed_precondition", "refund-rules");
  ExpectError("POST", path + "merge", "{}", "ben", 403, "permission_denied", "ben");
  EXPECT_EQ(Git("rev-parse refs/heads/proposals/refund-rules"), tip);
  // Malformed bodies and names.
  ExpectError("POST", path + "approve", R"({"why":7})", "dee", 400, "invalid_input", "why");
  ExpectError("POST", path + "approve", "not json", "dee", 400, "invalid_input", "body");
  ExpectError("POST", "/api/v1/proposals/nope/approve", R"({"why":"x"})", "dee", 404, "not_found", "nope");
  ExpectError("POST", "/api/v1/proposals/a%20b/approve", R"({"why":"x"})", "dee", 400, "invalid_input", "a b");
  ExpectError("POST", "/api/v1/proposals/..%2F..%2Fetc/approve", R"({"why":"x"})", "dee", 404, "not_found",
              "no such page or API route");
  ExpectError("POST", path + "approve", R"({"why":"x","role":"compliance"})", "dee", 403, "permission_denied",
              "dee");

  // dee, another lead, approves with a hostile rationale: recorded as she wrote it.
  json approved = Call("POST", path + "approve", json{{"why", kHostile}}.dump(), "dee", 200);
  EXPECT_EQ(approved["decision"]["person"], "dee");
  EXPECT_EQ(approved["decision"]["role"], "lead");
  EXPECT_EQ(approved["decision"]["decision"], "approve");
  EXPECT_EQ(approved["decision"]["rationale"], kHostile);
  EXPECT_EQ(approved["proposal"]["state"], "approved");
  EXPECT_EQ(Git("log -1 --format=%an refs/heads/proposals/refund-rules"), "dee");
  EXPECT_EQ(Git("log -1 '--format=%(trailers:key=Taxa-Action,valueonly,separator=)' refs/heads/proposals/refund-rules"),
            "proposal.approve");
  json merged = Call("POST", path + "merge", "{}", "ana", 200);
  EXPECT_EQ(merged["merged"], Git("rev-parse HEAD"));
  EXPECT_EQ(merged["proposal"]["state"], "merged");
  EXPECT_EQ(Git("log -1 '--format=%(trailers:key=Taxa-Approved-By,valueonly,separator=)'"), "dee (lead)");
  EXPECT_EQ(json::parse(Git("show HEAD:taxonomy/categories/billing.refund.json"))["definition"],
            "Asks for money back, in writing.");
  EXPECT_EQ(Call("GET", "/api/v1/taxonomy", "", "ben", 200)["categories"][1]["definition"],
            "Asks for money back, in writing.");
  ExpectError("POST", path + "approve", R"({"why":"late"})", "co", 409, "failed_precondition", "merged already");

  // The session, on its own, says the same.
  ASSERT_TRUE(Stop().ok());
  json listed = Session([](app::Project& p) { return app::ToJson(*app::Proposals(p).List()); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["state"], "merged");
  EXPECT_EQ(listed[0]["approved_by"], json::array({"dee (lead)"}));
  ASSERT_EQ(listed[0]["decisions"].size(), 1u);
  EXPECT_EQ(listed[0]["decisions"][0]["person"], "dee");
  EXPECT_EQ(listed[0]["decisions"][0]["rationale"], kHostile);
}

TEST_F(WebGovernance, ARejectionIsRecordedAndBlocksTheMerge) {
  json rejected = Call("POST", "/api/v1/proposals/refund-rules/reject", R"({"why":"too strict"})", "co", 200);
  EXPECT_EQ(rejected["decision"]["decision"], "reject");
  EXPECT_EQ(rejected["decision"]["role"], "compliance");
  EXPECT_EQ(rejected["proposal"]["state"], "rejected");
  ExpectError("POST", "/api/v1/proposals/refund-rules/merge", "{}", "ana", 409, "failed_precondition",
              "refund-rules");
  ASSERT_TRUE(Stop().ok());
  json listed = Session([](app::Project& p) { return app::ToJson(*app::Proposals(p).List()); });
  EXPECT_EQ(listed[0]["state"], "rejected");
  EXPECT_EQ(listed[0]["decisions"][0]["rationale"], "too strict");
}

}  // namespace
}  // namespace taxa::testing
