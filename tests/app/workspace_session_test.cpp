// What the labeling workspace asks of the session: the blinding rule, attribute
// values, clear and undo, skips, searching the items, the history of
// operations, remotes, and switching projects without losing the open one.
#include <chrono>
#include <filesystem>
#include <thread>

#include "session/calibration.h"
#include "session/gold.h"
#include "session/history.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/project_host.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "support/cli_fixture.h"
#include "support/settings_edit.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/repository.h"

namespace taxa::app {
namespace {

using taxa::testing::EditSettings;
using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::TempDir;

SessionOptions As(const std::string& user, OpenMode mode = OpenMode::kWrite) {
  return {.user = user, .mode = mode};
}

std::unique_ptr<Project> Open(const std::string& dir, const std::string& user,
                              OpenMode mode = OpenMode::kWrite) {
  Result<std::unique_ptr<Project>> p = Project::Open(dir, As(user, mode));
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? std::move(*p) : nullptr;
}

// Items a..f in categories billing{refund}, shipping; a carries {"lang":"en"}.
void MakeProject(const std::string& dir) {
  auto p = Project::Create(dir, "Tickets", As("lead"));
  ASSERT_TRUE(p.ok()) << p.status().message();
  TaxonomyEdits edits(**p);
  ASSERT_TRUE(edits.Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
  ASSERT_TRUE(edits
                  .Add({.id = "billing.refund",
                        .name = "Refund",
                        .parent = "billing",
                        .definition = "Money back."})
                  .ok());
  ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  std::string items =
      "{\"id\":\"a\",\"text\":\"refund please\",\"meta\":{\"lang\":\"en\",\"vip\":true}}\n"
      "{\"id\":\"b\",\"text\":\"where is my parcel\",\"meta\":{\"lang\":\"de\"}}\n"
      "{\"id\":\"c\",\"text\":\"charged twice, want a REFUND\"}\n"
      "{\"id\":\"d\",\"text\":\"hello\"}\n"
      "{\"id\":\"e\",\"text\":\"parcel lost\"}\n"
      "{\"id\":\"f\",\"text\":\"bye\"}\n";
  ASSERT_TRUE(Items(**p).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
}

void Label(Project& p, const std::string& item, std::vector<std::string> categories,
           const std::string& annotator = "") {
  Result<core::LabelEvent> e =
      Labeling(p).Label({.item = item, .categories = std::move(categories), .annotator = annotator});
  ASSERT_TRUE(e.ok()) << e.status().message();
}

// ---- the blinding rule ----

class Blinding : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeProject(dir_));
    ASSERT_NO_FATAL_FAILURE(EditSettings(dir_, [](core::ProjectSettings& s) {
      s.roles = {{"lena", {"lead"}}, {"rita", {"reviewer"}}, {"ann", {"annotator"}},
                 {"bob", {"annotator"}}};
    }));
    auto ann = Open(dir_, "ann");
    ASSERT_TRUE(ann);
    ASSERT_NO_FATAL_FAILURE(Label(*ann, "a", {"billing"}));
    ASSERT_TRUE(ann->Flush().ok());
  }
  TempDir tmp_;
  std::string dir_ = tmp_ / "p";
};

TEST_F(Blinding, OthersLabelsAreWithheldUntilTheUserHasLabeledTheItem) {
  auto bob = Open(dir_, "bob");
  Result<ItemLabels> before = Labeling(*bob).LabelsOf("a");
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_TRUE(before->others.empty());
  EXPECT_EQ(before->withheld, 1u);
  EXPECT_NE(before->withheld_why.find("once you have labeled this item"), std::string::npos)
      << before->withheld_why;
  EXPECT_FALSE(Labeling(*bob).MayReveal());
  EXPECT_TRUE(Labeling(*bob).LabelsOf("a", /*reveal=*/true)->others.empty())
      << "an annotator cannot reveal";

  ASSERT_NO_FATAL_FAILURE(Label(*bob, "a", {"shipping"}));
  Result<ItemLabels> after = Labeling(*bob).LabelsOf("a");
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->others.size(), 1u);
  EXPECT_EQ(after->others[0].annotator, "ann");
  EXPECT_EQ(after->others[0].categories, std::vector<std::string>{"billing"});
  EXPECT_EQ(after->withheld, 0u);
  EXPECT_EQ(after->withheld_why, "");
}

TEST_F(Blinding, LeadsAndReviewersMayRevealAndNoOneElse) {
  for (const char* who : {"lena", "rita"}) {
    auto p = Open(dir_, who);
    EXPECT_TRUE(Labeling(*p).MayReveal()) << who;
    EXPECT_TRUE(Labeling(*p).LabelsOf("a")->others.empty()) << who << ": hidden unless asked";
    Result<ItemLabels> shown = Labeling(*p).LabelsOf("a", /*reveal=*/true);
    ASSERT_TRUE(shown.ok());
    ASSERT_EQ(shown->others.size(), 1u) << who;
    EXPECT_EQ(shown->withheld, 0u);
  }
}

TEST_F(Blinding, TurnedOffInTaxaJsonEveryoneSeesTheLabels) {
  ASSERT_NO_FATAL_FAILURE(
      EditSettings(dir_, [](core::ProjectSettings& s) { s.blind_labels = false; }));
  auto bob = Open(dir_, "bob");
  Result<ItemLabels> labels = Labeling(*bob).LabelsOf("a");
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(labels->others.size(), 1u);
  EXPECT_EQ(labels->withheld_why, "");
}

TEST_F(Blinding, ACalibrationRoundsItemsStayHiddenEvenFromALead) {
  {
    auto lena = Open(dir_, "lena");
    ASSERT_TRUE(Calibration(*lena).Start({.name = "r1", .items = 6, .annotators = {"ann", "lena"}})
                    .ok());
  }
  auto lena = Open(dir_, "lena");
  Result<ItemLabels> labels = Labeling(*lena).LabelsOf("a", /*reveal=*/true);
  ASSERT_TRUE(labels.ok());
  EXPECT_TRUE(labels->others.empty());
  EXPECT_NE(labels->withheld_why.find("calibration round r1"), std::string::npos)
      << labels->withheld_why;
}

// ---- attributes ----

class LabelAttributes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = Project::CreateDemo(dir_, As("tester"));
    ASSERT_TRUE(p.ok()) << p.status().message();
    project_ = std::move(*p);
    Result<std::vector<core::ItemRow>> first = Items(*project_).At(0, 2);
    ASSERT_TRUE(first.ok() && first->size() == 2);
    item_ = first->at(0).item.id;
    other_ = first->at(1).item.id;
  }
  TempDir tmp_;
  std::string dir_ = tmp_ / "demo";
  std::unique_ptr<Project> project_;
  std::string item_, other_;
};

TEST_F(LabelAttributes, ACategoryCarriesItsOwnAndItsAncestorsAttributesOnce) {
  auto ids = [](const std::vector<core::Attribute>& attributes) {
    std::vector<std::string> out;
    for (const core::Attribute& a : attributes) out.push_back(a.id);
    return out;
  };
  Labeling labeling(*project_);
  // In the demo's taxonomy.json: technical has severity and product_name,
  // technical.connectivity adds repeat_contact; account.security_breach has
  // severity again.
  EXPECT_EQ(ids(labeling.AttributesFor({"technical.connectivity"})),
            (std::vector<std::string>{"severity", "product_name", "repeat_contact"}));
  EXPECT_EQ(ids(labeling.AttributesFor({"technical.connectivity", "account.security_breach"})),
            (std::vector<std::string>{"severity", "product_name", "repeat_contact"}));
  EXPECT_TRUE(labeling.AttributesFor({"other.spam"}).empty());
  EXPECT_TRUE(labeling.AttributesFor({"no.such"}).empty());
  std::vector<core::Attribute> severity = labeling.AttributesFor({"technical"});
  ASSERT_FALSE(severity.empty());
  EXPECT_EQ(severity[0].type, core::AttributeType::kEnum);
  EXPECT_EQ(severity[0].values, (std::vector<std::string>{"low", "medium", "high", "critical"}));
}

TEST_F(LabelAttributes, CheckRefusesWhatLabelRefusesWithTheSameWords) {
  Labeling labeling(*project_);
  EXPECT_TRUE(labeling
                  .Check({.item = item_,
                          .categories = {"technical"},
                          .attributes = {{"severity", "high"}, {"product_name", "Tab 10"}}})
                  .ok());
  Status enum_value = labeling.Check(
      {.item = item_, .categories = {"technical"}, .attributes = {{"severity", "urgent"}}});
  EXPECT_TRUE(Fails(enum_value, StatusCode::kInvalidInput,
                    {"attribute \"severity\": value \"urgent\" is not one of low, medium, high, "
                     "critical"}));
  Status number = labeling.Check({.item = item_,
                                  .categories = {"billing.refund_request"},
                                  .attributes = {{"refund_amount", "12,50"}}});
  EXPECT_TRUE(Fails(number, StatusCode::kInvalidInput, {"\"12,50\" is not a number"}));
  Status flag = labeling.Check({.item = item_,
                                .categories = {"billing.refund_request"},
                                .attributes = {{"repeat_contact", "yes"}}});
  EXPECT_TRUE(Fails(flag, StatusCode::kInvalidInput, {"is not true or false"}));
  Status elsewhere = labeling.Check(
      {.item = item_, .categories = {"other.spam"}, .attributes = {{"severity", "low"}}});
  EXPECT_TRUE(Fails(elsewhere, StatusCode::kInvalidInput,
                    {"does not belong to the chosen categories"}));
  // Label refuses the same request with the same message, and records nothing.
  Result<core::LabelEvent> refused = labeling.Label(
      {.item = item_, .categories = {"technical"}, .attributes = {{"severity", "urgent"}}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), enum_value.message());
  EXPECT_EQ(project_->pending_labels(), 0u);
}

TEST_F(LabelAttributes, TheCurrentLabelKeepsItsAttributesAcrossAReopenAndARebuild) {
  std::map<std::string, std::string> attributes = {{"severity", "critical"},
                                                   {"product_name", "Pulse Watch 2"}};
  ASSERT_TRUE(Labeling(*project_)
                  .Label({.item = item_,
                          .categories = {"technical.power_battery"},
                          .attributes = attributes,
                          .note = "smells of smoke"})
                  .ok());
  auto mine = [&](Project& p) {
    Result<ItemLabels> labels = Labeling(p).LabelsOf(item_);
    EXPECT_TRUE(labels.ok() && labels->mine);
    return labels.ok() && labels->mine ? *labels->mine : core::CurrentLabel{};
  };
  EXPECT_EQ(mine(*project_).attributes, attributes) << "pending in the journal";
  ASSERT_TRUE(project_->Flush().ok());
  EXPECT_EQ(mine(*project_).attributes, attributes) << "committed";
  project_.reset();
  auto reopened = Open(dir_, "tester");
  EXPECT_EQ(mine(*reopened).attributes, attributes);
  EXPECT_EQ(mine(*reopened).note, "smells of smoke");
  reopened.reset();
  std::filesystem::remove(dir_ + "/.git/taxa/index.sqlite");
  auto rebuilt = Open(dir_, "tester");
  EXPECT_EQ(mine(*rebuilt).attributes, attributes) << "read back from the segments";
}

// ---- clear and undo ----

TEST_F(LabelAttributes, ClearThenUndoGivesTheLabelBackWithItsAttributesAndNote) {
  Labeling labeling(*project_);
  ASSERT_TRUE(labeling
                  .Label({.item = item_,
                          .categories = {"technical"},
                          .attributes = {{"severity", "low"}},
                          .note = "first"})
                  .ok());
  ASSERT_TRUE(labeling
                  .Label({.item = item_,
                          .categories = {"technical"},
                          .attributes = {{"severity", "high"}, {"product_name", "Tab 10"}},
                          .note = "second"})
                  .ok());
  ASSERT_TRUE(labeling.Clear(item_).ok());
  EXPECT_FALSE(labeling.LabelsOf(item_)->mine);
  EXPECT_EQ(labeling.undoable(), 3u);
  size_t events = project_->pending_labels();

  Result<core::LabelEvent> undone = labeling.Undo();
  ASSERT_TRUE(undone.ok()) << undone.status().message();
  EXPECT_EQ(undone->item, item_);
  EXPECT_EQ(project_->pending_labels(), events + 1) << "an undo is a new event";
  std::optional<core::CurrentLabel> mine = labeling.LabelsOf(item_)->mine;
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->note, "second");
  EXPECT_EQ(mine->attributes,
            (std::map<std::string, std::string>{{"product_name", "Tab 10"}, {"severity", "high"}}));

  ASSERT_TRUE(labeling.Undo().ok());
  mine = labeling.LabelsOf(item_)->mine;
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->note, "first");
  EXPECT_EQ(mine->attributes, (std::map<std::string, std::string>{{"severity", "low"}}));

  ASSERT_TRUE(labeling.Undo().ok());
  EXPECT_FALSE(labeling.LabelsOf(item_)->mine) << "the item had no label before the sitting";
  EXPECT_TRUE(Fails(labeling.Undo().status(), StatusCode::kFailedPrecondition, {"nothing to undo"}));
}

// ---- skips ----

TEST_F(LabelAttributes, SkippedItemsArePassedOverUntilLabeledAndNeverCommitted) {
  Labeling labeling(*project_);
  Result<std::optional<int64_t>> first = labeling.NextUnlabeled(-1);
  ASSERT_TRUE(first.ok() && *first == 0);
  const uint64_t revision = project_->revision();
  ASSERT_TRUE(labeling.Skip(item_).ok());
  EXPECT_GT(project_->revision(), revision) << "views redraw for a skip";
  EXPECT_EQ(*labeling.NextUnlabeled(-1), 1) << "the skipped first item is passed over";
  EXPECT_EQ(*labeling.Skipped(), std::vector<std::string>{item_});
  EXPECT_EQ(ReadText(dir_ + "/.git/taxa/skipped-tester"), item_ + "\n");
  EXPECT_TRUE(Fails(labeling.Skip("no-such-item"), StatusCode::kNotFound, {"no-such-item"}));

  Result<ItemPage> skipped = Items(*project_).Find(ItemQuery{.state = ItemState::kSkipped});
  ASSERT_TRUE(skipped.ok()) << skipped.status().message();
  ASSERT_EQ(skipped->rows.size(), 1u);
  EXPECT_EQ(skipped->rows[0].row.item.id, item_);
  EXPECT_TRUE(skipped->rows[0].skipped);

  ASSERT_NO_FATAL_FAILURE(Label(*project_, item_, {"other.spam"}));
  EXPECT_TRUE(labeling.Skipped()->empty()) << "labeling takes the skip back";
  ASSERT_TRUE(labeling.Skip(other_).ok());
  ASSERT_TRUE(labeling.Unskip(other_).ok());
  EXPECT_TRUE(labeling.Skipped()->empty());
  ASSERT_TRUE(labeling.Skip(other_).ok());
  ASSERT_TRUE(project_->Flush().ok());
  Result<sync::Repository> repo = sync::Repository::Open(dir_);
  ASSERT_TRUE(repo.ok());
  Result<std::vector<std::string>> files = repo->ListFiles("");
  ASSERT_TRUE(files.ok());
  for (const std::string& f : *files) EXPECT_EQ(f.find("skip"), std::string::npos) << f;

  auto ann = Open(dir_, "ann", OpenMode::kReadOnly);
  EXPECT_TRUE(Labeling(*ann).Skipped()->empty()) << "skips are each user's own";
}

TEST_F(LabelAttributes, EveryWayOfLabelingTakesTheLabelersSkipBack) {
  // The web server labels through LabelEach, bulk work through LabelMany:
  // the skip goes with the label whichever face made it, and only the
  // labeler's own skip.
  Labeling labeling(*project_);
  ASSERT_TRUE(labeling.Skip(item_).ok());
  ASSERT_TRUE(labeling.Skip(other_).ok());
  std::vector<Result<core::LabelEvent>> each =
      labeling.LabelEach({{.by = "tester", .request = {.item = item_, .categories = {"other.spam"}}}});
  ASSERT_EQ(each.size(), 1u);
  ASSERT_TRUE(each[0].ok()) << each[0].status().message();
  EXPECT_EQ(*labeling.Skipped(), std::vector<std::string>{other_});
  ASSERT_TRUE(labeling.LabelMany({{.item = other_, .categories = {"other.spam"}, .annotator = "tester"}})
                  .ok());
  EXPECT_TRUE(labeling.Skipped()->empty());
  // Clearing a label is no labeling: a skip made after stays.
  ASSERT_TRUE(labeling.Skip(item_).ok());
  ASSERT_TRUE(labeling.Clear(item_).ok());
  EXPECT_EQ(*labeling.Skipped(), std::vector<std::string>{item_});
}

// ---- searching the items ----

class ItemSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeProject(dir_));
    auto lead = Open(dir_, "lead");
    // ann and bob agree on a, differ on c; bob alone labels b; gold for d.
    ASSERT_TRUE(Labeling(*lead)
                    .LabelMany({{.item = "a", .categories = {"billing"}, .annotator = "ann"},
                                {.item = "a", .categories = {"billing"}, .annotator = "bob"},
                                {.item = "c", .categories = {"billing"}, .annotator = "ann"},
                                {.item = "c", .categories = {"shipping"}, .annotator = "bob"},
                                {.item = "b", .categories = {"shipping"}, .annotator = "bob"}},
                               LabelCommit::kNow)
                    .ok());
    ASSERT_TRUE(Gold(*lead).Set("d", {"shipping"}, "policy").ok());
  }

  std::string Ids(Project& p, ItemQuery q) {
    Result<ItemPage> page = Items(p).Find(q);
    EXPECT_TRUE(page.ok()) << page.status().message();
    if (!page.ok()) return "error";
    std::string out;
    for (const ItemSummary& s : page->rows) out += s.row.item.id;
    return out;
  }

  TempDir tmp_;
  std::string dir_ = tmp_ / "p";
};

TEST_F(ItemSearch, TextIdMetadataAndStateNarrowTheListInProjectOrder) {
  auto ann = Open(dir_, "ann");
  EXPECT_EQ(Ids(*ann, {.text = "refund"}), "ac") << "ASCII case does not matter";
  EXPECT_EQ(Ids(*ann, {.text = "parcel"}), "be");
  EXPECT_EQ(Ids(*ann, {.id = "e"}), "e");
  EXPECT_EQ(Ids(*ann, {.meta_key = "lang", .meta_value = "en"}), "a");
  EXPECT_EQ(Ids(*ann, {.meta_key = "vip", .meta_value = "true"}), "a");
  EXPECT_EQ(Ids(*ann, {.state = ItemState::kUnlabeledByMe}), "bdef");
  EXPECT_EQ(Ids(*ann, {.state = ItemState::kMine}), "ac");
  EXPECT_EQ(Ids(*ann, {.state = ItemState::kGold}), "d");
  EXPECT_EQ(Ids(*ann, {.text = "parcel", .state = ItemState::kUnlabeledByMe}), "be");
  EXPECT_EQ(Ids(*ann, {.text = "zzz"}), "");
}

TEST_F(ItemSearch, DisagreementsShowOnlyWhereTheUserMaySeeTheLabels) {
  ASSERT_NO_FATAL_FAILURE(EditSettings(dir_, [](core::ProjectSettings& s) {
    s.roles = {{"lead", {"lead"}}};
  }));
  EXPECT_EQ(Ids(*Open(dir_, "lead"), {.state = ItemState::kDisagreement}), "c")
      << "a lead may see every label";
  EXPECT_EQ(Ids(*Open(dir_, "ann"), {.state = ItemState::kDisagreement}), "c")
      << "ann labeled c herself";
  EXPECT_EQ(Ids(*Open(dir_, "cy"), {.state = ItemState::kDisagreement}), "")
      << "cy labeled nothing: the others' labels stay hidden from her";
  ASSERT_NO_FATAL_FAILURE(
      EditSettings(dir_, [](core::ProjectSettings& s) { s.blind_labels = false; }));
  EXPECT_EQ(Ids(*Open(dir_, "cy"), {.state = ItemState::kDisagreement}), "c");
}

TEST_F(ItemSearch, PagesChainThroughTheCursorAndSayWhenTheyEnd) {
  auto ann = Open(dir_, "ann");
  ItemQuery q{.limit = 4};
  Result<ItemPage> one = Items(*ann).Find(q);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->rows.size(), 4u);
  EXPECT_EQ(one->next, 3);
  EXPECT_TRUE(one->rows[0].mine);
  EXPECT_TRUE(one->rows[0].others);
  EXPECT_FALSE(one->rows[1].mine);
  EXPECT_TRUE(one->rows[1].others);
  q.after = one->next;
  Result<ItemPage> two = Items(*ann).Find(q);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->rows.size(), 2u);
  EXPECT_EQ(two->rows[0].row.item.id, "e");
  EXPECT_EQ(two->next, -1);
  Result<std::vector<int64_t>> positions =
      Items(*ann).FindPositions({.text = "e", .after = 0, .limit = 10});
  ASSERT_TRUE(positions.ok());
  // "e" is in: "where is my parcel" (b), "charged twice, want a REFUND" (c),
  // "hello" (d), "parcel lost" (e), "bye" (f); a ("refund please") is before the cursor.
  EXPECT_EQ(*positions, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  Result<std::vector<ItemSummary>> at = Items(*ann).SummariesAt({4, 0, 99});
  ASSERT_TRUE(at.ok());
  ASSERT_EQ(at->size(), 2u);
  EXPECT_EQ((*at)[0].row.item.id, "e");
  EXPECT_EQ((*at)[1].row.item.id, "a");
}

TEST_F(ItemSearch, BadMetadataKeysAreRefusedAndWildcardsMatchThemselves) {
  auto ann = Open(dir_, "ann");
  EXPECT_TRUE(Fails(Items(*ann).Find(ItemQuery{.meta_key = "la\"ng", .meta_value = "x"}).status(),
                    StatusCode::kInvalidInput, {"la\"ng"}));
  EXPECT_EQ(Ids(*ann, {.text = "%"}), "");
  EXPECT_EQ(Ids(*ann, {.text = "_"}), "");
}

TEST(ItemQueryLine, WordsIdsPairsAndStatesAreReadFromOneLine) {
  Result<ItemQuery> q = ParseItemQuery("  refund  id:T-00 lang=en is:unlabeled \"a=b\"  please");
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->text, "refund a=b please");
  EXPECT_EQ(q->id, "T-00");
  EXPECT_EQ(q->meta_key, "lang");
  EXPECT_EQ(q->meta_value, "en");
  EXPECT_EQ(q->state, ItemState::kUnlabeledByMe);
  EXPECT_TRUE(Fails(ParseItemQuery("is:done").status(), StatusCode::kInvalidInput,
                    {"\"is:done\"", "is:unlabeled"}));
  EXPECT_TRUE(Fails(ParseItemQuery("a=1 b=2").status(), StatusCode::kInvalidInput,
                    {"\"b=2\"", "one KEY=VALUE"}));
  for (ItemState s : {ItemState::kUnlabeledByMe, ItemState::kSkipped, ItemState::kMine,
                      ItemState::kDisagreement, ItemState::kGold})
    EXPECT_EQ(ParseItemQuery("is:" + std::string(ItemStateWord(s)))->state, s);
}

// ---- calibration rounds ----

TEST_F(ItemSearch, TheWaitingRoundCountsTheUsersLabelsOfItsItems) {
  {
    auto lead = Open(dir_, "lead");
    ASSERT_TRUE(
        Calibration(*lead).Start({.name = "r1", .items = 6, .annotators = {"ann", "bob"}}).ok());
  }
  auto bob = Open(dir_, "bob");
  Result<std::optional<RoundWaiting>> waiting = Calibration(*bob).Waiting();
  ASSERT_TRUE(waiting.ok()) << waiting.status().message();
  ASSERT_TRUE(waiting->has_value());
  EXPECT_EQ((*waiting)->labeled, 3u) << "bob labeled a, b and c";
  Result<std::optional<core::ItemRow>> next = Items(*bob).Find((*waiting)->next_item);
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((*next)->ord, (*waiting)->next_ord);
  EXPECT_EQ(Labeling(*bob).LabelsOf((*waiting)->next_item)->mine, std::nullopt);
  for (const char* item : {"d", "e", "f"}) ASSERT_NO_FATAL_FAILURE(Label(*bob, item, {"billing"}));
  waiting = Calibration(*bob).Waiting();
  ASSERT_TRUE(waiting.ok());
  EXPECT_FALSE(waiting->has_value()) << "every round item is labeled";
}

// ---- history ----

TEST_F(ItemSearch, TheLogFiltersByActionAndAuthor) {
  {
    auto ann = Open(dir_, "ann");
    ASSERT_NO_FATAL_FAILURE(Label(*ann, "e", {"shipping"}));
  }
  auto lead = Open(dir_, "lead");
  Result<std::vector<sync::LogEntry>> all = History(*lead).Log(0);
  ASSERT_TRUE(all.ok());
  Result<std::vector<sync::LogEntry>> adds = History(*lead).Log({.action = "category.add"});
  ASSERT_TRUE(adds.ok()) << adds.status().message();
  ASSERT_EQ(adds->size(), 3u);
  for (const sync::LogEntry& e : *adds) EXPECT_EQ(ActionOf(e), "category.add");
  Result<std::vector<sync::LogEntry>> anns = History(*lead).Log({.author = "ann"});
  ASSERT_TRUE(anns.ok());
  ASSERT_EQ(anns->size(), 1u);
  EXPECT_EQ(ActionOf(anns->front()), "labels.commit");
  EXPECT_EQ(History(*lead).Log({.action = "labels.commit", .author = "lead"})->size(), 1u);
  EXPECT_EQ(History(*lead).Log({.action = "category.add", .limit = 2})->size(), 2u);
  EXPECT_TRUE(History(*lead).Log({.action = "no.such"})->empty());
}

TEST_F(ItemSearch, ShowNamesEachChangedFileAndTheFieldsOfTaxonomyAndSettings) {
  auto lead = Open(dir_, "lead");
  ASSERT_TRUE(TaxonomyEdits(*lead).Edit("shipping", {.definition = "Parcels and letters."}).ok());
  Result<std::vector<sync::LogEntry>> head = History(*lead).Log(1);
  ASSERT_TRUE(head.ok() && head->size() == 1);
  Result<CommitChange> edit = History(*lead).Show(head->front().commit);
  ASSERT_TRUE(edit.ok()) << edit.status().message();
  EXPECT_EQ(edit->entry.subject, head->front().subject);
  EXPECT_EQ(edit->parents.size(), 1u);
  ASSERT_EQ(edit->files.size(), 1u);
  const ChangedFile& f = edit->files[0];
  EXPECT_EQ(f.path, "taxonomy/categories/shipping.json");
  EXPECT_EQ(f.what, "category");
  EXPECT_EQ(f.kind, core::FileChange::Kind::kModified);
  ASSERT_EQ(f.fields.size(), 1u);
  EXPECT_EQ(f.fields[0].field, "definition");
  EXPECT_EQ(f.fields[0].before, "\"Parcels.\"");
  EXPECT_EQ(f.fields[0].after, "\"Parcels and letters.\"");

  // The labels commit of the fixture: five events in two annotators' segments.
  Result<std::vector<sync::LogEntry>> labels = History(*lead).Log({.action = "labels.commit"});
  ASSERT_TRUE(labels.ok() && labels->size() == 1);
  Result<CommitChange> labeled = History(*lead).Show(labels->front().commit);
  ASSERT_TRUE(labeled.ok()) << labeled.status().message();
  int64_t events = 0;
  for (const ChangedFile& file : labeled->files) {
    EXPECT_EQ(file.what, "labels") << file.path;
    events += file.records;
  }
  EXPECT_EQ(events, 5);

  // The first commit: taxa.json added, every field new.
  Result<std::vector<sync::LogEntry>> create = History(*lead).Log({.action = "project.create"});
  ASSERT_TRUE(create.ok() && create->size() == 1);
  Result<CommitChange> created = History(*lead).Show(create->front().commit);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->parents.empty());
  ASSERT_EQ(created->files.size(), 1u);
  EXPECT_EQ(created->files[0].what, "settings");
  EXPECT_EQ(created->files[0].kind, core::FileChange::Kind::kAdded);
  bool named = false;
  for (const FieldChange& fc : created->files[0].fields)
    if (fc.field == "name") named = !fc.before && fc.after == "\"Tickets\"";
  EXPECT_TRUE(named);

  EXPECT_TRUE(Fails(History(*lead).Show("HEAD").status(), StatusCode::kInvalidInput, {"HEAD"}));
  EXPECT_EQ(History(*lead).Show(std::string(40, '0')).status().code(), StatusCode::kNotFound);
}

// ---- remotes ----

TEST_F(ItemSearch, RemotesCanBePointedElsewhereAndRemoved) {
  auto lead = Open(dir_, "lead");
  Remotes remotes(*lead);
  ASSERT_TRUE(remotes.Add("hub", tmp_ / "hub.git").ok());
  ASSERT_TRUE(remotes.SetUrl("hub", "../other.git").ok());
  Result<std::vector<Remote>> list = remotes.List();
  ASSERT_TRUE(list.ok() && list->size() == 1);
  EXPECT_EQ(list->front().url, tmp_ / "other.git") << "made absolute from the project";
  EXPECT_TRUE(Fails(remotes.SetUrl("hub", ""), StatusCode::kInvalidInput, {"needs a url"}));
  EXPECT_TRUE(Fails(remotes.SetUrl("nope", "/x"), StatusCode::kNotFound, {"\"nope\""}));
  ASSERT_TRUE(remotes.Remove("hub").ok());
  EXPECT_TRUE(remotes.List()->empty());
  EXPECT_TRUE(Fails(remotes.Remove("hub"), StatusCode::kNotFound, {"\"hub\""}));
}

// ---- switching projects ----

std::optional<Status> PollUntilDone(ProjectHost& host) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::optional<Status> s = host.Poll()) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

TEST_F(ItemSearch, AFailedOpenKeepsTheCurrentProjectWithItsLabelsCommitted) {
  ProjectHost host(As("ann"));
  host.Adopt(Open(dir_, "ann"));
  ASSERT_NO_FATAL_FAILURE(Label(*host.project(), "e", {"shipping"}));
  ASSERT_EQ(host.project()->pending_labels(), 1u);
  const uint64_t generation = host.generation();

  ASSERT_TRUE(host.Start("Opening", OpenJob(tmp_ / "nothing-here"), tmp_ / "nothing-here").ok());
  std::optional<Status> done = PollUntilDone(host);
  ASSERT_TRUE(done.has_value());
  EXPECT_FALSE(done->ok());
  ASSERT_NE(host.project(), nullptr) << "the open project stays open";
  EXPECT_EQ(host.project()->dir(), dir_);
  EXPECT_EQ(host.generation(), generation);
  EXPECT_EQ(host.project()->pending_labels(), 0u) << "committed before the switch began";
  ASSERT_NO_FATAL_FAILURE(Label(*host.project(), "f", {"shipping"})) << "and still writable";
}

TEST_F(ItemSearch, OpeningTheFolderAlreadyOpenSaysSo) {
  ProjectHost host(As("ann"));
  host.Adopt(Open(dir_, "ann"));
  Status again = host.Start("Opening", OpenJob(dir_), dir_ + "/");
  EXPECT_TRUE(Fails(again, StatusCode::kAlreadyExists, {dir_, "open already"}));
  EXPECT_FALSE(host.busy());
  ASSERT_NE(host.project(), nullptr);
  EXPECT_TRUE(host.project()->writable());
}

TEST_F(ItemSearch, ASuccessfulOpenClosesThePreviousProject) {
  std::string other = tmp_ / "other";
  ASSERT_TRUE(Project::Create(other, "Other", As("ann")).ok());
  ProjectHost host(As("ann"));
  host.Adopt(Open(dir_, "ann"));
  ASSERT_TRUE(host.Start("Opening", OpenJob(other), other).ok());
  std::optional<Status> done = PollUntilDone(host);
  ASSERT_TRUE(done.has_value() && done->ok()) << (done ? done->message() : "timed out");
  EXPECT_EQ(host.project()->dir(), other);
  EXPECT_TRUE(Project::Open(dir_, As("ann")).ok()) << "the first project's lock was let go";
}

}  // namespace
}  // namespace taxa::app
