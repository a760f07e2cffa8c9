// People added and revoked while taxa serve runs: a lead adds someone through
// the API and their token works at the next request; a revoked token, and the
// browser sessions it opened, stop at once; `taxa users` beside the server is
// refused with the server named, so the API is the way while it runs.
#include "web/served_project.h"

namespace taxa::testing {
namespace {

class WebUsers : public ServedProject {
 protected:
  void SetUp() override { Serve(); }

  // A browser session for `token`: the cookie and its CSRF value.
  std::pair<std::string, std::string> Login(const std::string& token) {
    httplib::Result login = Client().Get(("/?token=" + token).c_str());
    EXPECT_TRUE(login && login->status == 303);
    std::string set_cookie = login ? login->get_header_value("Set-Cookie") : "";
    std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    httplib::Result me = Client().Get("/api/v1/me", {{"Cookie", cookie}});
    EXPECT_TRUE(me && me->status == 200);
    return {cookie, me ? nlohmann::json::parse(me->body)["csrf"].get<std::string>() : ""};
  }
};

TEST_F(WebUsers, ALeadAddsSomeoneWhoseTokenWorksAtTheNextRequest) {
  httplib::Result added = Post("/api/v1/users", R"({"name":"Dora","role":"annotator"})", "ana");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  nlohmann::json j = nlohmann::json::parse(added->body);
  EXPECT_EQ(j["name"], "dora");
  EXPECT_EQ(j["role"], "annotator");
  const std::string token = j["token"];
  ASSERT_EQ(token.rfind("taxa_", 0), 0u);

  httplib::Result me = Client().Get("/api/v1/me", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(me->status, 200) << me->body;
  EXPECT_EQ(nlohmann::json::parse(me->body)["user"], "dora");
  httplib::Result labeled =
      Client().Post("/api/v1/labels", {{"Authorization", "Bearer " + token}},
                    R"({"item":"t3","categories":["shipping"]})", "application/json");
  EXPECT_EQ(labeled->status, 201) << labeled->body;

  httplib::Result people = Get("/api/v1/users", "ben");
  ASSERT_EQ(people->status, 200) << people->body;
  bool listed = false;
  for (const nlohmann::json& p : nlohmann::json::parse(people->body))
    if (p["name"] == "dora") listed = p["roles"] == nlohmann::json::array({"annotator"}) && p["token"];
  EXPECT_TRUE(listed) << people->body;
}

TEST_F(WebUsers, OnlyALeadAddsOrRevokesAndBadRequestsSayWhichField) {
  httplib::Result by_annotator = Post("/api/v1/users", R"({"name":"eve","role":"lead"})", "ben");
  EXPECT_EQ(by_annotator->status, 403) << by_annotator->body;
  EXPECT_EQ(Post("/api/v1/users/cy/revoke", "{}", "al")->status, 403);
  httplib::Result no_role = Post("/api/v1/users", R"({"name":"eve"})", "ana");
  EXPECT_EQ(no_role->status, 400);
  EXPECT_NE(no_role->body.find("role"), std::string::npos) << no_role->body;
  httplib::Result bad_role = Post("/api/v1/users", R"({"name":"eve","role":"boss"})", "ana");
  EXPECT_EQ(bad_role->status, 400);
  EXPECT_NE(bad_role->body.find("boss"), std::string::npos) << bad_role->body;
  EXPECT_EQ(Post("/api/v1/users", R"({"name":"ben","role":"lead"})", "ana")->status, 409)
      << "ben holds a role already";
  EXPECT_EQ(Post("/api/v1/users/nobody/revoke", "{}", "ana")->status, 404);
}

TEST_F(WebUsers, ARevokedTokenAndItsBrowserSessionsStopAtOnce) {
  auto [cookie, csrf] = Login(tokens_["cy"]);
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(Get("/api/v1/me", "cy")->status, 200);

  httplib::Result revoked = Post("/api/v1/users/cy/revoke", "{}", "ana");
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_EQ(Get("/api/v1/me", "cy")->status, 401);
  httplib::Result by_cookie = Client().Post("/api/v1/labels", {{"Cookie", cookie}, {"X-Taxa-CSRF", csrf}},
                                            R"({"item":"t1","categories":["billing"]})",
                                            "application/json");
  EXPECT_EQ(by_cookie->status, 401) << by_cookie->body;
  EXPECT_NE(by_cookie->body.find("revoked"), std::string::npos) << by_cookie->body;
  EXPECT_EQ(Get("/api/v1/me", "ben")->status, 200) << "others are untouched";
  EXPECT_EQ(Get("/api/v1/me", "ana")->status, 200) << "nor the login taxa serve printed";
}

}  // namespace
}  // namespace taxa::testing
