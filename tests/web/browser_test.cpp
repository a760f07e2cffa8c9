// The pages in a real browser: Debian's headless chromium driven by selenium
// (tests/web/browser_check.py). Skipped, saying why, where chromium,
// chromedriver or python3-selenium are not installed.
#include <filesystem>
#include <map>

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

std::string Missing() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"})
    if (!std::filesystem::exists(path)) return std::string(path) + " is not installed";
  if (RunCommand("/usr/bin/python3 -c 'import selenium'").exit_code != 0)
    return "python3-selenium is not installed";
  return "";
}

TEST_F(WebBrowser, KeyboardLabelingXssAsTextChartsAndLiveUpdates) {
  if (std::string missing = Missing(); !missing.empty()) GTEST_SKIP() << missing;
  item_texts_ = {kScript, kImage, kAttribute, "Where is my parcel?", "Charged twice", "Refund please",
                 "Box arrived broken", "Wrong size"};
  category_names_ = {kCategory, kRefund, "Shipping"};
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
  CommandResult run = RunCommand("/usr/bin/python3 " TAXA_SOURCE_DIR "/tests/web/browser_check.py '" + url_ +
                                 "' '" + shots + "' '" + tokens_["cy"] + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  nlohmann::json found = nlohmann::json::parse(run.out.substr(run.out.rfind("\n{") + 1), nullptr, false);
  if (found.is_discarded()) found = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_TRUE(found.is_object()) << run.out << run.err;
  EXPECT_EQ(found["errors"], nlohmann::json::array()) << found.dump(1);
  EXPECT_EQ(found["alerts"], nlohmann::json::array()) << "a payload ran";

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
  for (const nlohmann::json& line : found["console"])
    EXPECT_EQ(line.get<std::string>().find("Content Security Policy"), std::string::npos) << line;
  EXPECT_GE(found["log_rows"].get<int>(), 5);
  for (const char* page : {"label", "label-filtered", "items", "log", "quality", "quality-after"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;

  // The five items labeled from the keyboard are in `taxa export`, as ana's.
  ASSERT_EQ(found["labeled"].size(), 5u);
  ASSERT_TRUE(Stop().ok());
  std::map<std::string, nlohmann::json> exported;
  for (const nlohmann::json& line : Export()) exported[line["id"]] = line["labels"];
  for (const nlohmann::json& item : found["labeled"]) {
    const nlohmann::json& labels = exported[item.get<std::string>()];
    ASSERT_TRUE(labels.contains("ana")) << item << ": " << labels.dump();
    EXPECT_EQ(labels["ana"], nlohmann::json::array({"billing"})) << item;
  }
}

}  // namespace
}  // namespace taxa::testing
