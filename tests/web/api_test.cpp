// The JSON API: paging, blinding as the session rules it, error shapes,
// live events, and the OpenAPI document against the real route table.
#include <atomic>
#include <chrono>
#include <set>

#include "web/routes.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

class WebApi : public ServedProject {
 protected:
  void SetUp() override {
    extra_items_ = {{"mail/2024?x#1", "An id with a slash, a question mark and a hash"}};
    Serve(12);
  }
  json GetJson(const std::string& path, const std::string& user, int status = 200) {
    httplib::Result r = Get(path, user);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
};

TEST_F(WebApi, ItemsComeInPagesFollowingTheCursorToTheEnd) {
  std::vector<std::string> seen;
  std::string cursor = "0";
  for (int page = 0; page < 10; ++page) {
    json j = GetJson("/api/v1/items?limit=5&cursor=" + cursor, "ben");
    EXPECT_EQ(j["total"], 13);
    for (const json& item : j["items"]) seen.push_back(item["id"]);
    if (j["next_cursor"].is_null()) break;
    cursor = std::to_string(j["next_cursor"].get<int>());
  }
  ASSERT_EQ(seen.size(), 13u);
  EXPECT_EQ(seen.front(), "mail/2024?x#1");  // the project's order sorts ids
  EXPECT_EQ(seen.back(), "t9");
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 13u);
  // State and text filters.
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"t3","categories":["shipping"]})", "ben")->status, 201);
  json mine = GetJson("/api/v1/items?state=mine", "ben");
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["id"], "t3");
  EXPECT_EQ(GetJson("/api/v1/items?state=unlabeled", "ben")["items"].size(), 12u);
  // Each caller's own state: cy has labeled nothing; nothing is gold yet.
  EXPECT_EQ(GetJson("/api/v1/items?state=unlabeled", "cy")["items"].size(), 13u);
  EXPECT_EQ(GetJson("/api/v1/items?state=gold", "ben")["items"].size(), 0u);
  json found = GetJson("/api/v1/items?q=NUMBER%2011", "ben");
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["id"], "t11");
  EXPECT_EQ(GetJson("/api/v1/items?state=maybe", "ben", 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(GetJson("/api/v1/items?limit=0", "ben", 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(GetJson("/api/v1/items?cursor=x", "ben", 400)["error"]["code"], "invalid_input");
}

TEST_F(WebApi, OthersLabelsStayHiddenUntilTheCallerHasLabeled) {
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"t1","categories":["billing"],"note":"twice"})", "ben")->status,
            201);
  json ben = GetJson("/api/v1/items/t1", "ben");
  EXPECT_EQ(ben["labels"]["mine"]["categories"], json::array({"billing"}));
  EXPECT_EQ(ben["labels"]["mine"]["note"], "twice");
  json cy = GetJson("/api/v1/items/t1", "cy");
  EXPECT_TRUE(cy["labels"]["mine"].is_null());
  EXPECT_EQ(cy["labels"]["others"].size(), 0u);
  EXPECT_EQ(cy["labels"]["withheld"], 1);
  EXPECT_EQ(GetJson("/api/v1/items/t1?reveal=1", "cy")["labels"]["others"].size(), 0u);  // not a lead
  EXPECT_EQ(GetJson("/api/v1/items/t1?reveal=1", "ana")["labels"]["others"].size(), 1u);
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"t1","categories":["shipping"]})", "cy")->status, 201);
  json after = GetJson("/api/v1/items/t1", "cy");
  ASSERT_EQ(after["labels"]["others"].size(), 1u);
  EXPECT_EQ(after["labels"]["others"][0]["annotator"], "ben");
}

TEST_F(WebApi, AnItemIdMayHoldASlashAQuestionMarkAndAHash) {
  json item = GetJson("/api/v1/items/mail%2F2024%3Fx%231", "ben");
  EXPECT_EQ(item["item"]["id"], "mail/2024?x#1");
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"mail/2024?x#1","categories":["billing"]})", "ben")->status, 201);
  EXPECT_EQ(GetJson("/api/v1/items/mail%2F2024%3Fx%231", "ben")["labels"]["mine"]["categories"],
            json::array({"billing"}));
}

TEST_F(WebApi, NextProgressAndUndoFollowTheCaller) {
  json order = GetJson("/api/v1/items?limit=2", "ben")["items"];  // the project's order
  EXPECT_EQ(GetJson("/api/v1/next", "ben")["item"]["id"], order[0]["id"]);
  json first = {{"item", order[0]["id"]}, {"categories", {"billing"}}};
  ASSERT_EQ(Post("/api/v1/labels", first.dump(), "ben")->status, 201);
  EXPECT_EQ(GetJson("/api/v1/next?after=0", "ben")["item"]["id"], order[1]["id"]);
  EXPECT_EQ(GetJson("/api/v1/next", "ben")["item"]["id"], order[1]["id"]);
  EXPECT_EQ(GetJson("/api/v1/next", "cy")["item"]["id"], order[0]["id"]);  // cy has labeled nothing
  json p = GetJson("/api/v1/progress", "ben");
  EXPECT_EQ(p["labeled_by_me"], 1);
  EXPECT_EQ(p["undoable"], 1);
  EXPECT_EQ(GetJson("/api/v1/progress", "cy")["undoable"], 0);
  httplib::Result undo = Post("/api/v1/labels/undo", "{}", "ben");
  ASSERT_EQ(undo->status, 200) << undo->body;
  EXPECT_EQ(json::parse(undo->body)["categories"], json::array());
  EXPECT_EQ(GetJson("/api/v1/progress", "ben")["labeled_by_me"], 0);
  EXPECT_EQ(Post("/api/v1/labels/undo", "{}", "ben")->status, 409);
}

TEST_F(WebApi, ErrorsNameWhatWasWrongWithTheirStatus) {
  httplib::Result unknown = Post("/api/v1/labels", R"({"item":"nope","categories":["billing"]})", "ben");
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("unknown item \\\"nope\\\""), std::string::npos) << unknown->body;
  httplib::Result category = Post("/api/v1/labels", R"({"item":"t1","categories":["food"]})", "ben");
  EXPECT_EQ(category->status, 400);
  EXPECT_NE(category->body.find("food"), std::string::npos) << category->body;
  json missing = GetJson("/api/v1/items/nope", "ben", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  httplib::Result field = Post("/api/v1/labels", R"({"categories":["billing"]})", "ben");
  EXPECT_EQ(field->status, 400);
  EXPECT_NE(field->body.find("field \\\"item\\\" is missing"), std::string::npos) << field->body;
  EXPECT_EQ(GetJson("/api/v1/nothing", "ben", 404)["error"]["code"], "not_found");
}

TEST_F(WebApi, ALabelReachesAnotherUsersEventStream) {
  std::atomic<bool> got{false};
  std::string stream;
  std::mutex mu;
  httplib::Client listener = Client();
  std::thread reader([&] {
    listener.Get("/api/v1/events", As("cy"), [&](const char* data, size_t n) {
      std::lock_guard lock(mu);
      stream.append(data, n);
      if (stream.find("\"t5\"") != std::string::npos) got = true;
      return !got.load();
    });
  });
  // The stream opens with a comment; label once it is open.
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(mu);
      if (stream.find(": open") != std::string::npos) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"t5","categories":["billing"]})", "ben")->status, 201);
  for (int i = 0; i < 250 && !got; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(got) << stream;
  listener.stop();
  reader.join();
  std::lock_guard lock(mu);
  EXPECT_NE(stream.find(R"(data: {"items":["t5"],"type":"labels"})"), std::string::npos) << stream;
  EXPECT_EQ(stream.find("billing"), std::string::npos) << "an event never says what the label is";
}

TEST_F(WebApi, TheOpenApiDocumentDescribesExactlyTheRoutesTheServerHas) {
  httplib::Result r = Client().Get("/api/v1/openapi.json");  // no token needed
  ASSERT_EQ(r->status, 200);
  json doc = json::parse(r->body);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, methods] : doc["paths"].items())
    for (const auto& [method, op] : methods.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      documented.insert(m + " " + path);
      EXPECT_TRUE(op.contains("responses")) << m << " " << path;
    }
  std::set<std::string> served;
  for (const web::Route& route : web::ApiRoutes()) served.insert(route.method + " " + route.path);
  EXPECT_EQ(documented, served);
  // Every documented route answers (not 404) with a parameter filled in.
  for (const std::string& route : documented) {
    std::string method = route.substr(0, route.find(' '));
    std::string path = route.substr(route.find(' ') + 1);
    if (path == "/api/v1/events") continue;  // a stream: the test above reads it
    size_t brace = path.find("{id}");
    if (brace != std::string::npos) path.replace(brace, 4, "t1");
    httplib::Result answer = method == "GET" ? Get(path, "ana") : Post(path, "{}", "ana");
    ASSERT_TRUE(answer) << route;
    EXPECT_EQ(answer->body.find("no such page or API route"), std::string::npos) << route;
    EXPECT_NE(answer->status, 405) << route;
    EXPECT_LT(answer->status, 500) << route << ": " << answer->body;
  }
}

TEST_F(WebApi, RealAnswersMatchTheSchemasTheDocumentGivesThem) {
  if (RunCommand("/usr/bin/python3 -c 'import jsonschema'").exit_code != 0)
    GTEST_SKIP() << "python3-jsonschema is not installed";
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"t1","categories":["shipping"]})", "cy")->status, 201);
  CommandResult check = RunCommand("/usr/bin/python3 " TAXA_SOURCE_DIR "/tests/web/openapi_check.py "
                                   "http://127.0.0.1:" + std::to_string(port_) + " " + tokens_["ana"]);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("ok GET /api/v1/quality (200)"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("ok GET /api/v1/items/nope (404)"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("ok POST /api/v1/labels (400)"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace taxa::testing
