// The API of the Taxonomy and Sync pages: a lead's category edits, moves and
// deprecations with the CLI's checks and messages, refusals for everyone
// else, live events, and a real sync through a bare hub that records a
// conflict, which a lead then resolves.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

std::string Hostname() {
  char host[128] = {0};
  ::gethostname(host, sizeof host - 1);
  return host;
}

class WebGovern : public ServedProject {
 protected:
  json Call(const std::string& method, const std::string& path, const std::string& body,
            const std::string& user, int status) {
    httplib::Result r = method == "GET" ? Get(path, user) : Post(path, body, user);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << method << " " << path << " " << body << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  json Category(const json& taxonomy, const std::string& id) {
    for (const json& c : taxonomy["categories"])
      if (c["id"] == id) return c;
    ADD_FAILURE() << id << " is not in " << taxonomy.dump();
    return nullptr;
  }
  // The category's file as git holds it at HEAD: read past the server's
  // own encoder.
  json FileAtHead(const std::string& id) {
    CommandResult r = RunCommand("git -C " + dir_ + " show HEAD:taxonomy/categories/" + id + ".json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  std::string Git(const std::string& args) {
    CommandResult r = RunCommand("git -C " + dir_ + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }
  // `taxa ARGS` on the project as ana, once the server has stopped: stderr.
  std::string CliError(const std::string& args) {
    CommandResult r = RunCommand("TAXA_USER=ana " TAXA_BINARY_DIR "/taxa -C " + dir_ + " " + args);
    EXPECT_EQ(r.exit_code, 1) << args << ": " << r.out;
    return r.err;
  }
};

TEST_F(WebGovern, ALeadEditsMovesAddsAndDeprecatesCategories) {
  Serve(4);
  json t = Call("POST", "/api/v1/taxonomy/categories/billing/edit",
                R"({"definition":"Money matters.","add_include":["mentions a charge"],"sensitive":true})",
                "ana", 200);
  EXPECT_EQ(Category(t, "billing")["definition"], "Money matters.");
  json file = FileAtHead("billing");
  EXPECT_EQ(file["definition"], "Money matters.");
  EXPECT_EQ(file["include"], json::array({"mentions a charge"}));
  EXPECT_EQ(file["sensitive"], true);
  EXPECT_EQ(Git("log -1 --format=%an"), "ana");
  EXPECT_EQ(Git("log -1 '--format=%(trailers:key=Taxa-Action,valueonly)'"), "category.edit");

  // Lists: remove one entry and add another; rename.
  t = Call("POST", "/api/v1/taxonomy/categories/billing.refund/edit",
           R"({"name":"Refunds","remove_include":["asks for a refund"],"add_examples":["Money back, please"]})",
           "ana", 200);
  file = FileAtHead("billing.refund");
  EXPECT_EQ(file["name"], "Refunds");
  EXPECT_EQ(file["include"], json::array());
  EXPECT_EQ(file["examples"], json::array({"I want my money back", "Money back, please"}));
  EXPECT_EQ(Git("log -1 '--format=%(trailers:key=Taxa-Action,valueonly)'"), "category.rename");

  // Move to the top level (null parent), then back under billing.
  t = Call("POST", "/api/v1/taxonomy/categories/billing.refund/move", R"({"parent":null})", "ana", 200);
  EXPECT_TRUE(Category(t, "billing.refund")["parent"].is_null());
  EXPECT_EQ(Category(t, "billing.refund")["depth"], 0);
  EXPECT_TRUE(FileAtHead("billing.refund")["parent"].is_null());
  t = Call("POST", "/api/v1/taxonomy/categories/billing.refund/move", R"({"parent":"billing"})", "ana", 200);
  EXPECT_EQ(FileAtHead("billing.refund")["parent"], "billing");
  EXPECT_EQ(Category(t, "billing.refund")["depth"], 1);
  EXPECT_EQ(Git("log -1 --format=%s"), "Move category billing.refund under billing");

  // Add with every field the CLI's add takes.
  t = Call("POST", "/api/v1/taxonomy/categories",
           R"({"id":"shipping.lost","name":"Lost parcel","parent":"shipping","definition":"Never arrived.",
               "include":["tracking stopped"],"exclude":["late but moving"],"examples":["Where is it?"],
               "near_misses":["It came broken"],"status":"draft","sensitive":true})",
           "ana", 201);
  file = FileAtHead("shipping.lost");
  EXPECT_EQ(file["status"], "draft");
  EXPECT_EQ(file["sensitive"], true);
  EXPECT_EQ(file["near_misses"], json::array({"It came broken"}));

  // Deprecate in favour of another.
  t = Call("POST", "/api/v1/taxonomy/categories/billing.refund/deprecate", R"({"replaced_by":"shipping"})",
           "ana", 200);
  EXPECT_EQ(Category(t, "billing.refund")["status"], "deprecated");
  EXPECT_EQ(FileAtHead("billing.refund")["replaced_by"], "shipping");
  EXPECT_EQ(Git("log -1 '--format=%(trailers:key=Taxa-Replaced-By,valueonly)'"), "shipping");
  EXPECT_EQ(Call("GET", "/api/v1/taxonomy", "", "ben", 200), t);  // everyone reads it
}

TEST_F(WebGovern, AnnotatorsAndAuditorsCannotChangeTheTaxonomy) {
  Serve(4);
  const std::string head = Git("rev-parse HEAD");
  struct Refused {
    std::string user, path, body, message;
  };
  for (const Refused& r : std::vector<Refused>{
           {"ben", "/api/v1/taxonomy/categories/billing/edit", R"({"definition":"Mine now."})",
            "ben is an annotator: category.edit needs a lead"},
           {"ben", "/api/v1/taxonomy/categories/billing.refund/move", R"({"parent":null})",
            "ben is an annotator: category.move needs a lead"},
           {"cy", "/api/v1/taxonomy/categories/shipping/deprecate", "{}",
            "cy is an annotator: category.deprecate needs a lead"},
           {"ben", "/api/v1/taxonomy/categories", R"({"id":"food","name":"Food","definition":"Meals."})",
            "ben is an annotator: category.add needs a lead"},
           {"al", "/api/v1/taxonomy/categories/billing/edit", R"({"definition":"Audited."})",
            "al is an auditor: category.edit needs a lead"}}) {
    json error = Call("POST", r.path, r.body, r.user, 403);
    EXPECT_EQ(error["error"]["code"], "permission_denied") << r.path;
    EXPECT_EQ(error["error"]["message"], r.message) << r.path;
  }
  EXPECT_EQ(Git("rev-parse HEAD"), head);  // nothing was committed
  EXPECT_EQ(FileAtHead("billing")["definition"], "About money.");
}

TEST_F(WebGovern, AnInvalidChangeGetsTheMessageTheCliPrints) {
  Serve(4);
  struct Case {
    std::string path, body, cli;
    int status;
  };
  const std::vector<Case> cases = {
      // A cycle.
      {"/api/v1/taxonomy/categories/billing/move", R"({"parent":"billing.refund"})",
       "taxonomy move billing --parent billing.refund", 400},
      // A parent that does not exist.
      {"/api/v1/taxonomy/categories/shipping/move", R"({"parent":"nowhere"})",
       "taxonomy move shipping --parent nowhere", 400},
      // Children still in use.
      {"/api/v1/taxonomy/categories/billing/deprecate", "{}", "taxonomy deprecate billing", 409},
      {"/api/v1/taxonomy/categories/shipping/deprecate", R"({"replaced_by":"shipping"})",
       "taxonomy deprecate shipping --replaced-by shipping", 400},
      // Removing an entry that is not there.
      {"/api/v1/taxonomy/categories/billing.refund/edit", R"({"remove_exclude":["never said"]})",
       "taxonomy edit billing.refund --remove-exclude 'never said'", 400},
      {"/api/v1/taxonomy/categories/billing/edit", R"({"status":"deprecated"})",
       "taxonomy edit billing --status deprecated", 400},
      {"/api/v1/taxonomy/categories/billing/edit", R"({"status":"retired"})",
       "taxonomy edit billing --status retired", 400},
      {"/api/v1/taxonomy/categories/billing/edit", "{}", "taxonomy edit billing", 400},
      {"/api/v1/taxonomy/categories/nope/edit", R"({"name":"Nope"})", "taxonomy edit nope --name Nope", 404},
      {"/api/v1/taxonomy/categories", R"({"id":"Bad Id","name":"Bad"})", "taxonomy add 'Bad Id' --name Bad", 400},
      {"/api/v1/taxonomy/categories", R"({"id":"shipping","name":"Again"})",
       "taxonomy add shipping --name Again", 409},
  };
  std::vector<std::string> messages;
  for (const Case& c : cases) {
    json error = Call("POST", c.path, c.body, "ana", c.status);
    messages.push_back(error["error"]["message"]);
  }
  // A move needs its parent said, as the CLI needs --parent or --root.
  EXPECT_NE(Call("POST", "/api/v1/taxonomy/categories/billing/move", "{}", "ana", 400)["error"]["message"]
                .get<std::string>()
                .find("\"parent\" is missing"),
            std::string::npos);
  ASSERT_TRUE(Stop().ok());
  for (size_t i = 0; i < cases.size(); ++i)
    EXPECT_EQ(CliError(cases[i].cli), "taxa: " + messages[i] + "\n") << cases[i].cli;
}

TEST_F(WebGovern, ATaxonomyChangeReachesOpenPagesAsAnEvent) {
  Serve(4);
  std::atomic<bool> got{false};
  std::string stream;
  std::mutex mu;
  httplib::Client listener = Client();
  std::thread reader([&] {
    listener.Get("/api/v1/events", As("cy"), [&](const char* data, size_t n) {
      std::lock_guard lock(mu);
      stream.append(data, n);
      got = stream.find(R"("type":"taxonomy")") != std::string::npos;
      return !got.load();
    });
  });
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(mu);
      if (stream.find(": open") != std::string::npos) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Call("POST", "/api/v1/taxonomy/categories/shipping/edit", R"({"definition":"Boxes."})", "ana", 200);
  for (int i = 0; i < 250 && !got; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  listener.stop();
  reader.join();
  std::lock_guard lock(mu);
  EXPECT_NE(stream.find(R"(data: {"category":"shipping","type":"taxonomy"})"), std::string::npos) << stream;
}

TEST_F(WebGovern, AWritingCommandBesideTheServerIsToldItsPidAndUrl) {
  Serve(4);
  CommandResult writer = RunCommand("TAXA_USER=ana " TAXA_BINARY_DIR "/taxa --wait 0 -C " + dir_ +
                                    " taxonomy edit billing --definition Elsewhere");
  EXPECT_EQ(writer.exit_code, 1);
  const std::string url = "http://127.0.0.1:" + std::to_string(port_) + "/";
  EXPECT_EQ(writer.err, "taxa: project " + dir_ + " is in use by taxa pid " + std::to_string(::getpid()) +
                            " on " + Hostname() + ", serving " + url +
                            "; close it there or wait, then try again\n");
  EXPECT_EQ(url_.substr(0, url.size()), url);
  EXPECT_EQ(writer.err.find("token"), std::string::npos) << "the lock file is readable by others";
  // Readers go on beside it.
  CommandResult reader = RunCommand("TAXA_USER=al " TAXA_BINARY_DIR "/taxa -C " + dir_ + " taxonomy show");
  EXPECT_EQ(reader.exit_code, 0) << reader.err;
}

// A project shared through a bare hub with a peer clone that changed
// billing's definition and pushed; the served copy changes it another way.
class WebSync : public WebGovern {
 protected:
  void SetUp() override {
    hub_ = tmp_ / "hub.git";
    ASSERT_EQ(RunCommand("git init -q --bare " + hub_).exit_code, 0);
    prepare_ = [this](app::Project& p) {
      ASSERT_TRUE(app::Remotes(p).Add("origin", hub_).ok());
      Result<app::SyncReport> first = app::Remotes(p).Sync("origin");
      ASSERT_TRUE(first.ok()) << first.status().message();
      app::SessionOptions as_ana;
      as_ana.user = "ana";
      auto peer = app::Project::Clone(hub_, tmp_ / "peer", as_ana);
      ASSERT_TRUE(peer.ok()) << peer.status().message();
      core::CategoryEdit edit;
      edit.definition = kTheirs;
      ASSERT_TRUE(app::TaxonomyEdits(**peer).Edit("billing", edit).ok());
      Result<app::SyncReport> pushed = app::Remotes(**peer).Sync("origin");
      ASSERT_TRUE(pushed.ok()) << pushed.status().message();
    };
    Serve(4);
  }
  static constexpr const char* kTheirs = "Money, as the peer sees it.";
  std::string hub_;
};

TEST_F(WebSync, ASyncRecordsAConflictThatALeadResolvesTakingTheirs) {
  json remotes = Call("GET", "/api/v1/remotes", "", "ben", 200);
  ASSERT_EQ(remotes.size(), 1u);
  EXPECT_EQ(remotes[0]["name"], "origin");
  EXPECT_EQ(remotes[0]["url"], hub_);
  EXPECT_EQ(remotes[0]["behind"], 0);  // the peer's push is not fetched yet
  Call("POST", "/api/v1/taxonomy/categories/billing/edit", R"({"definition":"Money, as we see it."})", "ana",
       200);
  remotes = Call("GET", "/api/v1/remotes", "", "ana", 200);
  EXPECT_EQ(remotes[0]["ahead"].get<int>(), std::stoi(Git("rev-list --count origin/main..main")));
  EXPECT_EQ(remotes[0]["ahead"], 1);

  // Syncing the served project is a lead's.
  EXPECT_EQ(Call("POST", "/api/v1/sync", "{}", "ben", 403)["error"]["message"],
            "ben is an annotator: syncing the served project needs a lead");
  json report = Call("POST", "/api/v1/sync", R"({"remote":"origin"})", "ana", 200);
  EXPECT_EQ(report["merged"], true);
  EXPECT_EQ(report["conflicts"], 1);
  EXPECT_EQ(report["pushed"], true);
  EXPECT_EQ(report["head"], Git("rev-parse main"));
  remotes = Call("GET", "/api/v1/remotes", "", "ana", 200);
  EXPECT_EQ(remotes[0]["ahead"], 0);
  EXPECT_EQ(remotes[0]["behind"], 0);
  ASSERT_TRUE(remotes[0]["last_sync"].is_object()) << remotes.dump();
  EXPECT_EQ(remotes[0]["last_sync"]["ok"], true);
  EXPECT_NE(remotes[0]["last_sync"]["summary"].get<std::string>().find("1 conflict"), std::string::npos)
      << remotes.dump();

  json open = Call("GET", "/api/v1/conflicts", "", "al", 200);  // an auditor reads them
  ASSERT_EQ(open.size(), 1u) << open.dump();
  EXPECT_EQ(open[0]["path"], "taxonomy/categories/billing.json");
  EXPECT_EQ(open[0]["field"], "definition");
  EXPECT_EQ(open[0]["base"], "About money.");
  EXPECT_EQ(open[0]["ours"], "Money, as we see it.");
  EXPECT_EQ(open[0]["theirs"], kTheirs);
  const std::string id = open[0]["id"];
  EXPECT_EQ(Git("ls-tree --name-only HEAD conflicts/"), "conflicts/" + id + ".json");
  // The documented schemas hold for a remote that has synced and a conflict with its sides.
  if (RunCommand("/usr/bin/python3 -c 'import jsonschema'").exit_code == 0) {
    CommandResult check = RunCommand("/usr/bin/python3 " TAXA_SOURCE_DIR "/tests/web/openapi_check.py "
                                     "http://127.0.0.1:" + std::to_string(port_) + " " + tokens_["ana"]);
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("ok GET /api/v1/remotes (200)"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("ok GET /api/v1/conflicts (200)"), std::string::npos) << check.out;
  }

  EXPECT_EQ(Call("POST", "/api/v1/conflicts/" + id + "/resolve", R"({"take":"theirs"})", "ben", 403)["error"]
                ["message"],
            "ben is an annotator: conflict.resolve needs a lead");
  json resolved = Call("POST", "/api/v1/conflicts/" + id.substr(0, 8) + "/resolve", R"({"take":"theirs"})",
                       "ana", 200);
  EXPECT_EQ(resolved["id"], id);
  EXPECT_EQ(resolved["resolution"], "theirs");
  EXPECT_EQ(Call("GET", "/api/v1/conflicts", "", "ana", 200), json::array());
  EXPECT_EQ(FileAtHead("billing")["definition"], kTheirs);
  EXPECT_EQ(Git("ls-tree --name-only HEAD conflicts/"), "");
  EXPECT_EQ(Git("log -1 '--format=%(trailers:key=Taxa-Resolution,valueonly)'"), "theirs");
  EXPECT_EQ(Call("POST", "/api/v1/conflicts/" + id + "/resolve", R"({"take":"theirs"})", "ana", 404)["error"]
                ["code"],
            "not_found");
}

}  // namespace
}  // namespace taxa::testing
