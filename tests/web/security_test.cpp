// The web face's guards: tokens, roles (decided by the session), CSRF,
// headers, paths that try to leave the embedded assets, body limits and
// malformed bodies.
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <regex>

#include "web/served_project.h"

namespace taxa::testing {
namespace {

class WebSecurity : public ServedProject {
 protected:
  void SetUp() override { Serve(); }
};

std::string ErrorCode(const httplib::Result& r) {
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("error")) return "(no error object: " + r->body + ")";
  return j["error"]["code"].get<std::string>();
}

// Sends `request` as is (no client that might tidy the path) and returns
// the whole response.
std::string RawRequest(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  (void)!::write(fd, request.data(), request.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

TEST_F(WebSecurity, NoTokenOrAWrongOneIs401) {
  httplib::Result none = Client().Get("/api/v1/me");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(ErrorCode(none), "unauthenticated");
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"taxa\"");
  std::string wrong = tokens_["ben"];
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  httplib::Result bad = Client().Get("/api/v1/me", {{"Authorization", "Bearer " + wrong}});
  EXPECT_EQ(bad->status, 401);
  EXPECT_EQ(Client().Get("/api/v1/me", {{"Authorization", "Basic " + tokens_["ben"]}})->status, 401);
  EXPECT_EQ(Client().Get("/api/v1/items", {{"Cookie", "taxa_session=forged"}})->status, 401);
  EXPECT_EQ(Client().Post("/api/v1/labels", R"({"item":"t1","categories":["billing"]})",
                          "application/json")->status, 401);
  httplib::Result ok = Get("/api/v1/me", "ben");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(nlohmann::json::parse(ok->body)["user"], "ben");
}

TEST_F(WebSecurity, AnAnnotatorLabelingAsSomeoneElseIs403) {
  httplib::Result r = Post("/api/v1/labels", R"({"item":"t1","categories":["billing"],"annotator":"cy"})", "ben");
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(ErrorCode(r), "permission_denied");
  EXPECT_NE(r->body.find("labeling as cy needs a lead"), std::string::npos) << r->body;
  EXPECT_EQ(Post("/api/v1/labels", R"({"item":"t1","categories":["billing"]})", "ben")->status, 201);
  EXPECT_EQ(Post("/api/v1/labels", R"({"item":"t2","categories":["billing"],"annotator":"cy"})", "ana")->status,
            201);
}

TEST_F(WebSecurity, AnAuditorWritingIs403) {
  httplib::Result r = Post("/api/v1/labels", R"({"item":"t1","categories":["billing"]})", "al");
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(r->body.find("al is an auditor"), std::string::npos) << r->body;
  EXPECT_EQ(Post("/api/v1/gold", R"({"item":"t1","categories":["billing"]})", "al")->status, 403);
  EXPECT_EQ(Get("/api/v1/items", "al")->status, 200);
}

TEST_F(WebSecurity, AnAnnotatorEditingTheTaxonomyIs403) {
  const std::string category = R"({"id":"returns","name":"Returns","definition":"Goods sent back."})";
  httplib::Result r = Post("/api/v1/taxonomy/categories", category, "ben");
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(r->body.find("category.add needs a lead"), std::string::npos) << r->body;
  EXPECT_EQ(Post("/api/v1/sync", "{}", "ben")->status, 403);
  httplib::Result lead = Post("/api/v1/taxonomy/categories", category, "ana");
  EXPECT_EQ(lead->status, 201) << lead->body;
  EXPECT_NE(lead->body.find("\"returns\""), std::string::npos);
}

TEST_F(WebSecurity, ACookieChangeWithoutTheCsrfHeaderIs403) {
  httplib::Result login = Client().Get(("/?token=" + tokens_["ben"]).c_str());
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 303);
  EXPECT_EQ(login->get_header_value("Location"), "/label");
  std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  httplib::Result me = Client().Get("/api/v1/me", {{"Cookie", cookie}});
  ASSERT_EQ(me->status, 200) << me->body;
  std::string csrf = nlohmann::json::parse(me->body)["csrf"];
  ASSERT_EQ(csrf.size(), 64u);
  const std::string body = R"({"item":"t1","categories":["billing"]})";
  httplib::Result plain = Client().Post("/api/v1/labels", {{"Cookie", cookie}}, body, "application/json");
  EXPECT_EQ(plain->status, 403) << plain->body;
  EXPECT_EQ(ErrorCode(plain), "csrf");
  httplib::Result forged =
      Client().Post("/api/v1/labels", {{"Cookie", cookie}, {"X-Taxa-CSRF", std::string(64, '0')}}, body,
                    "application/json");
  EXPECT_EQ(forged->status, 403);
  httplib::Result with = Client().Post("/api/v1/labels", {{"Cookie", cookie}, {"X-Taxa-CSRF", csrf}}, body,
                                       "application/json");
  EXPECT_EQ(with->status, 201) << with->body;
  EXPECT_EQ(Client().Get("/?token=taxa_nonsense")->status, 401);
}

TEST_F(WebSecurity, EveryResponseCarriesTheSecurityHeaders) {
  for (const char* path : {"/api/v1/me", "/label", "/static/app.css", "/static/vendor/chart.min.js",
                           "/no/such/page", "/api/v1/openapi.json"}) {
    httplib::Result r = Get(path, "ben");
    ASSERT_TRUE(r) << path;
    std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << path;
  }
  EXPECT_EQ(Get("/no/such/page", "ben")->status, 404);
  // The pages hold no inline script for a policy to allow.
  for (const char* page : {"/label", "/items", "/quality", "/log"}) {
    std::string html = Get(page, "ben")->body;
    EXPECT_EQ(html.find("<script>"), std::string::npos) << page;
    EXPECT_FALSE(std::regex_search(html, std::regex(R"(\son[a-z]+\s*=)"))) << page << " has an inline handler";
    EXPECT_EQ(html.find("style="), std::string::npos) << page;
  }
}

TEST_F(WebSecurity, PathsThatClimbStayInsideTheEmbeddedAssets) {
  for (const std::string path :
       {"/../../../../etc/passwd", "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/%252e%252e%252fetc%252fpasswd",
        "/static/..%2f..%2fdemo/taxonomy.json", "/static/../../demo/taxonomy.json",
        "/static/%2e%2e%2flabel.html", "/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
        "/static/vendor/../../../demo/items.jsonl"}) {
    std::string response = RawRequest(port_, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ASSERT_FALSE(response.empty()) << path;
    EXPECT_EQ(response.rfind("HTTP/1.1 404", 0), 0u) << path << "\n" << response.substr(0, 200);
    EXPECT_EQ(response.find("root:"), std::string::npos) << path;
    EXPECT_EQ(response.find("Acme"), std::string::npos) << path;  // the demo taxonomy
  }
  EXPECT_EQ(RawRequest(port_, "GET /static/app.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .rfind("HTTP/1.1 200", 0),
            0u);
}

TEST_F(WebSecurity, ABodyOverTheLimitIs413) {
  std::string big = R"({"item":"t1","categories":["billing"],"note":")" + std::string(2 << 20, 'x') + "\"}";
  httplib::Result r = Post("/api/v1/labels", big, "ben");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(ErrorCode(r), "too_large");
  EXPECT_EQ(Get("/api/v1/me", "ben")->status, 200);
}

TEST_F(WebSecurity, AThousandMalformedBodiesAre400EachAndTheServerGoesOn) {
  std::mt19937 random(7);
  const std::vector<std::string> shapes = {
      "", "{", "}", "[]", "null", "42", "\"t1\"", R"({"item":)", R"({"item":"t1","categories":["billing"])",
      R"({"item":1,"categories":["billing"]})", R"({"item":"t1","categories":"billing"})",
      R"({"item":"t1","categories":[1]})", R"({"item":"t1","categories":["billing"],"duration_ms":-5})",
      R"({"item":"t1","categories":["billing"],"attributes":[]})", R"({"categories":["billing"]})",
      "{\"item\":\"t1\xff\"", R"({"item":"t1","categories":["billing"],"note":7})"};
  httplib::Client client = Client();
  client.set_keep_alive(true);
  int bad = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string body = shapes[static_cast<size_t>(i) % shapes.size()];
    if (i >= static_cast<int>(shapes.size())) {  // then random bytes of random length
      body.resize(random() % 64);
      for (char& c : body) c = static_cast<char>(random() % 256);
      body.insert(0, "{");
    }
    httplib::Result r = client.Post("/api/v1/labels", As("ben"), body, "application/json");
    ASSERT_TRUE(r) << "request " << i << " got no answer";
    if (r->status != 400) ADD_FAILURE() << "body " << i << " answered " << r->status << ": " << r->body;
    bad += r->status == 400;
  }
  EXPECT_EQ(bad, 1000);
  EXPECT_EQ(Get("/api/v1/me", "ben")->status, 200);
  EXPECT_EQ(Post("/api/v1/labels", R"({"item":"t1","categories":["billing"]})", "ben")->status, 201);
}

}  // namespace
}  // namespace taxa::testing
