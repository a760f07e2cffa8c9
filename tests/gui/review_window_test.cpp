// The Review window: F11 shows a plan's review queue and the card of its
// head; A, 1-9 then R, and C record accept, reject and correct through the
// session (read back from reviews/); headless through the frame, and in a
// real 960 x 600 window under Xvfb, ending in review_window.png
// (TAXA_SCREENSHOT_DIR keeps it).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gui/review_window.h"
#include "gui_test_support.h"
#include "session/internal/review_log.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/sampling_plans.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include "xvfb_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using ::taxa::testing::RunCommand;
using ::taxa::testing::TempDir;

// Categories billing (an include and an exclude rule) and shipping; items
// t1..t3 labeled by ana (billing, billing, shipping); plan "audit" draws all three.
void MakeReviewProject(const std::string& dir) {
  Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir, "Tickets", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  app::Project& project = **p;
  app::TaxonomyEdits edits(project);
  ASSERT_TRUE(edits.Add({.id = "billing",
                         .name = "Billing",
                         .definition = "Money matters: charges, refunds, invoices.",
                         .include = {"Asks about a charge on a card or an invoice"},
                         .exclude = {"Shipping costs alone"}})
                  .ok());
  ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  ASSERT_TRUE(app::Items(project)
                  .ImportBytes("{\"id\":\"t1\",\"text\":\"I was charged twice for one order\"}\n"
                               "{\"id\":\"t2\",\"text\":\"Where is my parcel?\"}\n"
                               "{\"id\":\"t3\",\"text\":\"The box arrived broken\"}\n",
                               "items.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  ASSERT_TRUE(app::Labeling(project)
                  .LabelMany({{.item = "t1", .categories = {"billing"}, .annotator = "ana"},
                              {.item = "t2", .categories = {"billing"}, .annotator = "ana"},
                              {.item = "t3", .categories = {"shipping"}, .annotator = "ana"}},
                             app::LabelCommit::kNow)
                  .ok());
  ASSERT_TRUE(app::SamplingPlans(project).Create({.name = "audit", .seed = 1, .size = 3}).ok());
}

class ReviewWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok());
    ASSERT_NO_FATAL_FAILURE(MakeReviewProject(dir_));
    ASSERT_TRUE(gui_.host.Start("Opening", app::OpenJob(dir_), dir_).ok());
    gui_.FramesUntilIdle();
    ASSERT_NE(gui_.host.project(), nullptr);
  }
  ReviewModel& model() { return gui_.parts.review.model; }
  // The queue is read on the background reader: a frame that records and
  // asks, then frames until the read is adopted.
  void Settle() {
    gui_.Frame();
    gui_.FramesUntilIdle();
  }
  ReviewUi& ui() { return gui_.parts.review.ui; }
  std::vector<core::ReviewEvent> Reviews() {
    Result<std::vector<core::ReviewEvent>> all = app::ReadReviews(gui_.host.project()->state());
    EXPECT_TRUE(all.ok()) << all.status().message();
    return all.ok() ? *all : std::vector<core::ReviewEvent>();
  }

  TempDir tmp_;
  std::string dir_ = tmp_ / "p";
  testing::HeadlessImGui imgui_;
  testing::TestGui gui_;
};

TEST_F(ReviewWindowTest, F11ShowsTheQueueAndKeysRecordEachVerdict) {
  gui_.Frame({GLFW_KEY_F11});
  ASSERT_TRUE(ui().visible);
  Settle();
  ASSERT_EQ(model().error, "");
  EXPECT_EQ(model().plan, "audit");
  ASSERT_EQ(model().queue.size(), 3u);
  ASSERT_TRUE(model().card.has_value());
  const std::string first = model().card->task.item;
  EXPECT_EQ(first, model().queue[0].item);

  // A accepts the head: one review, the queue one shorter.
  gui_.Frame({GLFW_KEY_A});
  Settle();
  std::vector<core::ReviewEvent> reviews = Reviews();
  ASSERT_EQ(reviews.size(), 1u) << ui().outcome;
  EXPECT_EQ(reviews[0].verdict, core::ReviewVerdict::kAccept);
  EXPECT_EQ(reviews[0].item, first);
  EXPECT_EQ(reviews[0].reviewer, "tester");
  EXPECT_EQ(model().queue.size(), 2u);

  // R alone is refused in the window (no error type); 1 then R rejects.
  gui_.Frame({GLFW_KEY_R});
  Settle();
  EXPECT_FALSE(ui().outcome_ok);
  EXPECT_NE(ui().outcome.find("choose an error type"), std::string::npos) << ui().outcome;
  EXPECT_EQ(Reviews().size(), 1u);
  const std::string second = model().card->task.item;
  gui_.Frame({GLFW_KEY_1});
  Settle();
  EXPECT_EQ(ui().errors.count(model().error_types[0].id), 1u);
  gui_.Frame({GLFW_KEY_R});
  Settle();
  reviews = Reviews();
  ASSERT_EQ(reviews.size(), 2u) << ui().outcome;
  EXPECT_EQ(reviews[1].verdict, core::ReviewVerdict::kReject);
  EXPECT_EQ(reviews[1].item, second);
  EXPECT_EQ(reviews[1].errors, std::vector<std::string>{model().error_types[0].id});
  EXPECT_TRUE(ui().errors.empty()) << "the choices clear after a verdict";

  // C corrects to the chosen category.
  const std::string third = model().card->task.item;
  const std::string own = model().card->task.label.categories[0];
  const std::string right = own == "billing" ? "shipping" : "billing";
  ui().category = right;
  gui_.Frame({GLFW_KEY_C});
  Settle();
  reviews = Reviews();
  ASSERT_EQ(reviews.size(), 3u) << ui().outcome;
  EXPECT_EQ(reviews[2].verdict, core::ReviewVerdict::kCorrect);
  EXPECT_EQ(reviews[2].item, third);
  EXPECT_EQ(reviews[2].categories, std::vector<std::string>{right});
  EXPECT_FALSE(model().card.has_value());
  ASSERT_TRUE(model().status.has_value());
  EXPECT_EQ(model().status->defects, 2u);
  Settle();
}

TEST_F(ReviewWindowTest, DrawsAt960By600) {
  ImGui::GetIO().DisplaySize = ImVec2(960, 600);
  gui_.Frame({GLFW_KEY_F11});
  Settle();
  gui_.Frames(2);
  EXPECT_TRUE(model().card.has_value());
}

// The real taxa-gui at 960 x 600, started in the Review window as the
// reviewer "rita"; 1 ticks the first error type before the picture.
TEST(GuiWindowShots, TheReviewWindowShowsTheCardWithItsRules) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeReviewProject(dir));
  const std::string shot = testing::ScreenshotPath(tmp.path(), "review_window.png");
  testing::Xvfb x(tmp.path(), "960x600x24");
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  testing::Child gui({testing::kGui, dir, "--as", "rita", "--window", "review", "--screenshot",
                      shot, "--frames", "1000000"},
                     {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  auto xdo = [&](const std::string& args) {
    ::taxa::testing::CommandResult r =
        RunCommand("DISPLAY=" + x.display() + " timeout 120 xdotool " + args);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return r;
  };
  ::taxa::testing::CommandResult found = xdo("search --sync --name 'Tickets' windowfocus --sync");
  ASSERT_EQ(found.exit_code, 0) << found.err << ::taxa::testing::ReadText(tmp / "gui.log");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(xdo("key --delay 150 1").exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  xdo("key --delay 80 ctrl+q");
  std::optional<int> code = gui.Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
}

}  // namespace
}  // namespace taxa::gui
