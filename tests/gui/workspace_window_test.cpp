// The labeling workspace in a real window under Xvfb, driven by real X key
// presses (xdotool), each run ending in a screenshot: attributes, fifteen
// categories by keys only, a searched list, the Log window, a 960 x 600
// window, and 200 key presses sent with no delay, none of them lost. Set
// TAXA_SCREENSHOT_DIR to keep the pictures.
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include "xvfb_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using ::taxa::testing::CommandResult;
using ::taxa::testing::ReadText;
using ::taxa::testing::RunCommand;
using ::taxa::testing::TempDir;
using testing::Child;
using testing::kGui;
using testing::OnPath;
using testing::ScreenshotPath;
using testing::Xvfb;

// The width and height a PNG file declares (its IHDR chunk).
std::pair<uint32_t, uint32_t> PngSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char header[24] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  auto be = [&](int at) {
    return (uint32_t{header[at]} << 24) | (uint32_t{header[at + 1]} << 16) |
           (uint32_t{header[at + 2]} << 8) | uint32_t{header[at + 3]};
  };
  return {be(16), be(20)};
}

// taxa-gui on `dir` as `user` in its own Xvfb, driven by xdotool.
class GuiRun {
 public:
  GuiRun(const std::string& tmp, const std::string& dir, const std::string& shot,
         const std::string& screen = "1280x800x24", std::vector<std::string> extra = {})
      : tmp_(tmp), x_(tmp, screen) {
    if (!x_.ok()) return;
    std::vector<std::string> argv = {kGui,           dir,  "--as", "tester", "--screenshot",
                                     shot,           "--frames", "1000000"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    // LeakSanitizer reports the GL driver's own small leaks: off for this child only.
    gui_ = std::make_unique<Child>(
        argv, std::vector<std::string>{"DISPLAY=" + x_.display(), "ASAN_OPTIONS=detect_leaks=0"},
        tmp + "/gui.log");
  }
  bool ok() const { return gui_ != nullptr; }
  std::string log() const { return ReadText(tmp_ + "/gui.log"); }

  // Waits for the window titled with `project` (its workspace is drawn then)
  // and gives it the keyboard.
  ::testing::AssertionResult Focus(const std::string& project) {
    CommandResult r = Xdo("search --sync --name '" + project + "' windowfocus --sync");
    if (r.exit_code != 0) return ::testing::AssertionFailure() << r.err << log();
    return ::testing::AssertionSuccess();
  }
  // One xdotool run. Each xdotool is its own X client, and the server may
  // interleave two clients' input: a pause lets this one's land first.
  CommandResult Xdo(const std::string& args) {
    CommandResult r = RunCommand("DISPLAY=" + x_.display() + " timeout 120 xdotool " + args);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return r;
  }
  // Ctrl+Q, and the exit code (nullopt when it did not quit within a minute).
  std::optional<int> Quit() {
    Xdo("key --delay 80 ctrl+q");
    return Exit();
  }
  // The exit code once it quits by itself (nullopt after a minute).
  std::optional<int> Exit() { return gui_->Wait(std::chrono::seconds(60)); }

 private:
  std::string tmp_;
  Xvfb x_;
  std::unique_ptr<Child> gui_;
};

std::unique_ptr<app::Project> OpenAs(const std::string& dir, const std::string& user) {
  Result<std::unique_ptr<app::Project>> p = app::Project::Open(dir, {.user = user});
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? std::move(*p) : nullptr;
}

// A project named `name` with the root categories `names` and `items` items.
void MakeProject(const std::string& dir, const std::string& name,
                 const std::vector<std::string>& names, int items) {
  Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir, name, {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  for (const std::string& n : names) {
    std::string id = n;
    for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(
        app::TaxonomyEdits(**p).Add({.id = id, .name = n, .definition = n + " matters."}).ok());
  }
  std::string lines;
  for (int i = 1; i <= items; ++i)
    lines += "{\"id\":\"t" + std::to_string(1000 + i) + "\",\"text\":\"ticket number " +
             std::to_string(i) + "\"}\n";
  ASSERT_TRUE(
      app::Items(**p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
}

// The key xdotool sends for the `index`-th category in view (1-9, then 0).
std::string KeyName(size_t index) { return std::to_string((index + 1) % 10); }

TEST(GuiWindowKeys, TwoHundredKeyPressesSentWithNoDelayAreAllSeen) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeProject(dir, "Fast keys", {"Alpha", "Beta"}, 150));
  const std::string shot = ScreenshotPath(tmp.path(), "fast_keys.png");
  GuiRun gui(tmp.path(), dir, shot);
  ASSERT_TRUE(gui.ok()) << "could not start Xvfb on any display from :99";
  ASSERT_TRUE(gui.Focus("Fast keys"));

  // 1 ticks Alpha, Return submits and moves on: 100 labels from 200 presses,
  // sent as fast as xdotool can (ImGui 1.86 alone loses most of them), and
  // Ctrl+Q behind them in the same run, so it cannot overtake them.
  std::string keys;
  for (int i = 0; i < 100; ++i) keys += " 1 Return";
  CommandResult sent = gui.Xdo("key --delay 0" + keys + " ctrl+q");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  std::optional<int> code = gui.Exit();
  ASSERT_TRUE(code.has_value()) << "taxa-gui did not quit on Ctrl+Q";
  EXPECT_EQ(*code, 0) << gui.log();

  std::unique_ptr<app::Project> p = OpenAs(dir, "tester");
  ASSERT_TRUE(p);
  Result<app::LabelingProgress> progress = app::Labeling(*p).Progress();
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->labeled_by_me, 100) << "every one of the 200 presses was seen";
  Result<std::vector<core::ItemRow>> rows = app::Items(*p).At(0, 101);
  ASSERT_TRUE(rows.ok() && rows->size() == 101);
  for (int i = 0; i < 100; ++i) {
    Result<app::ItemLabels> labels = app::Labeling(*p).LabelsOf(rows->at(i).item.id);
    ASSERT_TRUE(labels.ok() && labels->mine) << rows->at(i).item.id;
    EXPECT_EQ(labels->mine->categories, std::vector<std::string>{"alpha"});
  }
  EXPECT_FALSE(app::Labeling(*p).LabelsOf(rows->at(100).item.id)->mine);
}

TEST(GuiWindowKeys, LabelingWithAttributesByKeys) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "demo";
  std::string first, second, technical;
  {
    Result<std::unique_ptr<app::Project>> p = app::Project::CreateDemo(dir, {.user = "tester"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    std::vector<std::string> roots = (*p)->taxonomy().Children("");
    auto at = std::find(roots.begin(), roots.end(), "technical");
    ASSERT_NE(at, roots.end());
    technical = KeyName(static_cast<size_t>(at - roots.begin()));
    Result<std::vector<core::ItemRow>> rows = app::Items(**p).At(0, 2);
    ASSERT_TRUE(rows.ok() && rows->size() == 2);
    first = rows->at(0).item.id;
    second = rows->at(1).item.id;
  }
  const std::string shot = ScreenshotPath(tmp.path(), "attributes.png");
  GuiRun gui(tmp.path(), dir, shot);
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Acme Support"));
  // Technical, A to the fields, 3 = severity high, then the product's text and
  // Return in that last field: the label is submitted.
  ASSERT_EQ(gui.Xdo("key --delay 0 " + technical + " a 3").exit_code, 0);
  ASSERT_EQ(gui.Xdo("type --delay 0 'Pulse Watch 2'").exit_code, 0);
  ASSERT_EQ(gui.Xdo("key --delay 0 Return").exit_code, 0);
  // The next item half done, for the picture: Technical, medium, a product.
  ASSERT_EQ(gui.Xdo("key --delay 0 " + technical + " a 2").exit_code, 0);
  ASSERT_EQ(gui.Xdo("type --delay 0 'Aura'").exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  ASSERT_TRUE(std::filesystem::exists(shot));

  std::unique_ptr<app::Project> p = OpenAs(dir, "tester");
  ASSERT_TRUE(p);
  Result<app::ItemLabels> labels = app::Labeling(*p).LabelsOf(first);
  ASSERT_TRUE(labels.ok() && labels->mine) << gui.log();
  EXPECT_EQ(labels->mine->categories, std::vector<std::string>{"technical"});
  EXPECT_EQ(labels->mine->attributes,
            (std::map<std::string, std::string>{{"severity", "high"},
                                                {"product_name", "Pulse Watch 2"}}));
  EXPECT_FALSE(app::Labeling(*p).LabelsOf(second)->mine) << "the second was not submitted";
}

TEST(GuiWindowKeys, FifteenCategoriesByKeysOnly) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "p";
  const std::vector<std::string> names = {
      "Billing",  "Shipping", "Returns",   "Warranty", "Login",  "Privacy", "Pricing", "Stock",
      "Delivery", "Feedback", "Complaint", "Praise",   "Safety", "Legal",   "Weather"};
  ASSERT_NO_FATAL_FAILURE(MakeProject(dir, "Fifteen", names, 5));
  std::vector<std::string> roots;
  {
    std::unique_ptr<app::Project> p = OpenAs(dir, "lead");
    ASSERT_TRUE(p);
    roots = p->taxonomy().Children("");
  }
  ASSERT_EQ(roots.size(), 15u);
  const std::string shot = ScreenshotPath(tmp.path(), "fifteen_categories.png");
  GuiRun gui(tmp.path(), dir, shot);
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Fifteen"));
  // 0 is the tenth category; "/wea" then Return finds Weather, which has no key.
  ASSERT_EQ(gui.Xdo("key --delay 0 0 Return slash w e a Return Return").exit_code, 0);
  // The filter open on the third item, for the picture.
  ASSERT_EQ(gui.Xdo("key --delay 0 slash p r").exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();

  std::unique_ptr<app::Project> p = OpenAs(dir, "tester");
  ASSERT_TRUE(p);
  Result<std::vector<core::ItemRow>> rows = app::Items(*p).At(0, 3);
  ASSERT_TRUE(rows.ok() && rows->size() == 3);
  auto mine = [&](int i) -> std::vector<std::string> {
    Result<app::ItemLabels> l = app::Labeling(*p).LabelsOf(rows->at(i).item.id);
    return l.ok() && l->mine ? l->mine->categories : std::vector<std::string>{};
  };
  EXPECT_EQ(mine(0), std::vector<std::string>{roots.at(9)}) << gui.log();
  EXPECT_EQ(mine(1), std::vector<std::string>{"weather"});
  EXPECT_TRUE(mine(2).empty());
}

TEST(GuiWindowKeys, TheSearchedItemList) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "demo";
  ASSERT_TRUE(app::Project::CreateDemo(dir, {.user = "tester"}).ok());
  const std::string shot = ScreenshotPath(tmp.path(), "search.png");
  GuiRun gui(tmp.path(), dir, shot);
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Acme Support"));
  ASSERT_EQ(gui.Xdo("key --delay 0 ctrl+f").exit_code, 0);
  ASSERT_EQ(gui.Xdo("type --delay 0 'refund'").exit_code, 0);
  ASSERT_EQ(gui.Xdo("key --delay 0 Return Down Tab").exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  ASSERT_TRUE(std::filesystem::exists(shot));

  // Down went to the first match after the first item, Tab skipped it and
  // moved on to the next match.
  std::unique_ptr<app::Project> p = OpenAs(dir, "tester");
  ASSERT_TRUE(p);
  Result<app::ItemPage> matches = app::Items(*p).Find(app::ItemQuery{.text = "refund"});
  ASSERT_TRUE(matches.ok() && !matches->rows.empty());
  const app::ItemSummary& target =
      matches->rows.front().row.ord > 0 ? matches->rows.front() : matches->rows.at(1);
  Result<std::vector<std::string>> skipped = app::Labeling(*p).Skipped();
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(*skipped, std::vector<std::string>{target.row.item.id}) << gui.log();
}

TEST(GuiWindowShots, TheLogWindow) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "demo";
  {
    Result<std::unique_ptr<app::Project>> p = app::Project::CreateDemo(dir, {.user = "tester"});
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(app::TaxonomyEdits(**p)
                    .Edit("shipping.delayed", {.definition = "The parcel is late: past the "
                                                             "promised date, not lost."})
                    .ok());
  }
  const std::string shot = ScreenshotPath(tmp.path(), "log_window.png");
  GuiRun gui(tmp.path(), dir, shot, "1280x800x24", {"--window", "log"});
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Acme Support"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
}

TEST(GuiWindowShots, ASmallWindowOf960By600) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "demo";
  std::string technical;
  {
    Result<std::unique_ptr<app::Project>> p = app::Project::CreateDemo(dir, {.user = "tester"});
    ASSERT_TRUE(p.ok());
    std::vector<std::string> roots = (*p)->taxonomy().Children("");
    technical = KeyName(static_cast<size_t>(
        std::find(roots.begin(), roots.end(), "technical") - roots.begin()));
  }
  const std::string shot = ScreenshotPath(tmp.path(), "small_window.png");
  GuiRun gui(tmp.path(), dir, shot, "960x600x24");
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Acme Support"));
  ASSERT_EQ(gui.Xdo("key --delay 0 " + technical).exit_code, 0);  // attribute fields show
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_EQ(PngSize(shot), (std::pair<uint32_t, uint32_t>{960, 600}));
}

}  // namespace
}  // namespace taxa::gui
