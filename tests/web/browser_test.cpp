// The pages in a real browser: Debian's headless chromium driven by selenium
// (tests/web/browser_check.py). Skipped, saying why, where chromium,
// chromedriver or python3-selenium are not installed.
#include <filesystem>
#include <map>

#include "web/browser_run.h"
#include "session/calibration.h"
#include "session/labeling.h"
#include "session/taxonomy_edits.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

class WebBrowser : public ServedProject {};

// Text that would run or break out of an attribute if a page parsed it as HTML.
const char* const kScript = "<script>alert('item')</script>";
const char* const kImage = "<img src=x onerror=alert('img')>";
const char* const kAttribute = "\"><svg onload=alert('attr')>";
const char* const kCategory = "Billing <b onmouseover=alert('cat')>bold</b>";
const char* const kRefund = "Refund\"><img src=x onerror=alert('refund')>";

TEST_F(WebBrowser, KeyboardLabelingXssAsTextChartsAndLiveUpdates) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  item_texts_ = {kScript, kImage, kAttribute, "Where is my parcel?", "Charged twice", "Refund please",
                 "Box arrived broken", "Wrong size"};
  category_names_ = {kCategory, kRefund, "Shipping"};
  // An image item (the README's screenshot, hashed by coreutils), in the media folder.
  const std::string staged = tmp_ / "staged";
  std::filesystem::create_directories(staged);
  std::filesystem::copy_file(TAXA_SOURCE_DIR "/docs/web-label.png", staged + "/screen.png");
  CommandResult sha = RunCommand("sha256sum " + staged + "/screen.png");
  ASSERT_EQ(sha.exit_code, 0);
  extra_lines_ = {nlohmann::json{{"id", "x1"}, {"path", "screen.png"}, {"sha256", sha.out.substr(0, 64)},
                                 {"meta", {{"kind", "photo"}}}}
                      .dump()};
  // billing carries tone (enum), billing.refund adds amount (number); a
  // calibration round of two items for ana and cy.
  prepare_items_ = [&](app::Project& p) {
    std::filesystem::rename(staged, dir_ + "/media");
    app::TaxonomyEdits edits(p);
    ASSERT_TRUE(edits.AddAttribute({.id = "tone", .name = "Tone", .type = core::AttributeType::kEnum,
                                    .values = {"calm", "angry"}})
                    .ok());
    ASSERT_TRUE(edits.AddAttribute({.id = "amount", .name = "Amount", .type = core::AttributeType::kNumber})
                    .ok());
    ASSERT_TRUE(edits.Edit("billing", {.add_attributes = {"tone"}}).ok());
    ASSERT_TRUE(edits.Edit("billing.refund", {.add_attributes = {"amount"}}).ok());
    Result<app::CalibrationRound> round =
        app::Calibration(p).Start({.name = "r1", .items = 2, .annotators = {"ana", "cy"}});
    ASSERT_TRUE(round.ok()) << round.status().message();
    for (const std::string& item : round->items) ASSERT_EQ(item[0], 't') << "a text item: " << item;
  };
  Serve(8);
  // Two annotators before the browser's user, so agreement is defined.
  for (int i = 1; i <= 8; ++i) {
    std::string item = "t" + std::to_string(i);
    ASSERT_EQ(Post("/api/v1/labels", R"({"item":")" + item + R"(","categories":["billing"]})", "ben")->status, 201);
    std::string cy = i % 3 == 0 ? "shipping" : "billing";
    ASSERT_EQ(Post("/api/v1/labels", R"({"item":")" + item + R"(","categories":[")" + cy + R"("]})", "cy")->status,
              201);
  }
  const std::string shots = std::string(TAXA_BINARY_DIR) + "/web-screens";
  std::filesystem::create_directories(shots);
  nlohmann::json found = RunBrowserCheck("browser_check.py", {url_, shots, tokens_["cy"]});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);

  // Payloads read back as the very text they are.
  EXPECT_EQ(found["first_item"], "t1");
  EXPECT_EQ(found["first_text"], kScript);
  bool category_as_text = false, refund_as_text = false;
  for (const nlohmann::json& li : found["tree"]) {
    category_as_text = category_as_text || li.get<std::string>().find(kCategory) != std::string::npos;
    refund_as_text = refund_as_text || li.get<std::string>().find(kRefund) != std::string::npos;
  }
  EXPECT_TRUE(category_as_text) << found["tree"].dump();
  EXPECT_TRUE(refund_as_text) << found["tree"].dump();
  EXPECT_NE(found["details"].get<std::string>().find(kCategory), std::string::npos) << found["details"];
  ASSERT_GE(found["items_cells"].size(), 3u);
  EXPECT_EQ(found["items_cells"][0], kScript);
  EXPECT_EQ(found["items_cells"][1], kImage);
  EXPECT_EQ(found["items_cells"][2], kAttribute);

  // Keyboard: "/" focuses the filter, which narrows the tree.
  EXPECT_EQ(found["filter_focused"], "filter");
  ASSERT_EQ(found["filtered"].size(), 1u) << found["filtered"].dump();
  EXPECT_NE(found["filtered"][0].get<std::string>().find("Shipping"), std::string::npos);

  // The quality chart is drawn and follows a second user's label by itself.
  EXPECT_GT(found["canvas_pixels"].get<int>(), 2000) << "the chart canvas is blank";
  EXPECT_EQ(found["second_label_status"], 201);
  EXPECT_TRUE(found["live_update"].get<bool>()) << found["alpha_before"] << " / " << found["alpha_after"];
  EXPECT_GE(found["log_rows"].get<int>(), 5);
  for (const char* page : {"label", "label-filtered", "label-round", "label-round-after", "label-attributes", "label-media",
                           "items", "items-filtered", "log", "quality", "quality-after"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;

  // The round's item: its banner, and ben's and cy's labels hidden from ana
  // (a lead) until she has labeled it; shown once she has.
  ASSERT_TRUE(found["round_item"].is_string()) << "no item showed the round";
  EXPECT_TRUE(found["round_banner_shown"].get<bool>());
  EXPECT_NE(found["round_banner"].get<std::string>().find("Calibration round r1: 0 of 2 labeled"),
            std::string::npos)
      << found["round_banner"];
  EXPECT_EQ(found["round_others_shown"], 0);
  EXPECT_NE(found["round_labels"].get<std::string>().find("2 hidden: calibration round r1"), std::string::npos)
      << found["round_labels"];
  EXPECT_EQ(found["round_others_after"], 2) << found["round_labels_after"];
  EXPECT_NE(found["round_banner_after"].get<std::string>().find("1 of 2 labeled"), std::string::npos)
      << found["round_banner_after"];

  // Attributes: "a" goes to the first field; the session's words beside a bad value.
  EXPECT_EQ(found["attribute_focus"], nlohmann::json::array({"tone", "tone", "tone", "tone", "tone"}));
  EXPECT_EQ(found["attribute_fields"], nlohmann::json::array({"tone", "amount"}));
  EXPECT_EQ(found["amount_message"], "attribute \"amount\": value \"12,5\" is not a number");
  EXPECT_NE(found["progress"].get<std::string>().find("5 labeled today"), std::string::npos) << found["progress"];

  // Media: the image inline on the Items and Label pages; the metadata filter finds it.
  EXPECT_TRUE(found["items_image"].get<bool>());
  EXPECT_TRUE(found["label_image"].get<bool>());
  EXPECT_EQ(found["meta_rows"], nlohmann::json::array({"x1"}));

  // The five items labeled from the keyboard are in `taxa export`, as ana's,
  // and their attribute is in the project.
  ASSERT_EQ(found["labeled"].size(), 5u);
  ASSERT_TRUE(Stop().ok());
  std::map<std::string, nlohmann::json> exported;
  for (const nlohmann::json& line : Export()) exported[line["id"]] = line["labels"];
  auto ana = app::Project::Open(dir_, {.user = "ana", .mode = app::OpenMode::kReadOnly});
  ASSERT_TRUE(ana.ok()) << ana.status().message();
  for (const nlohmann::json& item : found["labeled"]) {
    const nlohmann::json& labels = exported[item.get<std::string>()];
    ASSERT_TRUE(labels.contains("ana")) << item << ": " << labels.dump();
    EXPECT_EQ(labels["ana"], nlohmann::json::array({"billing"})) << item;
    Result<app::ItemLabels> mine = app::Labeling(**ana).LabelsOf(item.get<std::string>());
    ASSERT_TRUE(mine.ok() && mine->mine) << item;
    EXPECT_EQ(mine->mine->attributes, (std::map<std::string, std::string>{{"tone", "angry"}})) << item;
  }
}

}  // namespace
}  // namespace taxa::testing
