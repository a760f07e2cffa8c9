// The real taxa-gui binary: its command line, its refusal without a display, and
// real X key presses under Xvfb (skipped where Xvfb or xdotool is missing).
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "session/calibration.h"
#include "session/history.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "support/quality_fixture.h"
#include "support/test_support.h"
#include "sync_fixture.h"
#include "xvfb_support.h"
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

namespace taxa::gui {
namespace {

using ::taxa::testing::RunCommand;
using ::taxa::testing::TempDir;

using testing::Child;
using testing::kGui;
using testing::OnPath;
using testing::Xvfb;

// Runs taxa-gui with `args` under a fresh Xvfb until it has drawn `frames`
// frames and written its screenshot, and checks both: the PNG is kept as
// TAXA_SCREENSHOT_DIR/`name` when that is set, else in `tmp`.
void ExpectScreenshot(const TempDir& tmp, std::vector<std::string> args, const std::string& name,
                      int frames) {
  Xvfb x(tmp.path());
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  const char* keep = std::getenv("TAXA_SCREENSHOT_DIR");
  std::string shot = keep != nullptr ? std::string(keep) + "/" + name : tmp / name;
  args.insert(args.begin(), kGui);
  for (std::string a : {std::string("--screenshot"), shot, std::string("--frames"),
                        std::to_string(frames)})
    args.push_back(a);
  Child gui(args, {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  std::optional<int> code = gui.Wait(std::chrono::seconds(120));
  ASSERT_TRUE(code.has_value()) << "taxa-gui did not exit after " << frames << " frames";
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
}

TEST(GuiBinary, HelpDescribesTheCommandLine) {
  ::taxa::testing::CommandResult r = RunCommand(kGui + " --help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--demo"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--screenshot"), std::string::npos);
}

TEST(GuiBinary, WithoutADisplaySaysSoInOneLine) {
  ::taxa::testing::CommandResult r =
      RunCommand("env -u DISPLAY -u WAYLAND_DISPLAY ASAN_OPTIONS=detect_leaks=0 " + kGui);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "taxa-gui: no display available (set DISPLAY or run under Xvfb); use the taxa "
            "command line instead\n");
  EXPECT_EQ(r.out, "");
}

TEST(GuiBinary, UnknownOptionIsRefused) {
  ::taxa::testing::CommandResult r = RunCommand(kGui + " --frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option --frobnicate"), std::string::npos) << r.err;
}

TEST(GuiWindow, RealKeyPressesLabelTheFirstDemoItem) {
  if (!OnPath("Xvfb")) GTEST_SKIP() << "Xvfb is not installed (apt install xvfb)";
  if (!OnPath("xdotool")) GTEST_SKIP() << "xdotool is not installed (apt install xdotool)";
  TempDir tmp;
  Xvfb x(tmp.path());
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  std::string dir = tmp / "demo";
  std::string shot = tmp / "shot.png";

  // LeakSanitizer reports the GL driver's own small leaks: off for this child only.
  Child gui({kGui, "--demo", dir, "--as", "tester", "--screenshot", shot, "--frames", "100000"},
            {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  std::string xdo = "DISPLAY=" + x.display() + " timeout 60 xdotool ";
  // The title names the project once it is open and its workspace is drawn.
  ::taxa::testing::CommandResult found =
      RunCommand(xdo + "search --sync --name 'Acme Support' windowfocus --sync");
  ASSERT_EQ(found.exit_code, 0) << found.err << ::taxa::testing::ReadText(tmp / "gui.log");
  ::taxa::testing::CommandResult keys = RunCommand(xdo + "key --delay 80 1 Return");
  ASSERT_EQ(keys.exit_code, 0) << keys.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::taxa::testing::CommandResult quit = RunCommand(xdo + "key --delay 80 ctrl+q");
  ASSERT_EQ(quit.exit_code, 0) << quit.err;

  std::optional<int> code = gui.Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.has_value()) << "taxa-gui did not quit on Ctrl+Q";
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 10'000u);

  // The label was acknowledged, and committed on exit.
  Result<std::unique_ptr<app::Project>> s =
      app::Project::Open(dir, {.user = "tester", .mode = app::OpenMode::kReadOnly});
  ASSERT_TRUE(s.ok()) << s.status().message();
  Result<std::vector<core::ItemRow>> first = app::Items(**s).At(0, 1);
  ASSERT_TRUE(first.ok() && first->size() == 1);
  Result<app::ItemLabels> labels = app::Labeling(**s).LabelsOf(first->front().item.id);
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  ASSERT_TRUE(labels->mine);
  EXPECT_TRUE(labels->others.empty());
  EXPECT_EQ(labels->mine->annotator, "tester");
  EXPECT_EQ(labels->mine->categories,
            std::vector<std::string>{(*s)->taxonomy().Children("").front()});
  Result<std::vector<sync::LogEntry>> log = app::History(**s).Log(1);
  ASSERT_TRUE(log.ok() && log->size() == 1);
  EXPECT_EQ(log->front().subject.rfind("Label 1 item", 0), 0u)
      << "committed on exit, not left in the journal: " << log->front().subject;
}

// The Sync window of a demo replica with two remotes (one unreachable) and two
// open conflicts, started with --window sync, saved as a PNG. Set
// TAXA_SCREENSHOT_DIR to keep the picture.
TEST(GuiWindow, SyncWindowShowsRemotesAndConflicts) {
  if (!OnPath("Xvfb")) GTEST_SKIP() << "Xvfb is not installed (apt install xvfb)";
  TempDir tmp;
  testing::Replicas r;
  ASSERT_NO_FATAL_FAILURE(testing::MakeDivergedReplicas(tmp, r));
  {
    Result<std::unique_ptr<app::Project>> a = app::Project::Open(r.a, {.user = "alice"});
    ASSERT_TRUE(a.ok()) << a.status().message();
    Result<app::SyncReport> merged = app::Remotes(**a).Sync("origin");
    ASSERT_TRUE(merged.ok()) << merged.status().message();
    ASSERT_EQ(merged->conflicts, 2u);
    ASSERT_TRUE(app::Remotes(**a).Add("usb", tmp / "usb/hub.git").ok());
    ASSERT_FALSE(app::Remotes(**a).Sync("usb").ok());
    ASSERT_TRUE(app::TaxonomyEdits(**a)
                    .Add({.id = "returns", .name = "Returns", .definition = "Sending goods back."})
                    .ok());
  }
  ExpectScreenshot(tmp, {r.a, "--as", "alice", "--window", "sync"}, "sync_window.png", 20);
}

// The Taxonomy editor on the demo project, started with --window taxonomy:
// the tree and the first category's form. TAXA_SCREENSHOT_DIR keeps it.
TEST(GuiWindow, TaxonomyEditorShowsTheDemoTree) {
  if (!OnPath("Xvfb")) GTEST_SKIP() << "Xvfb is not installed (apt install xvfb)";
  TempDir tmp;
  ExpectScreenshot(tmp, {"--demo", tmp / "demo", "--as", "lead", "--window", "taxonomy"},
                   "taxonomy_editor.png", 10);
}

TEST(GuiBinary, UnknownWindowIsRefused) {
  ::taxa::testing::CommandResult r = RunCommand(kGui + " --window changes");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--window takes label, sync, quality, log, taxonomy, history, review, "
                       "errors, actions or vendors, not \"changes\""),
            std::string::npos)
      << r.err;
}

// The Quality window of a project with known labels by three annotators and a
// calibration round, started with --window quality, saved as a PNG (the
// numbers are computed on the worker before the frames are counted). Set
// TAXA_SCREENSHOT_DIR to keep the picture.
class GuiQualityWindow : public ::taxa::testing::QualityFixture {};

TEST_F(GuiQualityWindow, StartsOnTheAgreementTab) {
  if (!OnPath("Xvfb")) GTEST_SKIP() << "Xvfb is not installed (apt install xvfb)";
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  {
    Result<std::unique_ptr<app::Project>> s = app::Project::Open(tmp_ / "p", {.user = "lead"});
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE(app::Calibration(**s)
                    .Start({.name = "r1", .items = 12, .annotators = {"ann", "bob", "cy"}})
                    .ok());
  }
  ExpectScreenshot(tmp_, {tmp_ / "p", "--as", "lead", "--window", "quality"},
                   "quality_window.png", 10);
}

}  // namespace
}  // namespace taxa::gui
