// Structural changes that carry labels: merge, split and replacement chains
// end to end through the session (labels before, the change, a release, the
// same labels read through export, status, agree and the gold report after,
// and the export as made unchanged), and the relabel queue a split leaves.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "session/gold.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/quality_service.h"
#include "session/relabel.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"
#include "support/settings_edit.h"
#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

core::Category Cat(std::string id, std::string name = "") {
  core::Category c;
  c.id = std::move(id);
  c.name = name.empty() ? c.id : std::move(name);
  c.definition = "Definition of " + c.name;
  return c;
}

core::Category Ref(std::string id) {
  core::Category c;
  c.id = std::move(id);
  return c;
}

class LabelForwardSession : public ::testing::Test {
 protected:
  // A project of items t1..t<items> and `categories`, labeled by `labels`
  // (item, annotator, category), as "lead".
  std::unique_ptr<Project> Make(const std::vector<std::string>& categories, int items,
                                const std::vector<std::vector<std::string>>& labels) {
    {
      auto created = Project::Create(tmp_ / "p", "Zoo", {.user = "lead"});
      EXPECT_TRUE(created.ok()) << created.status().message();
    }
    // Everyone may see every label (the queue of a blind project shows
    // each person their own).
    taxa::testing::EditSettings(tmp_ / "p", [](core::ProjectSettings& s) { s.blind_labels = false; });
    auto p = Project::Open(tmp_ / "p", {.user = "lead"});
    EXPECT_TRUE(p.ok()) << p.status().message();
    for (const std::string& id : categories) EXPECT_TRUE(TaxonomyEdits(**p).Add(Cat(id)).ok());
    std::string lines;
    for (int i = 1; i <= items; ++i)
      lines += "{\"id\":\"t" + std::to_string(i) + "\",\"text\":\"item " + std::to_string(i) + "\"}\n";
    EXPECT_TRUE(Items(**p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
    std::vector<LabelRequest> requests;
    for (const auto& l : labels)
      requests.push_back({.item = l[0], .categories = {l[2]}, .annotator = l[1]});
    EXPECT_TRUE(Labeling(**p).LabelMany(requests, LabelCommit::kNow).ok());
    return std::move(*p);
  }

  static std::unique_ptr<Project> As(const std::string& dir, const std::string& user,
                                     OpenMode mode = OpenMode::kWrite) {
    auto p = Project::Open(dir, {.user = user, .mode = mode});
    EXPECT_TRUE(p.ok()) << p.status().message();
    return std::move(*p);
  }

  // The export, one JSON object per item by id.
  static std::map<std::string, nlohmann::json> Export(Project& p, bool as_made = false) {
    std::map<std::string, nlohmann::json> out;
    EXPECT_TRUE(Items(p)
                    .Export(
                        [&](std::string_view line) {
                          nlohmann::json j = nlohmann::json::parse(line);
                          out[j["id"]] = j;
                          return Status::Ok();
                        },
                        as_made)
                    .ok());
    return out;
  }

  static std::map<std::string, int64_t> ByCategory(Project& p) {
    Result<core::IndexCounts> c = Items(p).Counts();
    EXPECT_TRUE(c.ok());
    return {c->by_category.begin(), c->by_category.end()};
  }

  static AgreeRow Overall(Project& p) {
    Result<std::vector<AgreeRow>> rows = Quality(p).Agree({});
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows->front();
  }

  static std::map<std::string, double> GoldAccuracy(const GoldReport& r) {
    std::map<std::string, double> out;
    for (const GoldScore& s : r.annotators) out[s.annotator] = s.accuracy;
    return out;
  }

  // The ids of the items `is:disagreement` finds, in project order.
  static std::string Disagreements(Project& p) {
    Result<ItemPage> page = Items(p).Find(ItemQuery{.state = ItemState::kDisagreement});
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::string out;
    if (page.ok())
      for (const ItemSummary& s : page->rows) out += s.row.item.id + " ";
    return out;
  }

  std::string LastCommitMessage() {
    return RunCommand("git -C " + (tmp_ / "p") + " log -1 --format=%B").out;
  }

  TempDir tmp_;
};

TEST_F(LabelForwardSession, AMergeCarriesLabelsThroughExportStatusAgreeAndGold) {
  auto p = Make({"cats", "dogs", "fish"}, 4,
                {{"t1", "ann", "cats"}, {"t2", "ann", "dogs"}, {"t3", "ann", "fish"},
                 {"t4", "ann", "cats"}, {"t1", "bob", "dogs"}, {"t2", "bob", "cats"},
                 {"t3", "bob", "fish"}, {"t4", "bob", "dogs"}});
  ASSERT_TRUE(Gold(*p).Set("t1", {"cats"}, "").ok());
  ASSERT_TRUE(Gold(*p).Set("t2", {"dogs"}, "").ok());
  ASSERT_TRUE(Gold(*p).Set("t3", {"fish"}, "").ok());

  // Before. Alpha by hand (Krippendorff 2011): n_cats = n_dogs = 3, n_fish =
  // 2, n = 8; o(cats,dogs) = o(dogs,cats) = 3, o(fish,fish) = 2; D_o = 6/8,
  // D_e = 2 (9 + 6 + 6) / 56 = 6/8: alpha = 0.
  const std::map<std::string, nlohmann::json> before = Export(*p);
  EXPECT_EQ(before.at("t1")["labels"]["ann"], nlohmann::json::parse(R"(["cats"])"));
  EXPECT_NEAR(Overall(*p).report.value, 0.0, 1e-12);
  EXPECT_EQ(Disagreements(*p), "t1 t2 t4 ");
  EXPECT_EQ(ByCategory(*p), (std::map<std::string, int64_t>{{"cats", 3}, {"dogs", 3}, {"fish", 2}}));
  Result<GoldReport> gold_before = Gold(*p).Report("");
  ASSERT_TRUE(gold_before.ok());
  EXPECT_EQ(GoldAccuracy(*gold_before), (std::map<std::string, double>{{"ann", 1.0}, {"bob", 1.0 / 3}}));

  ASSERT_TRUE(TaxonomyEdits(*p).WithRationale("nobody tells them apart").Merge(
      {"cats", "dogs"}, Cat("pets", "Pets")).ok());
  const std::string message = LastCommitMessage();
  for (const char* line : {"Taxa-Action: category.merge", "Taxa-Category: cats",
                           "Taxa-Category: dogs", "Taxa-Into: pets",
                           "Taxa-Rationale: nobody tells them apart"})
    EXPECT_NE(message.find(line), std::string::npos) << line << "\n" << message;
  ASSERT_TRUE(Releases(*p).Release({.version = "1.0.0"}).ok());

  // After, in this session and in a new one.
  for (int reopened = 0; reopened < 2; ++reopened) {
    std::unique_ptr<Project> fresh =
        reopened ? As(tmp_ / "p", "lead", OpenMode::kReadOnly) : nullptr;
    Project& q = reopened ? *fresh : *p;
    const std::map<std::string, nlohmann::json> after = Export(q);
    EXPECT_EQ(after.at("t1")["labels"],
              nlohmann::json::parse(R"({"ann":["pets"],"bob":["pets"]})"));
    EXPECT_EQ(after.at("t3")["labels"],
              nlohmann::json::parse(R"({"ann":["fish"],"bob":["fish"]})"));
    EXPECT_FALSE(after.at("t1").contains("outdated"));
    // Every pair agrees now: D_o = 0, so alpha = 1.
    AgreeRow row = Overall(q);
    EXPECT_DOUBLE_EQ(row.report.value, 1.0);
    EXPECT_EQ(row.report.items, 4u);
    EXPECT_EQ(row.outdated_labels, 0u);
    EXPECT_EQ(Disagreements(q), "") << "cats and dogs read as pets on both sides";
    EXPECT_EQ(ByCategory(q), (std::map<std::string, int64_t>{{"fish", 2}, {"pets", 6}}));
    Result<GoldReport> gold = Gold(q).Report("");
    ASSERT_TRUE(gold.ok());
    EXPECT_EQ(GoldAccuracy(*gold), (std::map<std::string, double>{{"ann", 1.0}, {"bob", 1.0}}));
    Result<ConsensusReport> consensus = Quality(q).Consensus();
    ASSERT_TRUE(consensus.ok());
    EXPECT_EQ(consensus->items.front().label, "pets");
    // As made: exactly the export from before the change.
    EXPECT_EQ(Export(q, true), before);
    // ... and the next export reads forward again.
    EXPECT_EQ(Export(q).at("t2")["labels"]["bob"], nlohmann::json::parse(R"(["pets"])"));
  }
  // A label on a merged category is refused naming what replaces it.
  EXPECT_TRUE(Fails(Labeling(*p).Label({.item = "t1", .categories = {"cats"}}).status(),
                    StatusCode::kInvalidInput, {"\"cats\" is deprecated; use \"pets\""}));
  EXPECT_TRUE(Fails(Gold(*p).Set("t4", {"dogs"}, "").status(), StatusCode::kInvalidInput,
                    {"\"dogs\" is deprecated; use \"pets\""}));
}

TEST_F(LabelForwardSession, ASplitCountsItsLabelsApartUntilTheQueueIsRelabeled) {
  auto p = Make({"animals", "plants", "fungi"}, 6,
                {{"t1", "ann", "animals"}, {"t2", "ann", "animals"}, {"t3", "ann", "plants"},
                 {"t4", "ann", "plants"}, {"t5", "ann", "fungi"}, {"t6", "ann", "fungi"},
                 {"t1", "bob", "animals"}, {"t2", "bob", "plants"}, {"t3", "bob", "plants"},
                 {"t4", "bob", "plants"}, {"t5", "bob", "plants"}, {"t6", "bob", "fungi"}});
  ASSERT_TRUE(Gold(*p).Set("t1", {"animals"}, "").ok());
  ASSERT_TRUE(Gold(*p).Set("t3", {"plants"}, "").ok());
  const std::map<std::string, nlohmann::json> before = Export(*p);

  core::Category mammals = Cat("mammals"), birds = Cat("birds");
  mammals.definition = "Has fur";
  birds.definition = "Has feathers";
  ASSERT_TRUE(TaxonomyEdits(*p).Split("animals", {mammals, birds}).ok());
  const std::string message = LastCommitMessage();
  for (const char* line : {"Taxa-Action: category.split", "Taxa-Category: animals",
                           "Taxa-Into: mammals", "Taxa-Into: birds"})
    EXPECT_NE(message.find(line), std::string::npos) << line << "\n" << message;
  ASSERT_TRUE(Releases(*p).Release({.version = "2.0.0"}).ok());

  // Export: outdated labels apart, as recorded.
  std::map<std::string, nlohmann::json> after = Export(*p);
  EXPECT_EQ(after.at("t1")["labels"], nlohmann::json::object());
  EXPECT_EQ(after.at("t1")["outdated"],
            nlohmann::json::parse(R"({"ann":["animals"],"bob":["animals"]})"));
  EXPECT_EQ(after.at("t2")["labels"], nlohmann::json::parse(R"({"bob":["plants"]})"));
  EXPECT_EQ(after.at("t2")["outdated"], nlohmann::json::parse(R"({"ann":["animals"]})"));
  EXPECT_EQ(Export(*p, true), before);

  // Agree leaves the three outdated labels out and says so. By hand on the
  // rest (t2 has one label left, not pairable): plants 5, fungi 3, n = 8;
  // o(p,p) = 4, o(f,f) = 2, o(p,f) = o(f,p) = 1; D_o = 2/8, D_e = 30/56:
  // alpha = 1 - 14/30 = 8/15.
  AgreeRow row = Overall(*p);
  EXPECT_EQ(row.outdated_labels, 3u);
  EXPECT_NEAR(row.report.value, 8.0 / 15.0, 1e-12);
  Result<core::IndexCounts> counts = Items(*p).Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->outdated_labels, 3);
  EXPECT_EQ(ByCategory(*p), (std::map<std::string, int64_t>{{"fungi", 3}, {"plants", 6}}));
  Result<GoldReport> gold = Gold(*p).Report("");
  ASSERT_TRUE(gold.ok());
  EXPECT_EQ(gold->outdated_gold, 1u);
  EXPECT_EQ(gold->outdated_labels, 3u);
  Result<ConsensusReport> consensus = Quality(*p).Consensus();
  ASSERT_TRUE(consensus.ok());
  EXPECT_EQ(consensus->outdated_labels, 3u);

  // The queue, and the filter over it.
  Result<std::vector<RelabelEntry>> queue = Relabel(*p).List();
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 3u);
  std::vector<std::string> seen;
  for (const RelabelEntry& e : *queue) {
    seen.push_back(e.item + "/" + e.annotator);
    EXPECT_EQ(e.recorded, (std::vector<std::string>{"animals"}));
    EXPECT_EQ(e.choices, (std::vector<std::string>{"birds", "mammals"}));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"t1/ann", "t1/bob", "t2/ann"}));
  Result<ItemPage> to_relabel = Items(*p).Find(ItemQuery{.state = ItemState::kToRelabel});
  ASSERT_TRUE(to_relabel.ok());
  ASSERT_EQ(to_relabel->rows.size(), 2u);
  EXPECT_EQ(to_relabel->rows[0].row.item.id, "t1");
  EXPECT_EQ(to_relabel->rows[1].row.item.id, "t2");

  // A label on the split category is refused naming the parts.
  EXPECT_TRUE(Fails(Labeling(*p).Label({.item = "t1", .categories = {"animals"}}).status(),
                    StatusCode::kInvalidInput, {"\"animals\" was split", "\"mammals\""}));

  // Relabeling empties the queue, one annotator at a time.
  p.reset();
  for (const auto& [who, relabels] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"ann", {"mammals", "birds"}}, {"bob", {"mammals"}}}) {
    auto q = As(tmp_ / "p", who);
    for (const std::string& category : relabels) {
      Result<std::optional<RelabelEntry>> next = Relabel(*q).Next();
      ASSERT_TRUE(next.ok());
      ASSERT_TRUE(next->has_value()) << who;
      EXPECT_EQ((*next)->annotator, who);
      ASSERT_TRUE(Labeling(*q).Label({.item = (*next)->item, .categories = {category}}).ok());
    }
    Result<std::optional<RelabelEntry>> none = Relabel(*q).Next();
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value()) << who;
    ASSERT_TRUE(q->Flush().ok());
  }
  auto q = As(tmp_ / "p", "lead");
  queue = Relabel(*q).List();
  ASSERT_TRUE(queue.ok());
  EXPECT_TRUE(queue->empty());
  EXPECT_EQ(Overall(*q).outdated_labels, 0u);
  after = Export(*q);
  EXPECT_EQ(after.at("t1")["labels"],
            nlohmann::json::parse(R"({"ann":["mammals"],"bob":["mammals"]})"));
  EXPECT_EQ(after.at("t2")["labels"], nlohmann::json::parse(R"({"ann":["birds"],"bob":["plants"]})"));
  EXPECT_FALSE(after.at("t1").contains("outdated"));
  to_relabel = Items(*q).Find(ItemQuery{.state = ItemState::kToRelabel});
  ASSERT_TRUE(to_relabel.ok());
  EXPECT_TRUE(to_relabel->rows.empty());
}

TEST_F(LabelForwardSession, AChainOfThreeChangesLeadsLabelsToItsEnd) {
  auto p = Make({"cats", "birds", "fish"}, 3,
                {{"t1", "ann", "cats"}, {"t2", "ann", "birds"}, {"t3", "ann", "fish"},
                 {"t1", "bob", "cats"}, {"t2", "bob", "cats"}, {"t3", "bob", "fish"}});
  ASSERT_TRUE(Gold(*p).Set("t1", {"cats"}, "").ok());
  const std::map<std::string, nlohmann::json> before = Export(*p);
  TaxonomyEdits edits(*p);
  ASSERT_TRUE(edits.Merge({"cats"}, Cat("pets")).ok());                 // cats -> pets
  ASSERT_TRUE(edits.Add(Cat("companions")).ok());
  ASSERT_TRUE(edits.Deprecate("pets", "companions").ok());              // pets -> companions
  ASSERT_TRUE(edits.Merge({"companions", "birds"}, Cat("animals")).ok());  // -> animals
  core::CategoryEdit rename;
  rename.name = "All animals";
  ASSERT_TRUE(edits.Edit("animals", rename).ok());  // a rename keeps the id
  ASSERT_TRUE(Releases(*p).Release({.version = "3.0.0"}).ok()) << "a chain is a valid taxonomy";

  const std::map<std::string, nlohmann::json> after = Export(*p);
  EXPECT_EQ(after.at("t1")["labels"],
            nlohmann::json::parse(R"({"ann":["animals"],"bob":["animals"]})"));
  EXPECT_EQ(after.at("t2")["labels"],
            nlohmann::json::parse(R"({"ann":["animals"],"bob":["animals"]})"));
  EXPECT_EQ(Export(*p, true), before);
  EXPECT_DOUBLE_EQ(Overall(*p).report.value, 1.0);  // every pair agrees now
  Result<GoldReport> gold = Gold(*p).Report("");
  ASSERT_TRUE(gold.ok());
  EXPECT_EQ(GoldAccuracy(*gold), (std::map<std::string, double>{{"ann", 1.0}, {"bob", 1.0}}));
  EXPECT_EQ(gold->confusion.categories, (std::vector<std::string>{"animals"}));
  EXPECT_EQ(ByCategory(*p), (std::map<std::string, int64_t>{{"animals", 4}, {"fish", 2}}));

  // A fourth change, a split at the end of the chain: the labels wait.
  ASSERT_TRUE(edits.Split("animals", {Cat("mammals"), Cat("birdlife")}).ok());
  Result<std::vector<RelabelEntry>> queue = Relabel(*p).List();
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 4u);
  EXPECT_EQ(queue->front().recorded, (std::vector<std::string>{"cats"}));
  EXPECT_EQ(queue->front().choices, (std::vector<std::string>{"birdlife", "mammals"}));
}

TEST_F(LabelForwardSession, ARationaleMustBeOneLine) {
  auto p = Make({"cats", "dogs"}, 1, {{"t1", "ann", "cats"}});
  EXPECT_TRUE(Fails(TaxonomyEdits(*p).WithRationale("one\ntwo").Merge({"cats"}, Ref("dogs")),
                    StatusCode::kInvalidInput, {"one line"}));
  EXPECT_EQ(p->taxonomy().Find("cats")->status, core::CategoryStatus::kActive);
  ASSERT_TRUE(TaxonomyEdits(*p).WithRationale("tidy up").Move("cats", "dogs").ok());
  EXPECT_NE(LastCommitMessage().find("Taxa-Rationale: tidy up"), std::string::npos);
}

}  // namespace
}  // namespace taxa::app
