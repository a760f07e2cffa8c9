// A project served by a WebServer on 127.0.0.1 (a free port) for the web
// tests, with its people: ana (lead, who serves it), ben and cy
// (annotators), al (auditor). Categories billing, billing.refund, shipping;
// items t1..tN. Requests go through a real HTTP client.
//
//   class MyTest : public ServedProject {};
//   TEST_F(MyTest, X) { auto r = Post("/api/v1/labels", R"({"item":"t1",...})", "ben"); }
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "session/project.h"
#include "support/test_support.h"
#include "web/server.h"

namespace taxa::testing {

class ServedProject : public ::testing::Test {
 protected:
  // Makes the project and starts serving it (`items` items, `extra` more
  // annotators "a00".."aNN" with tokens, `options` for the server).
  void Serve(int items = 20, int extra = 0, web::ServeOptions options = {});
  void TearDown() override { (void)Stop(); }
  // Stops the server (committing pending labels); ok when already stopped.
  Status Stop();

  httplib::Client Client() const;
  httplib::Headers As(const std::string& user) const;  // Authorization: Bearer <their token>
  httplib::Result Get(const std::string& path, const std::string& user);
  httplib::Result Post(const std::string& path, const std::string& body, const std::string& user);
  // Writes items.jsonl (id, text) to import; `text_of(i)` gives item i's text.
  std::string ItemsFile(int n) const;
  // `taxa export` run beside the server: one JSON object per item.
  std::vector<nlohmann::json> Export();

  TempDir tmp_;
  std::string dir_;
  std::map<std::string, std::string> tokens_;  // by user; "ana" is the printed URL's
  std::string url_;                            // as taxa serve prints it
  int port_ = 0;
  std::unique_ptr<web::WebServer> server_;
  std::thread thread_;
  Status stopped_;
  std::vector<std::string> category_names_ = {"Billing", "Refund", "Shipping"};
  std::vector<std::string> item_texts_;  // empty: "Ticket number i"
  std::vector<std::pair<std::string, std::string>> extra_items_;  // (id, text) after t1..tN
  std::vector<std::string> extra_lines_;  // whole JSON lines after those (media items)
  // Runs on the project (as ana, the lead) once its items are in, before
  // the people are added and it is served: attributes, rounds, ...
  std::function<void(app::Project&)> prepare_items_;
  // Called with ana's project once its people are in, before it is served
  // (remotes, a peer's changes, ...); null: nothing.
  std::function<void(app::Project&)> prepare_;
  // Called after prepare_ with the project's folder while nothing has it
  // open (changes through projects of its own or the CLI: a proposal's
  // edits); the project is opened again as ana to be served. Null: nothing.
  std::function<void(const std::string& dir)> prepare_apart_;
};

}  // namespace taxa::testing
