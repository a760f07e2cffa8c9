#include "web/pages.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "web/http.h"

#include "taxa/assets/assets.h"

namespace taxa::web {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".txt", "text/plain; charset=utf-8"},
    {".ico", "image/x-icon"},
}};

std::string_view TypeOf(std::string_view name) {
  for (const auto& [ext, type] : kTypes)
    if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  return "application/octet-stream";
}

// Answers with the embedded file `name` (under assets/), or 404.
void Serve(httplib::Response& res, const std::string& name, bool long_lived = false) {
  std::optional<std::string_view> bytes = assets::Find(name);
  if (!bytes) return ReplyError(res, 404, "not_found", "no such page");
  res.set_header("Cache-Control", long_lived ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_content(bytes->data(), bytes->size(), std::string(TypeOf(name)).c_str());
}

// A page as the browser gets it: web/layout.html (the head and the bar with
// the nav, the same on every page) with its title and data-page filled in,
// then the page's own web/<page>.html (its main and scripts). Empty when
// either is missing from the binary.
std::string ComposePage(std::string_view page, std::string_view title) {
  std::optional<std::string_view> layout = assets::Find("web/layout.html");
  std::optional<std::string_view> body = assets::Find("web/" + std::string(page) + ".html");
  if (!layout || !body) return std::string();
  std::string out(*layout);
  auto fill = [&out](std::string_view slot, std::string_view value) {
    for (size_t at; (at = out.find(slot)) != std::string::npos;) out.replace(at, slot.size(), value);
  };
  fill("{{title}}", title);
  fill("{{page}}", page);
  return out + std::string(*body);
}

}  // namespace

void AddPages(httplib::Server& server, Auth& auth) {
  server.Get("/", [&auth](const httplib::Request& req, httplib::Response& res) {
    if (req.has_param("token")) {
      Result<std::string> cookie = auth.Login(req.get_param_value("token"));
      if (!cookie.ok()) {
        res.status = 401;
        res.set_content("taxa: " + cookie.status().message() +
                            ". Open the URL taxa serve printed, or ask a lead for a token.\n",
                        "text/plain; charset=utf-8");
        return;
      }
      res.set_header("Set-Cookie", *cookie);
    }
    // Off the URL with the token: it stays out of history and bookmarks.
    res.status = 303;
    res.set_header("Location", "/label");
  });
  constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kPages = {{
      {"label", "Label"},
      {"items", "Items"},
      {"quality", "Quality"},
      {"log", "Log"},
      {"taxonomy", "Taxonomy"},
      {"sync", "Sync"},
      {"review", "Review"},
      {"errors", "Error analysis"},
      {"actions", "Actions"},
      {"vendors", "Vendors"},
  }};
  for (const auto& [page, title] : kPages) {
    server.Get("/" + std::string(page),
               [html = ComposePage(page, title)](const httplib::Request&, httplib::Response& res) {
                 if (html.empty()) return ReplyError(res, 404, "not_found", "no such page");
                 res.set_header("Cache-Control", "no-cache");
                 res.set_content(html, "text/html; charset=utf-8");
               });
  }
  server.Get("/static/vendor/(.+)", [](const httplib::Request& req, httplib::Response& res) {
    Serve(res, "web/static/vendor/" + std::string(req.matches[1]), /*long_lived=*/true);
  });
  server.Get("/static/(.+)", [](const httplib::Request& req, httplib::Response& res) {
    Serve(res, "web/static/" + std::string(req.matches[1]));
  });
  server.Get("/licenses", [](const httplib::Request&, httplib::Response& res) {
    std::optional<std::string_view> chart = assets::Find("web/licenses/chart.js.txt");
    std::string text =
        "Taxa's web pages use Chart.js 3.9.1 (Debian's libjs-chart.js), embedded at build "
        "time:\n\n" +
        std::string(chart.value_or("(its licence was not built in)"));
    res.set_header("Cache-Control", "no-cache");
    res.set_content(text, "text/plain; charset=utf-8");
  });
}

}  // namespace taxa::web
