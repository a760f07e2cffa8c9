// What the web Label and Items pages ask of the session: progress (today,
// the queue), the deprecated-category state, the calibration round of an
// item, the label form field by field, and media files read only from the
// project's media folder when their SHA-256 matches.
#include <unistd.h>

#include <filesystem>

#include "session/calibration.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include "support/settings_edit.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::EditRoles;
using taxa::testing::EditSettings;
using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

std::unique_ptr<Project> Open(const std::string& dir, const std::string& user) {
  Result<std::unique_ptr<Project>> p = Project::Open(dir, {.user = user});
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? std::move(*p) : nullptr;
}

// Items a..f; ann labels a (billing) and c (billing), bob a (billing), b and
// c (shipping); the lead is "lead", ann and bob annotators.
class LabelPage : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto p = Project::Create(dir_, "Tickets", {.user = "lead"});
      ASSERT_TRUE(p.ok()) << p.status().message();
      TaxonomyEdits edits(**p);
      ASSERT_TRUE(edits.Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
      ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
      std::string items;
      for (const char* id : {"a", "b", "c", "d", "e", "f"})
        items += std::string("{\"id\":\"") + id + "\",\"text\":\"item " + id + "\"}\n";
      ASSERT_TRUE(Items(**p).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
      ASSERT_TRUE(Labeling(**p)
                      .LabelMany({{.item = "a", .categories = {"billing"}, .annotator = "ann"},
                                  {.item = "c", .categories = {"billing"}, .annotator = "ann"},
                                  {.item = "a", .categories = {"billing"}, .annotator = "bob"},
                                  {.item = "b", .categories = {"shipping"}, .annotator = "bob"},
                                  {.item = "c", .categories = {"shipping"}, .annotator = "bob"}},
                                 LabelCommit::kNow)
                      .ok());
    }
    // Written in the older form (role -> people), which still reads.
    ASSERT_NO_FATAL_FAILURE(
        EditRoles(dir_, R"({"lead":["lead"],"annotator":["ann","bob","cy"]})"));
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

TEST_F(LabelPage, ProgressCountsTodaysLabelsSkipsAndWhatIsLeftInTheQueue) {
  auto ann = Open(dir_, "ann");
  ASSERT_TRUE(Labeling(*ann).Skip("d").ok());
  ASSERT_TRUE(Labeling(*ann).Skip("e").ok());
  ASSERT_TRUE(Labeling(*ann).Label({.item = "e", .categories = {"shipping"}}).ok());
  Result<LabelingProgress> p = Labeling(*ann).Progress();
  ASSERT_TRUE(p.ok()) << p.status().message();
  // 6 items; a, c and e labeled by ann (all of them just now); d skipped
  // (e was skipped too, then labeled); b and f left.
  EXPECT_EQ(p->items, 6);
  EXPECT_EQ(p->labeled_by_me, 3);
  EXPECT_EQ(p->labeled_today, 3);
  EXPECT_EQ(p->skipped, 1);
  EXPECT_EQ(p->left, 2);
  ann.reset();
  auto cy = Open(dir_, "cy");
  Result<LabelingProgress> none = Labeling(*cy).Progress();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->labeled_today, 0);
  EXPECT_EQ(none->left, 6);
}

TEST_F(LabelPage, TheDeprecatedStateFindsLabelsUnderADeprecatedCategoryAsTheBlindingRuleAllows) {
  {
    auto lead = Open(dir_, "lead");
    EXPECT_EQ(Ids(*lead, {.state = ItemState::kDeprecated}), "") << "nothing is deprecated yet";
    ASSERT_TRUE(TaxonomyEdits(*lead).Deprecate("shipping", "billing").ok());
    EXPECT_EQ(Ids(*lead, {.state = ItemState::kDeprecated}), "bc") << "a lead sees every label";
  }
  EXPECT_EQ(Ids(*Open(dir_, "bob"), {.state = ItemState::kDeprecated}), "bc") << "bob's own labels";
  EXPECT_EQ(Ids(*Open(dir_, "ann"), {.state = ItemState::kDeprecated}), "")
      << "ann's labels are all billing; bob's stay hidden from her";
  ASSERT_NO_FATAL_FAILURE(
      EditSettings(dir_, [](core::ProjectSettings& s) { s.blind_labels = false; }));
  EXPECT_EQ(Ids(*Open(dir_, "ann"), {.state = ItemState::kDeprecated, .limit = 1}), "b");
  Result<ItemState> word = ParseItemState("deprecated");
  ASSERT_TRUE(word.ok());
  EXPECT_EQ(*word, ItemState::kDeprecated);
  EXPECT_EQ(ParseItemQuery("is:deprecated")->state, ItemState::kDeprecated);
  EXPECT_TRUE(Fails(ParseItemState("old").status(), StatusCode::kInvalidInput, {"deprecated"}));
}

TEST_F(LabelPage, TheRoundOfAnItemIsNamedOnlyToItsAnnotators) {
  {
    auto lead = Open(dir_, "lead");
    ASSERT_TRUE(
        Calibration(*lead).Start({.name = "r1", .items = 6, .annotators = {"ann", "cy"}}).ok());
  }
  auto ann = Open(dir_, "ann");
  Result<std::optional<RoundWaiting>> round = Calibration(*ann).RoundOf("b");
  ASSERT_TRUE(round.ok()) << round.status().message();
  ASSERT_TRUE(round->has_value());
  EXPECT_EQ((*round)->round.name, "r1");
  EXPECT_EQ((*round)->labeled, 2u) << "ann labeled a and c";
  EXPECT_EQ((*round)->more, 0u);
  EXPECT_EQ((*round)->next_item, "b");
  EXPECT_EQ((*round)->next_ord, 1);
  // bob's label of b is withheld from ann while she has not labeled it.
  Result<ItemLabels> labels = Labeling(*ann).LabelsOf("b");
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(labels->withheld, 1u);
  EXPECT_NE(labels->withheld_why.find("calibration round r1"), std::string::npos);
  Result<std::optional<RoundWaiting>> no_item = Calibration(*ann).RoundOf("zz");
  ASSERT_TRUE(no_item.ok());
  EXPECT_FALSE(no_item->has_value());
  ann.reset();

  Result<std::optional<RoundWaiting>> not_listed = Calibration(*Open(dir_, "bob")).RoundOf("b");
  ASSERT_TRUE(not_listed.ok());
  EXPECT_FALSE(not_listed->has_value()) << "bob is not in the round";
}

// ---- the label form ----

class LabelForm : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = Project::CreateDemo(dir_, {.user = "tester"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    project_ = std::move(*p);
  }
  TempDir tmp_;
  std::string dir_ = tmp_ / "demo";
  std::unique_ptr<Project> project_;
};

TEST_F(LabelForm, TheSchemaGivesEachCategoryItsOwnAndItsAncestorsAttributes) {
  LabelFormSchema schema = Labeling(*project_).FormSchema();
  // The demo's taxonomy.json: technical has severity and product_name,
  // technical.connectivity adds repeat_contact; other.spam has none.
  EXPECT_EQ(schema.by_category.at("technical.connectivity"),
            (std::vector<std::string>{"severity", "product_name", "repeat_contact"}));
  EXPECT_EQ(schema.by_category.at("technical"),
            (std::vector<std::string>{"severity", "product_name"}));
  EXPECT_TRUE(schema.by_category.at("other.spam").empty());
  EXPECT_EQ(schema.by_category.size(), project_->taxonomy().size());
  EXPECT_EQ(schema.attributes.size(), project_->taxonomy().attributes().size());
}

TEST_F(LabelForm, EachValueAtFaultGetsTheMessageTaxaLabelGivesIt) {
  Labeling labeling(*project_);
  LabelCheck check = labeling.CheckForm({.item = "x",
                                         .categories = {"technical"},
                                         .attributes = {{"severity", "urgent"},
                                                        {"product_name", "Tab 10"}}});
  EXPECT_EQ(check.error,
            "attribute \"severity\": value \"urgent\" is not one of low, medium, high, critical");
  ASSERT_EQ(check.fields.size(), 1u);
  EXPECT_EQ(check.fields.at("severity"), check.error);
  ASSERT_EQ(check.attributes.size(), 2u);
  EXPECT_EQ(check.attributes[0].id, "severity");

  LabelCheck two = labeling.CheckForm({.item = "x",
                                       .categories = {"billing.refund_request"},
                                       .attributes = {{"refund_amount", "12,50"},
                                                      {"repeat_contact", "yes"}}});
  ASSERT_EQ(two.fields.size(), 2u);
  EXPECT_NE(two.fields.at("refund_amount").find("\"12,50\" is not a number"), std::string::npos);
  EXPECT_NE(two.fields.at("repeat_contact").find("is not true or false"), std::string::npos);

  LabelCheck unknown = labeling.CheckForm({.item = "x", .categories = {"no.such"},
                                           .attributes = {{"severity", "low"}}});
  EXPECT_EQ(unknown.error, "unknown category \"no.such\"");
  EXPECT_TRUE(unknown.fields.empty()) << "a message about the categories is no field's";

  LabelCheck fine = labeling.CheckForm(
      {.item = "x", .categories = {"technical"}, .attributes = {{"severity", "high"}}});
  EXPECT_EQ(fine.error, "");
  EXPECT_TRUE(fine.fields.empty());
  EXPECT_EQ(project_->pending_labels(), 0u) << "a check records nothing";
}

// ---- media ----

class MediaFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(folder_ + "/cats");
    std::filesystem::create_directories(outside_);
    WriteText(folder_ + "/cats/tom.png", "not really a png, but bytes");
    WriteText(outside_ + "/secret.png", "the secret next door");
  }
  // The file's SHA-256 as coreutils' sha256sum computes it.
  static std::string Sha256Sum(const std::string& path) {
    taxa::testing::CommandResult r = RunCommand("sha256sum '" + path + "'");
    EXPECT_EQ(r.exit_code, 0);
    return r.out.substr(0, 64);
  }
  core::Item ItemOf(const std::string& path, const std::string& sha256) {
    return {.id = "m", .media_path = path, .media_sha256 = sha256};
  }
  TempDir tmp_;
  std::string folder_ = tmp_ / "media";
  std::string outside_ = tmp_ / "outside";
};

TEST_F(MediaFiles, AFileWhoseHashMatchesIsReadWithItsType) {
  Result<MediaFile> file =
      Items::ReadMedia(folder_, ItemOf("cats/tom.png", Sha256Sum(folder_ + "/cats/tom.png")));
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->bytes, "not really a png, but bytes");
  EXPECT_EQ(file->type, "image/png");
  EXPECT_EQ(file->path, "cats/tom.png");
}

TEST_F(MediaFiles, AChangedFileIsRefusedNamingBothHashes) {
  const std::string want = Sha256Sum(outside_ + "/secret.png");
  Status changed = Items::ReadMedia(folder_, ItemOf("cats/tom.png", want)).status();
  EXPECT_TRUE(Fails(changed, StatusCode::kFailedPrecondition,
                    {"item \"m\"", "cats/tom.png", want, Sha256Sum(folder_ + "/cats/tom.png")}));
  Status big = Items::ReadMedia(folder_, ItemOf("cats/tom.png", Sha256Sum(folder_ + "/cats/tom.png")),
                                /*max_bytes=*/4)
                   .status();
  EXPECT_TRUE(Fails(big, StatusCode::kFailedPrecondition, {"over the limit"}));
}

TEST_F(MediaFiles, PathsThatLeaveTheFolderAreNotFound) {
  const std::string secret = Sha256Sum(outside_ + "/secret.png");
  for (const std::string& path :
       {std::string("../outside/secret.png"), std::string("cats/../../outside/secret.png"),
        outside_ + "/secret.png", std::string("cats//tom.png"), std::string("./cats/tom.png")})
    EXPECT_TRUE(Fails(Items::ReadMedia(folder_, ItemOf(path, secret)).status(),
                      StatusCode::kNotFound, {"not a path inside the media folder"}))
        << path;
  EXPECT_TRUE(Fails(Items::ReadMedia(folder_, ItemOf("cats/none.png", secret)).status(),
                    StatusCode::kNotFound, {"cats/none.png"}));
  EXPECT_TRUE(Fails(Items::ReadMedia(folder_, ItemOf("cats", secret)).status(),
                    StatusCode::kNotFound, {"not a regular file"}));
  EXPECT_TRUE(Fails(Items::ReadMedia(folder_, {.id = "t", .text = "hello"}).status(),
                    StatusCode::kNotFound, {"has no media file"}));
}

TEST_F(MediaFiles, SymbolicLinksBelowTheFolderAreNeverFollowed) {
  const std::string secret = Sha256Sum(outside_ + "/secret.png");
  ASSERT_EQ(::symlink((outside_ + "/secret.png").c_str(), (folder_ + "/link.png").c_str()), 0);
  ASSERT_EQ(::symlink(outside_.c_str(), (folder_ + "/away").c_str()), 0);
  // Even a link inside the folder to a file inside it: nothing is followed.
  ASSERT_EQ(::symlink("cats/tom.png", (folder_ + "/inside.png").c_str()), 0);
  EXPECT_TRUE(Fails(Items::ReadMedia(folder_, ItemOf("link.png", secret)).status(),
                    StatusCode::kNotFound, {"link.png", "symbolic link"}));
  EXPECT_TRUE(Fails(Items::ReadMedia(folder_, ItemOf("away/secret.png", secret)).status(),
                    StatusCode::kNotFound, {"away"}));
  EXPECT_TRUE(Fails(Items::ReadMedia(folder_, ItemOf("inside.png", Sha256Sum(folder_ + "/cats/tom.png")))
                        .status(),
                    StatusCode::kNotFound, {"symbolic link"}));
  // The folder itself may be a link (to a data disk).
  const std::string linked = tmp_ / "linked-media";
  ASSERT_EQ(::symlink(folder_.c_str(), linked.c_str()), 0);
  EXPECT_TRUE(Items::ReadMedia(linked, ItemOf("cats/tom.png", Sha256Sum(folder_ + "/cats/tom.png"))).ok());
}

TEST_F(MediaFiles, AProjectsMediaItemIsReadFromItsMediaFolder) {
  const std::string dir = tmp_ / "p";
  auto p = Project::Create(dir, "Pictures", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  std::filesystem::create_directories(dir + "/media/cats");
  std::filesystem::copy_file(folder_ + "/cats/tom.png", dir + "/media/cats/tom.png");
  const std::string sha = Sha256Sum(folder_ + "/cats/tom.png");
  std::string items = "{\"id\":\"m1\",\"path\":\"cats/tom.png\",\"sha256\":\"" + sha + "\"}\n" +
                      "{\"id\":\"t1\",\"text\":\"words\"}\n";
  ASSERT_TRUE(Items(**p).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  EXPECT_EQ(MediaFolder(dir), dir + "/media");
  Result<MediaFile> file = Items(**p).Media("m1");
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->bytes, "not really a png, but bytes");
  EXPECT_TRUE(Fails(Items(**p).Media("t1").status(), StatusCode::kNotFound, {"has no media file"}));
  EXPECT_TRUE(Fails(Items(**p).Media("zz").status(), StatusCode::kNotFound, {"no item \"zz\""}));
}

}  // namespace
}  // namespace taxa::app
