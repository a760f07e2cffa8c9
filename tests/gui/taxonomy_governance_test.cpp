// The Taxonomy editor's Merge and Split dialogs and its Proposals tab: the
// impact shown before confirming is counted by hand from the labels this
// fixture makes; confirming changes the session's taxonomy (one commit);
// approving, merging and a refusal go through the session's rules. The same
// in a real window under Xvfb, clicked with xdotool, saved as
// merge_dialog.png, split_dialog.png and proposals_panel.png
// (TAXA_SCREENSHOT_DIR keeps them).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gui/taxonomy_editor.h"
#include "gui_test_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/proposals.h"
#include "session/relabel.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/test_support.h"
#include "xvfb_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using ::taxa::testing::ReadText;
using ::taxa::testing::RunCommand;
using ::taxa::testing::TempDir;

// Animals: cats (sensitive), dogs, pets; items a-d.
//   ben: a cats, b dogs, d cats      ana: a cats, c dogs
// With `proposal`: ana and bo leads, ben an annotator, and proposal
// retire-dogs opened by ana, deprecating dogs with no replacement.
void MakeAnimals(const std::string& dir, bool proposal) {
  Result<std::unique_ptr<app::Project>> made =
      app::Project::Create(dir, "Animals", {.user = "ana"});
  ASSERT_TRUE(made.ok()) << made.status().message();
  app::Project& p = **made;
  app::TaxonomyEdits edits(p);
  ASSERT_TRUE(
      edits.Add({.id = "cats", .name = "Cats", .definition = "Cats.", .sensitive = true}).ok());
  ASSERT_TRUE(edits.Add({.id = "dogs", .name = "Dogs", .definition = "Dogs."}).ok());
  ASSERT_TRUE(edits.Add({.id = "pets", .name = "Pets", .definition = "Animals at home."}).ok());
  ASSERT_TRUE(
      app::Items(p)
          .ImportBytes("{\"id\":\"a\",\"text\":\"meow\"}\n{\"id\":\"b\",\"text\":\"woof\"}\n"
                       "{\"id\":\"c\",\"text\":\"bark\"}\n{\"id\":\"d\",\"text\":\"purr\"}\n",
                       "items.jsonl", core::ImportFormat::kJsonLines)
          .ok());
  ASSERT_TRUE(p.ActAs("ben").ok());
  ASSERT_TRUE(app::Labeling(p).Label({.item = "a", .categories = {"cats"}}).ok());
  ASSERT_TRUE(app::Labeling(p).Label({.item = "b", .categories = {"dogs"}}).ok());
  ASSERT_TRUE(app::Labeling(p).Label({.item = "d", .categories = {"cats"}}).ok());
  ASSERT_TRUE(p.ActAs("ana").ok());
  ASSERT_TRUE(app::Labeling(p).Label({.item = "a", .categories = {"cats"}}).ok());
  ASSERT_TRUE(app::Labeling(p).Label({.item = "c", .categories = {"dogs"}}).ok());
  ASSERT_TRUE(p.Flush().ok());
  if (!proposal) return;
  ASSERT_TRUE(app::Users(p).Add("ana", app::Role::kLead).ok());
  ASSERT_TRUE(app::Users(p).Add("bo", app::Role::kLead).ok());
  ASSERT_TRUE(app::Users(p).Add("ben", app::Role::kAnnotator).ok());
  ASSERT_TRUE(app::Proposals(p).Open("retire-dogs", "dogs go with pets").ok());
  ASSERT_TRUE(app::Proposals(p).EditOn("retire-dogs").ok());
  ASSERT_TRUE(app::TaxonomyEdits(p).Deprecate("dogs", "").ok());
}

class TaxonomyGovernanceTest : public ::testing::Test {
 protected:
  void Open(bool proposal) {
    ASSERT_TRUE(imgui_.fonts().ok());
    ASSERT_NO_FATAL_FAILURE(MakeAnimals(dir_, proposal));
    ASSERT_TRUE(gui_.host.Start("Opening", app::OpenJob(dir_), dir_).ok());
    gui_.FramesUntilIdle();
    ASSERT_NE(gui_.host.project(), nullptr);
    ui().visible = true;
  }
  TaxonomyEditorUi& ui() { return gui_.parts.editor.ui; }
  // Runs frames until the editor has nothing queued or running on the
  // worker (the impact, the selected proposal) and its answer is adopted.
  void Settle() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    do {
      gui_.Frame();  // reads what is cheap, queues and starts the rest
      gui_.FramesUntilIdle();
    } while ((EditorWorkNeeded(ui()) || ui().impact_running || ui().proposals.show_running) &&
             std::chrono::steady_clock::now() < deadline);
  }
  const core::Category& Now(const std::string& id) {
    const core::Category* c = gui_.host.project()->taxonomy().Find(id);
    EXPECT_NE(c, nullptr) << id;
    return *c;
  }
  const app::CategoryImpact* Row(const std::vector<app::CategoryImpact>& impact,
                                 const std::string& id) {
    for (const app::CategoryImpact& c : impact)
      if (c.id == id) return &c;
    ADD_FAILURE() << "no impact row for " << id;
    return nullptr;
  }

  ::taxa::testing::TempDir tmp_;
  std::string dir_ = tmp_ / "p";
  testing::HeadlessImGui imgui_;
  testing::TestGui gui_;
};

TEST_F(TaxonomyGovernanceTest, TheMergeDialogShowsTheImpactAndConfirmingMerges) {
  ASSERT_NO_FATAL_FAILURE(Open(false));
  ui().selected = "cats";
  gui_.Frame();
  // What the form's Merge... button does, then the user's choices.
  ui().merge = {.sources = {"cats"}};
  ui().dialog = EditorDialog::kMerge;
  ui().dialog_opening = true;
  gui_.Frame();
  EXPECT_TRUE(ui().preview.refusal.empty()) << ui().preview.refusal;
  ui().merge.sources.push_back("dogs");
  ui().merge.target = "pets";
  ui().merge.why = "one queue for animals";
  const std::string head = RunCommand("git -C " + dir_ + " rev-parse HEAD").out;
  Settle();  // the impact is measured on the worker
  EXPECT_EQ(ui().dialog, EditorDialog::kMerge) << "the dialog stays open";
  const ImpactPreview& p = ui().preview;
  ASSERT_TRUE(p.refusal.empty()) << p.refusal;
  ASSERT_EQ(p.impact.size(), 2u);  // cats and dogs; pets itself is unchanged
  const app::CategoryImpact* cats = Row(p.impact, "cats");
  const app::CategoryImpact* dogs = Row(p.impact, "dogs");
  ASSERT_TRUE(cats && dogs);
  EXPECT_EQ(cats->labels, 3u);  // ben's a and d, ana's a
  EXPECT_TRUE(cats->sensitive);
  EXPECT_EQ(cats->annotators, (std::vector<std::string>{"ana", "ben"}));
  EXPECT_EQ(dogs->labels, 2u);  // ben's b, ana's c
  EXPECT_EQ(dogs->gold, 0u);
  EXPECT_EQ(p.relabel, 0u) << "merged labels carry forward";
  // Previewing committed nothing.
  EXPECT_EQ(RunCommand("git -C " + dir_ + " rev-parse HEAD").out, head);
  EXPECT_EQ(Now("cats").status, core::CategoryStatus::kActive);

  // Confirm: the command the dialog's Merge button pushes.
  gui_.commands.Push(MergeCommandOf(ui().merge));
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_EQ(ui().dialog, EditorDialog::kNone) << "the dialog closes once merged";
  EXPECT_TRUE(ui().dialog_error.empty()) << ui().dialog_error;
  EXPECT_EQ(Now("cats").replaced_by, "pets");
  EXPECT_EQ(Now("dogs").replaced_by, "pets");
  EXPECT_EQ(::taxa::testing::GitActionCount(dir_, "category.merge"), 1u);
  EXPECT_NE(RunCommand("git -C " + dir_ + " log -1 --format=%B")
                .out.find("Taxa-Rationale: one queue for animals"),
            std::string::npos);
}

TEST_F(TaxonomyGovernanceTest, TheSplitDialogCountsItsLabelsForTheRelabelQueue) {
  ASSERT_NO_FATAL_FAILURE(Open(false));
  ui().split = {
      .id = "cats",
      .parts = {{.id = "cats.big", .name = "Big cats", .definition = "Lions.", .rule = "roars"},
                {.existing = true, .id = "pets"}},
      .why = "lions are not pets"};
  ui().dialog = EditorDialog::kSplit;
  ui().dialog_opening = true;
  Settle();
  const ImpactPreview& p = ui().preview;
  ASSERT_TRUE(p.refusal.empty()) << p.refusal;
  const app::CategoryImpact* cats = Row(p.impact, "cats");
  ASSERT_TRUE(cats);
  EXPECT_EQ(cats->labels, 3u);
  EXPECT_EQ(cats->relabel, (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(p.relabel, 2u);  // items a and d
  // An unknown existing part: the session's refusal is shown, nothing to confirm.
  ui().split.parts[1].id = "wolves";
  gui_.Frame();
  EXPECT_NE(ui().preview.refusal.find("wolves"), std::string::npos) << ui().preview.refusal;
  ui().split.parts[1].id = "pets";
  gui_.Frame();
  gui_.commands.Push(SplitCommandOf(ui().split));
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_EQ(Now("cats").split_into, (std::vector<std::string>{"cats.big", "pets"}));
  EXPECT_EQ(Now("cats.big").include, std::vector<std::string>{"roars"});
}

TEST_F(TaxonomyGovernanceTest, TheProposalsTabApprovesAsALeadAndShowsARefusal) {
  ASSERT_NO_FATAL_FAILURE(Open(true));
  ui().proposals_tab = true;
  gui_.Frame();
  ASSERT_TRUE(ui().proposals.error.empty()) << ui().proposals.error;
  ASSERT_EQ(ui().proposals.list.size(), 1u);
  EXPECT_EQ(ui().proposals.list[0].name, "retire-dogs");
  EXPECT_EQ(ui().proposals.list[0].author, "ana");
  EXPECT_EQ(ui().proposals.list[0].state, "open");
  ui().proposal = "retire-dogs";
  Settle();  // read with its impact on the worker
  const app::ProposalSummary& shown = ui().proposals.shown;
  ASSERT_EQ(ui().proposals.shown_name, "retire-dogs");
  EXPECT_EQ(shown.missing, std::vector<std::string>{"a lead's approval"});
  ASSERT_EQ(shown.impact.size(), 1u);
  EXPECT_EQ(shown.impact[0].id, "dogs");
  EXPECT_EQ(shown.impact[0].labels, 2u);  // ben's b, ana's c
  EXPECT_EQ(shown.impact[0].relabel, (std::vector<std::string>{"b", "c"}));

  // ben is an annotator: the session refuses, the status line says why.
  ASSERT_TRUE(gui_.host.project()->ActAs("ben").ok());
  gui_.commands.Push(DecideProposal{.name = "retire-dogs", .approve = true, .why = "yes"});
  gui_.Frame();
  EXPECT_TRUE(gui_.status.error);
  EXPECT_NE(gui_.status.message.find("ben holds annotator"), std::string::npos)
      << gui_.status.message;
  // ... and the tab, under the buttons clicked.
  EXPECT_EQ(ui().proposals.action_name, "retire-dogs");
  EXPECT_NE(ui().proposals.action_error.find("ben holds annotator"), std::string::npos)
      << ui().proposals.action_error;

  ASSERT_TRUE(gui_.host.project()->ActAs("bo").ok());
  gui_.commands.Push(DecideProposal{.name = "retire-dogs", .approve = true, .why = "agreed"});
  ui().proposals.stale = true;  // as the Approve button marks it
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_TRUE(ui().proposals.action_error.empty()) << ui().proposals.action_error;
  Settle();
  EXPECT_EQ(ui().proposals.list[0].state, "approved");
  EXPECT_EQ(ui().proposals.shown.approved_by, std::vector<std::string>{"bo (lead)"});
  EXPECT_TRUE(ui().proposals.shown.missing.empty());

  gui_.commands.Push(MergeProposal{.name = "retire-dogs"});
  ui().proposals.stale = true;
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  Settle();
  EXPECT_EQ(ui().proposals.list[0].state, "merged");
  EXPECT_EQ(Now("dogs").status, core::CategoryStatus::kDeprecated);
}

// What TaxonomyImpact::Measure says when called directly on the GUI's
// project, against what the editor shows.
void ExpectSameImpact(const std::vector<app::CategoryImpact>& shown,
                      const std::vector<app::CategoryImpact>& direct) {
  ASSERT_EQ(shown.size(), direct.size());
  for (size_t i = 0; i < shown.size(); ++i) {
    SCOPED_TRACE(direct[i].id);
    EXPECT_EQ(shown[i].id, direct[i].id);
    EXPECT_EQ(shown[i].sensitive, direct[i].sensitive);
    EXPECT_EQ(shown[i].labels, direct[i].labels);
    EXPECT_EQ(shown[i].gold, direct[i].gold);
    EXPECT_EQ(shown[i].calibration, direct[i].calibration);
    EXPECT_EQ(shown[i].annotators, direct[i].annotators);
    EXPECT_EQ(shown[i].relabel, direct[i].relabel);
  }
}

// The split's figures are not measured on the GUI thread: after the frame
// that asked for them the dialog has none (it says "measuring..." and
// Confirm is off) and the reader runs; once it ends they are those
// TaxonomyImpact::Measure gives when called directly.
TEST_F(TaxonomyGovernanceTest, TheImpactComesFromTheWorkerAndMatchesMeasure) {
  ASSERT_NO_FATAL_FAILURE(Open(false));
  ui().split = {.id = "cats",
                .parts = {{.id = "cats.big", .name = "Big cats", .definition = "Lions."},
                          {.existing = true, .id = "pets"}}};
  ui().dialog = EditorDialog::kSplit;
  ui().dialog_opening = true;
  gui_.Frame();
  app::Project& project = *gui_.host.project();
  const uint64_t generation = gui_.host.generation();
  EXPECT_TRUE(gui_.host.reader_running()) << "the impact is measured on the reader";
  EXPECT_TRUE(ui().impact_running.has_value());
  EXPECT_TRUE(ui().preview.impact.empty());
  EXPECT_FALSE(ImpactCurrent(ui(), generation, project.revision()));
  Settle();
  ASSERT_TRUE(ImpactCurrent(ui(), generation, project.revision()));
  EXPECT_FALSE(ui().impact_running.has_value());
  ASSERT_TRUE(ui().preview.refusal.empty()) << ui().preview.refusal;

  const SplitCategory command = SplitCommandOf(ui().split);
  Result<core::Taxonomy> next = app::TaxonomyEdits(project).PreviewSplit("cats", command.parts);
  ASSERT_TRUE(next.ok()) << next.status().message();
  Result<std::vector<app::CategoryImpact>> direct =
      app::TaxonomyImpact(project).Measure(project.taxonomy(), *next);
  ASSERT_TRUE(direct.ok()) << direct.status().message();
  ASSERT_NO_FATAL_FAILURE(ExpectSameImpact(ui().preview.impact, *direct));
  EXPECT_EQ(ui().preview.relabel, app::RelabelItems(*direct).size());
  EXPECT_EQ(ui().preview.relabel, 2u);  // items a and d, counted by hand from MakeAnimals

  // Typing a rationale measures nothing again.
  ui().split.why = "lions are not pets";
  gui_.Frame();
  EXPECT_TRUE(ImpactCurrent(ui(), generation, project.revision()));
  EXPECT_FALSE(gui_.host.reader_running());
}

// Labels acknowledged but not yet committed (the GUI commits them every
// 30 s) are counted by the reader as they are by the open project.
TEST_F(TaxonomyGovernanceTest, TheImpactCountsLabelsNotYetCommitted) {
  ASSERT_NO_FATAL_FAILURE(Open(false));
  app::Project& project = *gui_.host.project();
  ASSERT_TRUE(app::Labeling(project).Label({.item = "c", .categories = {"cats"}}).ok());
  ASSERT_EQ(project.pending_labels(), 1u);
  ui().merge = {.sources = {"cats"}, .target = "pets"};
  ui().dialog = EditorDialog::kMerge;
  ui().dialog_opening = true;
  Settle();
  ASSERT_TRUE(ImpactCurrent(ui(), gui_.host.generation(), project.revision()));
  EXPECT_EQ(project.pending_labels(), 1u) << "still not committed when measured";
  Result<core::Taxonomy> next =
      app::TaxonomyEdits(project).PreviewMerge({"cats"}, core::Category{.id = "pets"});
  ASSERT_TRUE(next.ok()) << next.status().message();
  Result<std::vector<app::CategoryImpact>> direct =
      app::TaxonomyImpact(project).Measure(project.taxonomy(), *next);
  ASSERT_TRUE(direct.ok()) << direct.status().message();
  ASSERT_NO_FATAL_FAILURE(ExpectSameImpact(ui().preview.impact, *direct));
  ASSERT_EQ(ui().preview.impact.size(), 1u);
  EXPECT_EQ(ui().preview.impact[0].labels, 4u);  // ben's a and d, ana's a, tester's c
}

// The selected proposal, read with its impact on the reader, is what
// Proposals::Show says directly.
TEST_F(TaxonomyGovernanceTest, TheSelectedProposalIsReadOnTheWorker) {
  ASSERT_NO_FATAL_FAILURE(Open(true));
  ui().proposals_tab = true;
  ui().proposal = "retire-dogs";
  gui_.Frame();
  EXPECT_TRUE(gui_.host.reader_running()) << "Proposals::Show runs on the reader";
  EXPECT_TRUE(ui().proposals.shown_name.empty());
  Settle();
  ASSERT_EQ(ui().proposals.shown_name, "retire-dogs");
  ASSERT_TRUE(ui().proposals.show_error.empty()) << ui().proposals.show_error;
  Result<app::ProposalSummary> direct = app::Proposals(*gui_.host.project()).Show("retire-dogs");
  ASSERT_TRUE(direct.ok()) << direct.status().message();
  EXPECT_EQ(ui().proposals.shown.state, direct->state);
  EXPECT_EQ(ui().proposals.shown.missing, direct->missing);
  ASSERT_NO_FATAL_FAILURE(ExpectSameImpact(ui().proposals.shown.impact, direct->impact));
}

// An answer for choices the user has since changed is not shown as theirs:
// the worker's figures for "merge cats into pets" arrive after the dialog
// says "merge dogs into pets", and are dropped; the next job measures dogs.
TEST_F(TaxonomyGovernanceTest, AnAnswerForChoicesNoLongerCurrentIsDropped) {
  ASSERT_NO_FATAL_FAILURE(Open(false));
  app::Project& project = *gui_.host.project();
  const uint64_t generation = gui_.host.generation();
  ui().merge = {.sources = {"cats"}, .target = "pets"};
  ui().dialog = EditorDialog::kMerge;
  ui().dialog_opening = true;
  // The work of that frame, run here so that the order is certain.
  RefreshTaxonomyEditor(project, generation, ui());
  std::optional<EditorWork> work = EditorWorkNeeded(ui());
  ASSERT_TRUE(work.has_value());
  ASSERT_TRUE(work->impact.has_value());
  EditorResult cats = RunEditorWork(project, *work);
  ASSERT_TRUE(cats.preview.has_value());
  ASSERT_EQ(cats.preview->impact.size(), 1u);
  EXPECT_EQ(cats.preview->impact[0].id, "cats");
  ui().merge.sources = {"dogs"};  // the user changed the choices meanwhile
  AdoptEditorResult(std::move(cats), generation, ui());
  EXPECT_TRUE(ui().preview.impact.empty()) << "cats' figures are not shown for dogs";
  EXPECT_FALSE(ImpactCurrent(ui(), generation, project.revision()));

  // Through the frames and the reader: the dogs' figures come.
  Settle();
  ASSERT_TRUE(ImpactCurrent(ui(), generation, project.revision()));
  ASSERT_EQ(ui().preview.impact.size(), 1u);
  EXPECT_EQ(ui().preview.impact[0].id, "dogs");
  EXPECT_EQ(ui().preview.impact[0].labels, 2u);  // ben's b, ana's c

  // Changed while the reader measures: only the newest choices end up shown.
  ui().merge.sources = {"cats"};
  gui_.Frame();
  EXPECT_TRUE(gui_.host.reader_running());
  ui().merge.sources = {"cats", "dogs"};
  gui_.Frame();  // queued behind the running job, which is not doubled
  Settle();
  ASSERT_TRUE(ImpactCurrent(ui(), generation, project.revision()));
  EXPECT_EQ(ui().preview.choice.merge.sources, (std::vector<std::string>{"cats", "dogs"}));
  ASSERT_EQ(ui().preview.impact.size(), 2u);

  // A proposal's details read for a selection since left are dropped too.
  ui().proposals_tab = true;
  ui().proposal = "gone";
  RefreshTaxonomyEditor(project, generation, ui());
  ASSERT_TRUE(ui().proposals.show_queued.has_value());
  EditorResult shown = RunEditorWork(project, {.show = ui().proposals.show_queued});
  ui().proposal.clear();
  AdoptEditorResult(std::move(shown), generation, ui());
  EXPECT_TRUE(ui().proposals.shown_name.empty());
  EXPECT_TRUE(ui().proposals.show_error.empty());
}

// Merging as an annotator, once roles are in force: the session refuses; the
// dialog stays open with the refusal in it (and the status bar says it).
TEST_F(TaxonomyGovernanceTest, TheSessionsRefusalOfAMergeStaysInTheDialog) {
  ASSERT_NO_FATAL_FAILURE(Open(true));
  ASSERT_TRUE(gui_.host.project()->ActAs("ben").ok());
  ui().merge = {.sources = {"cats"}, .target = "pets"};
  ui().dialog = EditorDialog::kMerge;
  ui().dialog_opening = true;
  Settle();
  gui_.commands.Push(MergeCommandOf(ui().merge));
  gui_.Frame();
  EXPECT_TRUE(gui_.status.error);
  EXPECT_NE(gui_.status.message.find("needs a lead"), std::string::npos) << gui_.status.message;
  EXPECT_EQ(ui().dialog, EditorDialog::kMerge) << "the dialog stays open";
  EXPECT_EQ(ui().dialog_error, gui_.status.message);
  gui_.Frame();
  EXPECT_EQ(ui().dialog, EditorDialog::kMerge);
  EXPECT_EQ(Now("cats").status, core::CategoryStatus::kActive);

  // As a lead the same choices go through, and the dialog closes.
  ASSERT_TRUE(gui_.host.project()->ActAs("ana").ok());
  gui_.commands.Push(MergeCommandOf(ui().merge));
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_TRUE(ui().dialog_error.empty());
  EXPECT_EQ(ui().dialog, EditorDialog::kNone);
  EXPECT_EQ(Now("cats").replaced_by, "pets");
}

// taxa-gui on `dir` as `user`, started in the Taxonomy editor in its own
// Xvfb (1280 x 800 unless told), clicked with xdotool; `shot` is written
// when it quits.
class EditorWindow {
 public:
  EditorWindow(const std::string& tmp, const std::string& dir, const std::string& user,
               const std::string& shot, const std::string& screen = "1280x800x24")
      : tmp_(tmp), x_(tmp, screen) {
    if (!x_.ok()) return;
    // LeakSanitizer reports the GL driver's own small leaks: off for this child only.
    gui_ = std::make_unique<testing::Child>(
        std::vector<std::string>{testing::kGui, dir, "--as", user, "--window", "taxonomy",
                                 "--screenshot", shot, "--frames", "1000000"},
        std::vector<std::string>{"DISPLAY=" + x_.display(), "ASAN_OPTIONS=detect_leaks=0"},
        tmp + "/gui.log");
  }
  bool ok() const { return gui_ != nullptr; }
  std::string log() const { return ReadText(tmp_ + "/gui.log"); }
  ::testing::AssertionResult Focus(const std::string& project) {
    auto r = Xdo("search --sync --name '" + project + "' windowfocus --sync");
    if (r.exit_code != 0) return ::testing::AssertionFailure() << r.err << log();
    return ::testing::AssertionSuccess();
  }
  ::taxa::testing::CommandResult Xdo(const std::string& args) {
    auto r = RunCommand("DISPLAY=" + x_.display() + " timeout 120 xdotool " + args);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return r;
  }
  // A left click at (x, y) of the window (it fills the screen), pressed
  // and released a few frames apart so ImGui sees both.
  ::testing::AssertionResult Click(int x, int y) {
    auto r = Xdo("mousemove --sync " + std::to_string(x) + " " + std::to_string(y));
    if (r.exit_code == 0) r = Xdo("mousedown 1");
    if (r.exit_code == 0) r = Xdo("mouseup 1");
    if (r.exit_code != 0) return ::testing::AssertionFailure() << r.err;
    return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult Type(const std::string& text) {
    auto r = Xdo("type --delay 40 '" + text + "'");
    if (r.exit_code != 0) return ::testing::AssertionFailure() << r.err;
    return ::testing::AssertionSuccess();
  }
  const std::string& display() const { return x_.display(); }
  std::optional<int> Quit() {
    Xdo("key --delay 80 ctrl+q");
    return gui_->Wait(std::chrono::seconds(60));
  }

 private:
  std::string tmp_;
  testing::Xvfb x_;
  std::unique_ptr<testing::Child> gui_;
};

std::unique_ptr<app::Project> OpenAs(const std::string& dir, const std::string& user) {
  Result<std::unique_ptr<app::Project>> p = app::Project::Open(dir, {.user = user});
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? std::move(*p) : nullptr;
}

// Saves the whole screen of `gui` as `path` (ImageMagick's import).
::testing::AssertionResult SaveScreen(const std::string& display, const std::string& path) {
  auto r = RunCommand("DISPLAY=" + display + " timeout 60 import -window root " + path);
  if (r.exit_code != 0) return ::testing::AssertionFailure() << r.err;
  return ::testing::AssertionSuccess();
}

// How many pixels of the `w` x `h` box at (x, y) of `png` are within 12% of
// `rgb` ("rgb(230,114,121)"), counted by ImageMagick; -1 when it fails.
long PixelsNear(const std::string& png, int x, int y, int w, int h, const std::string& rgb) {
  auto r = RunCommand("convert " + png + " -crop " + std::to_string(w) + "x" + std::to_string(h) +
                      "+" + std::to_string(x) + "+" + std::to_string(y) +
                      " +repage -fuzz 12% -fill white -opaque '" + rgb +
                      "' -fill black +opaque white -format '%[fx:round(mean*w*h)]' info:");
  if (r.exit_code != 0) return -1;
  return std::stol(r.out);
}

// Opens Merge... on the selected category (cats, the first), ticks Dogs and
// picks pets as the target. The coordinates are those of a 1280 x 800
// window at scale 1, read off its screenshots.
void ChooseMergeOfCatsAndDogsIntoPets(EditorWindow& gui) {
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Animals"));
  ASSERT_TRUE(gui.Click(1131, 84));  // Merge...
  ASSERT_TRUE(gui.Click(265, 271));  // tick Dogs
  ASSERT_TRUE(gui.Click(840, 261));  // the target's list
  ASSERT_TRUE(gui.Click(668, 315));  // pets
}

// Clicked as a user would: Merge... on the selected category (cats), dogs
// ticked, pets picked as the target, a rationale typed; the dialog's impact
// is saved as merge_dialog.png, then Merge commits. The coordinates are
// those of a 1280 x 800 window at scale 1, read off its screenshots.
TEST(TaxonomyGovernanceWindow, TheMergeDialogClickedThrough) {
  TAXA_REQUIRE_X();
  if (!testing::OnPath("import"))
    GTEST_SKIP() << "import is not installed (apt install imagemagick)";
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeAnimals(dir, false));
  EditorWindow gui(tmp.path(), dir, "tester", tmp / "merged.png");
  ASSERT_NO_FATAL_FAILURE(ChooseMergeOfCatsAndDogsIntoPets(gui));
  ASSERT_TRUE(gui.Click(640, 405));  // Why
  ASSERT_TRUE(gui.Type("one queue for animals"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a loaded machine's frames
  const std::string shot = testing::ScreenshotPath(tmp.path(), "merge_dialog.png");
  ASSERT_TRUE(SaveScreen(gui.display(), shot));
  ASSERT_TRUE(gui.Click(272, 591));  // Merge
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
  std::unique_ptr<app::Project> p = OpenAs(dir, "ana");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->taxonomy().Find("cats")->replaced_by, "pets") << gui.log();
  EXPECT_EQ(p->taxonomy().Find("dogs")->replaced_by, "pets");
  EXPECT_EQ(p->taxonomy().Find("pets")->status, core::CategoryStatus::kActive);
  EXPECT_NE(RunCommand("git -C " + dir + " log -1 --format=%B")
                .out.find("Taxa-Rationale: one queue for animals"),
            std::string::npos)
      << RunCommand("git -C " + dir + " log -1 --format=%B").out;
}

// ben, an annotator once roles are in force, clicks through the same merge:
// the session refuses it, and the refusal shows in the dialog, which stays
// open (merge_refused.png); nothing changed.
TEST(TaxonomyGovernanceWindow, AMergeRefusedShowsInTheDialog) {
  TAXA_REQUIRE_X();
  if (!testing::OnPath("import"))
    GTEST_SKIP() << "import is not installed (apt install imagemagick)";
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeAnimals(dir, true));
  const std::string head = RunCommand("git -C " + dir + " rev-parse HEAD").out;
  EditorWindow gui(tmp.path(), dir, "ben", tmp / "refused.png");
  ASSERT_NO_FATAL_FAILURE(ChooseMergeOfCatsAndDogsIntoPets(gui));
  // The reader measures the impact; Merge is on once it has.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_TRUE(gui.Click(272, 591));  // Merge
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const std::string shot = testing::ScreenshotPath(tmp.path(), "merge_refused.png");
  ASSERT_TRUE(SaveScreen(gui.display(), shot));
  // The refusal's line, in the error colour (style.h kError), inside the
  // dialog above its buttons: white text there counts nothing.
  EXPECT_GT(PixelsNear(shot, 236, 575, 420, 30, "rgb(230,114,121)"), 200) << shot;
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  EXPECT_EQ(RunCommand("git -C " + dir + " rev-parse HEAD").out, head) << "nothing committed";
  std::unique_ptr<app::Project> p = OpenAs(dir, "ana");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->taxonomy().Find("cats")->status, core::CategoryStatus::kActive);
}

// Clicked as a user would: Split... on the selected category (cats); the
// first part a new category cats.big, the second the existing pets; the
// impact appears once the reader has measured it (split_dialog.png), then
// Split commits: cats is split, a and d wait for relabeling.
TEST(TaxonomyGovernanceWindow, TheSplitDialogClickedThrough) {
  TAXA_REQUIRE_X();
  if (!testing::OnPath("import"))
    GTEST_SKIP() << "import is not installed (apt install imagemagick)";
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeAnimals(dir, false));
  EditorWindow gui(tmp.path(), dir, "tester", tmp / "split.png");
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Animals"));
  ASSERT_TRUE(gui.Click(1210, 84));  // Split... (cats, the first category, is selected)
  ASSERT_TRUE(gui.Click(345, 254));  // the first part's id
  ASSERT_TRUE(gui.Type("cats.big"));
  ASSERT_TRUE(gui.Click(510, 254));  // its name
  ASSERT_TRUE(gui.Type("Big cats"));
  ASSERT_TRUE(gui.Click(705, 254));  // its definition
  ASSERT_TRUE(gui.Type("Lions."));
  ASSERT_TRUE(gui.Click(935, 254));  // its rule
  ASSERT_TRUE(gui.Type("roars"));
  ASSERT_TRUE(gui.Click(214, 283));  // the second part is an existing category
  ASSERT_TRUE(gui.Click(345, 283));  // its list
  ASSERT_TRUE(gui.Click(292, 360));  // pets
  ASSERT_TRUE(gui.Click(640, 362));  // Why
  ASSERT_TRUE(gui.Type("lions are not pets"));
  // The reader measures the impact (a loaded machine's frames are slow).
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const std::string shot = testing::ScreenshotPath(tmp.path(), "split_dialog.png");
  ASSERT_TRUE(SaveScreen(gui.display(), shot));
  // Split sits under the impact's table and totals: it is there, and on,
  // only once the reader's figures for these choices are shown (while it
  // measures, the button is off and higher up).
  ASSERT_TRUE(gui.Click(226, 549));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
  std::unique_ptr<app::Project> p = OpenAs(dir, "ana");
  ASSERT_TRUE(p);
  const core::Category* cats = p->taxonomy().Find("cats");
  ASSERT_NE(cats, nullptr);
  EXPECT_EQ(cats->split_into, (std::vector<std::string>{"cats.big", "pets"})) << gui.log();
  EXPECT_EQ(cats->status, core::CategoryStatus::kDeprecated);
  const core::Category* big = p->taxonomy().Find("cats.big");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->name, "Big cats");
  EXPECT_EQ(big->definition, "Lions.");
  EXPECT_EQ(big->include, std::vector<std::string>{"roars"});
  EXPECT_EQ(::taxa::testing::GitActionCount(dir, "category.split"), 1u);
  const std::string message = RunCommand("git -C " + dir + " log -1 --format=%B").out;
  EXPECT_NE(message.find("Taxa-Rationale: lions are not pets"), std::string::npos) << message;
  p.reset();
  // What the dialog counted: a and d wait for one of the parts. Labels are
  // blind by default, so each annotator sees their own: ana's a, ben's a and d.
  std::set<std::string> items;
  for (const std::string user : {"ana", "ben"}) {
    std::unique_ptr<app::Project> as = OpenAs(dir, user);
    ASSERT_TRUE(as);
    Result<std::vector<app::RelabelEntry>> queue = app::Relabel(*as).List();
    ASSERT_TRUE(queue.ok()) << queue.status().message();
    for (const app::RelabelEntry& e : *queue) {
      EXPECT_EQ(e.annotator, user) << e.item;
      EXPECT_EQ(e.choices, (std::vector<std::string>{"cats.big", "pets"})) << e.item;
      items.insert(e.item);
    }
    EXPECT_EQ(queue->size(), user == "ana" ? 1u : 2u) << user;
  }
  EXPECT_EQ(items, (std::set<std::string>{"a", "d"}));
}

// bo, a lead, opens the Proposals tab, selects retire-dogs (opened by ana),
// types a rationale and approves it; proposals_panel.png shows the result.
TEST(TaxonomyGovernanceWindow, TheProposalsPanelApprovedByALead) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeAnimals(dir, true));
  const std::string shot = testing::ScreenshotPath(tmp.path(), "proposals_panel.png");
  EditorWindow gui(tmp.path(), dir, "bo", shot);
  ASSERT_TRUE(gui.ok());
  ASSERT_TRUE(gui.Focus("Animals"));
  ASSERT_TRUE(gui.Click(242, 47));   // Proposals
  ASSERT_TRUE(gui.Click(100, 105));  // retire-dogs
  ASSERT_TRUE(gui.Click(930, 359));  // why
  ASSERT_TRUE(gui.Type("dogs are pets"));
  ASSERT_TRUE(gui.Click(647, 390));  // Approve
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::optional<int> code = gui.Quit();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << gui.log();
  ASSERT_TRUE(std::filesystem::exists(shot));
  std::unique_ptr<app::Project> p = OpenAs(dir, "ana");
  ASSERT_TRUE(p);
  Result<app::ProposalSummary> shown = app::Proposals(*p).Show("retire-dogs");
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_EQ(shown->state, "approved") << gui.log();
  EXPECT_EQ(shown->approved_by, std::vector<std::string>{"bo (lead)"});
  ASSERT_EQ(shown->decisions.size(), 1u);
  EXPECT_EQ(shown->decisions[0].person, "bo");
  EXPECT_EQ(shown->decisions[0].rationale, "dogs are pets");
}

}  // namespace
}  // namespace taxa::gui
