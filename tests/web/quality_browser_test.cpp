// The Quality page in a real browser (tests/web/quality_check.py, Debian's
// headless chromium through selenium): every chart drawn, the heatmap
// following the chosen pair, annotators against consensus and gold, rounds
// compared, and another user's label reaching the page without a reload.
// Skipped, saying why, where chromium, chromedriver or python3-selenium are
// not installed.
#include <algorithm>
#include <filesystem>
#include <map>

#include "web/browser_run.h"
#include "web/quality_fixture.h"

namespace taxa::testing {
namespace {

class WebQualityPage : public QualityServed {};

TEST_F(WebQualityPage, ChartsHeatmapTablesAndLiveUpdatesAreDrawn) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  // Long category names must not be cut by the heatmap's layout.
  category_names_ = {"Billing and payments", "Refund requested by the customer", "Shipping"};
  ServeWithLabels();
  for (int i = 1; i <= 6; ++i) ASSERT_EQ(Label("t" + std::to_string(i), BenSays(i), "ana"), 201);
  AddRound();
  const std::string shots = std::string(TAXA_BINARY_DIR) + "/web-screens";
  std::filesystem::create_directories(shots);
  nlohmann::json found = RunBrowserCheck("quality_check.py", {url_, shots, tokens_["cy"]});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);

  // Every chart has something on it.
  for (const char* canvas : {"per-category", "heatmap", "over-time", "round-chart", "heatmap-ana"})
    EXPECT_GT(found["pixels"].value(canvas, 0), 2000) << canvas << " is blank";
  EXPECT_GT(found["heatmap_size"][0].get<int>(), 150);
  // The heatmap starts with the first two annotators by name (ana, ben):
  // ana labeled t1..t6 as ben did; against cy she agrees on four of six.
  EXPECT_NE(found["conf_summary"].get<std::string>().find("6 items both labeled; they agree on 100.0%"),
            std::string::npos)
      << found["conf_summary"];
  EXPECT_NE(found["conf_summary_ana"].get<std::string>().find("agree on 66.7%"), std::string::npos)
      << found["conf_summary_ana"];

  // Annotators: labeled, against the majority, Dawid & Skene, and gold (ben
  // right on t1..t4, cy wrong on t3, ana as ben).
  ASSERT_EQ(found["standings"].size(), 3u) << found["standings"].dump();
  std::map<std::string, nlohmann::json> people;
  for (const nlohmann::json& row : found["standings"]) people[row[0]] = row;
  EXPECT_EQ(people["ana"][1], "6");
  EXPECT_EQ(people["ben"][1], "12");
  EXPECT_EQ(people["ben"][6], "100.0%");
  EXPECT_EQ(people["cy"][6], "75.0%");
  EXPECT_EQ(people["ben"][5], "4");
  EXPECT_NE(people["cy"][4], "—");  // Dawid & Skene's accuracy is shown

  // Rounds compared: r1 as a column, overall first.
  EXPECT_NE(std::find(found["round_head"].begin(), found["round_head"].end(), "r1"),
            found["round_head"].end())
      << found["round_head"].dump();
  ASSERT_FALSE(found["rounds"].empty());
  EXPECT_EQ(found["rounds"][0][0], "overall");
  EXPECT_NE(found["over_time_note"].get<std::string>().find("weeks"), std::string::npos);
  EXPECT_NE(found["over_time_release_note"].get<std::string>().find("periods"), std::string::npos);

  // cy's label on t13, posted past the browser, reaches the table by itself.
  EXPECT_EQ(found["second_label_status"], 201);
  EXPECT_TRUE(found.value("live_update", false)) << found["standings_after"].dump();
  for (const char* page : {"quality-full", "quality-after-label"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;
}

}  // namespace
}  // namespace taxa::testing
