#include "web/served_project.h"

#include "session/items.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"

namespace taxa::testing {

std::string ServedProject::ItemsFile(int n) const {
  std::string lines;
  for (int i = 1; i <= n; ++i) {
    std::string text = static_cast<size_t>(i) <= item_texts_.size()
                           ? item_texts_[static_cast<size_t>(i) - 1]
                           : "Ticket number " + std::to_string(i);
    lines += nlohmann::json{{"id", "t" + std::to_string(i)}, {"text", text}}.dump() + "\n";
  }
  for (const auto& [id, text] : extra_items_)
    lines += nlohmann::json{{"id", id}, {"text", text}}.dump() + "\n";
  for (const std::string& line : extra_lines_) lines += line + "\n";
  std::string path = tmp_ / "items.jsonl";
  WriteText(path, lines);
  return path;
}

void ServedProject::Serve(int items, int extra, web::ServeOptions options) {
  dir_ = tmp_ / "p";
  app::SessionOptions as_ana;
  as_ana.user = "ana";
  auto p = app::Project::Create(dir_, "Tickets", as_ana);
  ASSERT_TRUE(p.ok()) << p.status().message();
  app::TaxonomyEdits edits(**p);
  ASSERT_TRUE(edits.Add({.id = "billing", .name = category_names_[0], .definition = "About money."}).ok());
  ASSERT_TRUE(edits
                  .Add({.id = "billing.refund",
                        .name = category_names_[1],
                        .parent = "billing",
                        .definition = "Wants money back.",
                        .include = {"asks for a refund"},
                        .exclude = {"asks what a refund is"},
                        .examples = {"I want my money back"}})
                  .ok());
  ASSERT_TRUE(edits.Add({.id = "shipping", .name = category_names_[2], .definition = "Parcels."}).ok());
  ASSERT_TRUE(app::Items(**p).Import(ItemsFile(items)).ok());
  if (prepare_items_) {
    prepare_items_(**p);
    if (::testing::Test::HasFatalFailure()) return;
  }
  app::Users users(**p);
  for (auto [name, role] : {std::pair{"ana", app::Role::kLead}, {"ben", app::Role::kAnnotator},
                            {"cy", app::Role::kAnnotator}, {"al", app::Role::kAuditor}}) {
    Result<app::NewUser> u = users.Add(name, role);
    ASSERT_TRUE(u.ok()) << u.status().message();
    tokens_[name] = u->token;
  }
  for (int i = 0; i < extra; ++i) {
    std::string name = (i < 10 ? "a0" : "a") + std::to_string(i);
    Result<app::NewUser> u = users.Add(name, app::Role::kAnnotator);
    ASSERT_TRUE(u.ok()) << u.status().message();
    tokens_[name] = u->token;
  }
  if (prepare_) prepare_(**p);
  if (::testing::Test::HasFatalFailure()) return;
  if (prepare_apart_) {
    ASSERT_TRUE((*p)->Flush().ok());
    p->reset();
    prepare_apart_(dir_);
    if (::testing::Test::HasFatalFailure()) return;
    p = app::Project::Open(dir_, as_ana);
    ASSERT_TRUE(p.ok()) << p.status().message();
  }
  options.host = "127.0.0.1";
  options.port = 0;
  Result<std::unique_ptr<web::WebServer>> server =
      web::WebServer::Bind(std::move(*p), options, nullptr);
  ASSERT_TRUE(server.ok()) << server.status().message();
  server_ = std::move(*server);
  port_ = server_->port();
  url_ = server_->url();
  thread_ = std::thread([this] { stopped_ = server_->Run(); });
}

Status ServedProject::Stop() {
  if (!server_) return Status::Ok();
  server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  return stopped_;
}

httplib::Client ServedProject::Client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(30, 0);
  c.set_tcp_nodelay(true);
  return c;
}

httplib::Headers ServedProject::As(const std::string& user) const {
  auto it = tokens_.find(user);
  return {{"Authorization", "Bearer " + (it == tokens_.end() ? user : it->second)}};
}

httplib::Result ServedProject::Get(const std::string& path, const std::string& user) {
  return Client().Get(path.c_str(), As(user));
}

httplib::Result ServedProject::Post(const std::string& path, const std::string& body,
                                    const std::string& user) {
  return Client().Post(path.c_str(), As(user), body, "application/json");
}

std::vector<nlohmann::json> ServedProject::Export() {
  CommandResult r = RunCommand("TAXA_USER=al " TAXA_BINARY_DIR "/taxa -C " + dir_ + " export");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> out;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    if (end == std::string::npos) end = r.out.size();
    if (end > start) out.push_back(nlohmann::json::parse(r.out.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

}  // namespace taxa::testing
