// A served project with labels to measure, for the Quality page's tests:
// ben and cy label t1..t12 (cy differs on every third item; t13 stays
// unlabeled), ana (lead) sets gold on t1..t4; AddRound adds a calibration
// round "r1" of ben and cy over four items, and releases the
// taxonomy as 1.0.0.
//
//   class MyTest : public QualityServed {};
//   TEST_F(MyTest, X) { ServeWithLabels(); auto r = Get("/api/v1/calibration", "ana"); }
#pragma once

#include <string>
#include <vector>

#include "session/calibration.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/releases.h"
#include "web/served_project.h"

namespace taxa::testing {

class QualityServed : public ServedProject {
 protected:
  static constexpr int kItems = 12;

  // ben's and cy's categories of item i (1-based).
  static std::string BenSays(int i) { return i % 2 ? "billing" : "shipping"; }
  static std::string CySays(int i) { return i % 3 == 0 ? "billing.refund" : BenSays(i); }
  // ana's gold on t1..t4: ben is right on all four, cy on t1, t2 and t4.
  static std::string GoldOf(int i) { return BenSays(i); }

  void ServeWithLabels() {
    Serve(kItems + 1);
    for (int i = 1; i <= kItems; ++i) {
      const std::string item = "t" + std::to_string(i);
      ASSERT_EQ(Label(item, BenSays(i), "ben"), 201);
      ASSERT_EQ(Label(item, CySays(i), "cy"), 201);
    }
    for (int i = 1; i <= 4; ++i)
      ASSERT_EQ(Post("/api/v1/gold",
                     R"({"item":"t)" + std::to_string(i) + R"(","categories":[")" + GoldOf(i) + R"("]})",
                     "ana")
                    ->status,
                201);
  }

  int Label(const std::string& item, const std::string& category, const std::string& who) {
    httplib::Result r = Post("/api/v1/labels",
                             R"({"item":")" + item + R"(","categories":[")" + category + R"("]})", who);
    return r ? r->status : -1;
  }

  // Stops the server, starts round r1 (four items the session draws, seed 7),
  // releases 1.0.0 and serves the project again.
  void AddRound() {
    ASSERT_TRUE(Stop().ok());
    {
      auto p = app::Project::Open(dir_, {.user = "ana"});
      ASSERT_TRUE(p.ok()) << p.status().message();
      Result<app::CalibrationRound> round = app::Calibration(**p).Start(
          {.name = "r1", .items = 4, .annotators = {"ben", "cy"}, .seed = 7});
      ASSERT_TRUE(round.ok()) << round.status().message();
      ASSERT_TRUE(app::Releases(**p).Release({.version = "1.0.0", .changelog = "First."}).ok());
    }
    auto p = app::Project::Open(dir_, {.user = "ana"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    Result<std::unique_ptr<web::WebServer>> server =
        web::WebServer::Bind(std::move(*p), {.host = "127.0.0.1", .port = 0}, nullptr);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
    port_ = server_->port();
    url_ = server_->url();
    thread_ = std::thread([this] { stopped_ = server_->Run(); });
  }
};

}  // namespace taxa::testing
