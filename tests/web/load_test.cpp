// Load: 50 clients on loopback submit 20,000 labels at once; every label
// answered 2xx is in `taxa export` afterwards.
#include <atomic>
#include <chrono>
#include <map>

#include "web/served_project.h"

namespace taxa::testing {
namespace {

class WebLoad : public ServedProject {};

TEST_F(WebLoad, FiftyClientsTwentyThousandLabelsEveryAcknowledgedOneIsExported) {
  constexpr int kClients = 50;
  constexpr int kItems = 400;  // each client labels every item once: 20,000 labels
  Serve(kItems, kClients);
  const std::vector<std::string> categories = {"billing", "billing.refund", "shipping"};
  struct Acked {
    std::string item, annotator, category;
  };
  std::vector<std::vector<Acked>> acked(kClients);
  std::atomic<int> refused{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int k = 0; k < kClients; ++k) {
    clients.emplace_back([&, k] {
      std::string name = (k < 10 ? "a0" : "a") + std::to_string(k);
      httplib::Client client = Client();
      client.set_keep_alive(true);
      httplib::Headers auth = As(name);
      for (int i = 0; i < kItems; ++i) {
        // Each client walks the items from its own starting point.
        std::string item = "t" + std::to_string((i + k * 8) % kItems + 1);
        const std::string& category = categories[static_cast<size_t>(i * 7 + k) % categories.size()];
        nlohmann::json body = {{"item", item}, {"categories", {category}}};
        httplib::Result r = client.Post("/api/v1/labels", auth, body.dump(), "application/json");
        if (r && r->status / 100 == 2)
          acked[static_cast<size_t>(k)].push_back({item, name, category});
        else if (++refused <= 5)
          std::fprintf(stderr, "request %d of client %d refused: %s\n", i, k,
                       r ? (std::to_string(r->status) + " " + r->body).c_str()
                         : httplib::to_string(r.error()).c_str());
      }
    });
  }
  for (std::thread& t : clients) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t total = 0;
  for (const auto& a : acked) total += a.size();
  std::printf("[ load ] %zu labels acknowledged in %.2f s (%.0f labels/s), %d refused\n", total, seconds,
              static_cast<double>(total) / seconds, refused.load());
  RecordProperty("labels_per_second", static_cast<int>(static_cast<double>(total) / seconds));
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(total, static_cast<size_t>(kClients * kItems));
  ASSERT_TRUE(Stop().ok());

  std::map<std::string, nlohmann::json> exported;
  for (const nlohmann::json& line : Export()) exported[line["id"]] = line["labels"];
  ASSERT_EQ(exported.size(), static_cast<size_t>(kItems));
  size_t missing = 0;
  for (const auto& list : acked)
    for (const Acked& a : list) {
      const nlohmann::json& labels = exported[a.item];
      if (!labels.contains(a.annotator) || labels[a.annotator] != nlohmann::json::array({a.category})) {
        if (++missing <= 5) ADD_FAILURE() << a.annotator << " on " << a.item << ": " << labels.dump();
      }
    }
  EXPECT_EQ(missing, 0u);
}

}  // namespace
}  // namespace taxa::testing
