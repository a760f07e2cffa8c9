// The impact of a merge or a split before it is made (TaxonomyEdits::Preview*,
// TaxonomyImpact::Measure): the numbers are counted by hand from the labels,
// gold labels and calibration round this fixture makes, and a preview
// commits nothing.
#include "session/taxonomy_impact.h"

#include <algorithm>
#include <set>

#include "session/calibration.h"
#include "session/gold.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/relabel.h"
#include "session/taxonomy_edits.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

// pets, cats (sensitive), dogs and birds; items a-e.
//   ben: a cats, b dogs, d birds      ana: a cats, c cats, b dogs
//   gold: a cats, e dogs               calibration round r1: two of the five items
class TaxonomyImpactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = Project::Create(tmp_ / "p", "Animals", {.user = "ana"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    p_ = std::move(*p);
    TaxonomyEdits edits(*p_);
    ASSERT_TRUE(edits.Add({.id = "pets", .name = "Pets", .definition = "Animals at home."}).ok());
    ASSERT_TRUE(
        edits.Add({.id = "cats", .name = "Cats", .definition = "Cats.", .sensitive = true}).ok());
    ASSERT_TRUE(edits.Add({.id = "dogs", .name = "Dogs", .definition = "Dogs."}).ok());
    ASSERT_TRUE(edits.Add({.id = "birds", .name = "Birds", .definition = "Birds."}).ok());
    std::string lines;
    for (const char* id : {"a", "b", "c", "d", "e"})
      lines += std::string("{\"id\":\"") + id + "\",\"text\":\"animal " + id + "\"}\n";
    WriteText(tmp_ / "items.jsonl", lines);
    ASSERT_TRUE(Items(*p_).Import(tmp_ / "items.jsonl").ok());
    ASSERT_TRUE(p_->ActAs("ben").ok());
    ASSERT_TRUE(Labeling(*p_).Label({.item = "a", .categories = {"cats"}}).ok());
    ASSERT_TRUE(Labeling(*p_).Label({.item = "b", .categories = {"dogs"}}).ok());
    ASSERT_TRUE(Labeling(*p_).Label({.item = "d", .categories = {"birds"}}).ok());
    ASSERT_TRUE(p_->ActAs("ana").ok());
    ASSERT_TRUE(Labeling(*p_).Label({.item = "a", .categories = {"cats"}}).ok());
    ASSERT_TRUE(Labeling(*p_).Label({.item = "c", .categories = {"cats"}}).ok());
    ASSERT_TRUE(Labeling(*p_).Label({.item = "b", .categories = {"dogs"}}).ok());
    ASSERT_TRUE(p_->Flush().ok());
    ASSERT_TRUE(Gold(*p_).Set("a", {"cats"}, "").ok());
    ASSERT_TRUE(Gold(*p_).Set("e", {"dogs"}, "").ok());
    ASSERT_TRUE(
        Calibration(*p_).Start({.name = "r1", .items = 2, .annotators = {"ben", "ana"}}).ok());
    Result<std::vector<core::CalibrationRound>> rounds = Calibration(*p_).Rounds();
    ASSERT_TRUE(rounds.ok() && rounds->size() == 1u && (*rounds)[0].items.size() == 2u);
    round_.insert((*rounds)[0].items.begin(), (*rounds)[0].items.end());
  }

  // How many of `items` (a category's labeled or gold items, by hand) are in the round.
  size_t InRound(const std::set<std::string>& items) const {
    return std::count_if(items.begin(), items.end(),
                         [&](const std::string& i) { return round_.count(i) > 0; });
  }
  std::string Head() { return RunCommand("git -C " + tmp_ / "p" + " rev-parse HEAD").out; }

  TempDir tmp_;
  std::unique_ptr<Project> p_;
  std::set<std::string> round_;
};

TEST_F(TaxonomyImpactTest, ASplitsLabelsWouldEnterTheRelabelQueue) {
  const std::string head = Head();
  Result<core::Taxonomy> next = TaxonomyEdits(*p_).PreviewSplit(
      "cats", {{.id = "cats.big", .name = "Big cats", .definition = "Lions."},
               {.id = "cats.house", .name = "House cats", .definition = "Pets."}});
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_EQ(next->Find("cats")->split_into, (std::vector<std::string>{"cats.big", "cats.house"}));
  // Nothing committed: main's taxonomy and HEAD are as they were.
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(p_->taxonomy().Find("cats")->status, core::CategoryStatus::kActive);
  EXPECT_EQ(p_->taxonomy().Find("cats.big"), nullptr);

  Result<std::vector<CategoryImpact>> impact = TaxonomyImpact(*p_).Measure(p_->taxonomy(), *next);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->size(), 3u);  // cats, and its two new parts
  const CategoryImpact& cats = (*impact)[0];
  EXPECT_EQ(cats.id, "cats");
  EXPECT_TRUE(cats.sensitive);
  EXPECT_EQ(cats.labels, 3u);  // ben's a, ana's a, ana's c
  EXPECT_EQ(cats.gold, 1u);    // a
  EXPECT_EQ(cats.annotators, (std::vector<std::string>{"ana", "ben"}));
  EXPECT_EQ(cats.relabel, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(cats.calibration, InRound({"a", "c"}));
  for (size_t i : {1u, 2u}) {
    EXPECT_EQ((*impact)[i].labels, 0u) << (*impact)[i].id;  // new: nothing holds them yet
    EXPECT_FALSE((*impact)[i].sensitive);
    EXPECT_TRUE((*impact)[i].relabel.empty());
  }
  EXPECT_EQ((*impact)[1].id, "cats.big");
  EXPECT_EQ((*impact)[2].id, "cats.house");
  EXPECT_EQ(RelabelItems(*impact), (std::vector<std::string>{"a", "c"}));
}

TEST_F(TaxonomyImpactTest, AMergeCarriesLabelsForwardWithNothingToRelabel) {
  const std::string head = Head();
  Result<core::Taxonomy> next = TaxonomyEdits(*p_).PreviewMerge({"cats", "dogs"}, {.id = "pets"});
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_EQ(next->Find("dogs")->replaced_by, "pets");
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(p_->taxonomy().Find("dogs")->status, core::CategoryStatus::kActive);

  Result<std::vector<CategoryImpact>> impact = TaxonomyImpact(*p_).Measure(p_->taxonomy(), *next);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->size(), 2u);  // the sources; pets itself is unchanged
  const CategoryImpact& cats = (*impact)[0];
  const CategoryImpact& dogs = (*impact)[1];
  EXPECT_EQ(cats.id, "cats");
  EXPECT_EQ(cats.labels, 3u);
  EXPECT_TRUE(cats.relabel.empty());
  EXPECT_EQ(dogs.id, "dogs");
  EXPECT_FALSE(dogs.sensitive);
  EXPECT_EQ(dogs.labels, 2u);  // ben's b, ana's b
  EXPECT_EQ(dogs.gold, 1u);    // e
  EXPECT_EQ(dogs.annotators, (std::vector<std::string>{"ana", "ben"}));
  EXPECT_EQ(dogs.calibration, InRound({"b", "e"}));
  EXPECT_TRUE(RelabelItems(*impact).empty());

  // Committed the same way, the change is the previewed one.
  ASSERT_TRUE(
      TaxonomyEdits(*p_).WithRationale("one queue").Merge({"cats", "dogs"}, {.id = "pets"}).ok());
  EXPECT_EQ(p_->taxonomy().Find("cats")->replaced_by, "pets");
  EXPECT_EQ(p_->taxonomy().Find("dogs")->replaced_by, "pets");
}

// dogs merged into cats, and cats split, in one change: dogs' labels now end
// their chain in a split, so they wait to be relabeled as cats' do. The
// relabel queue the project shows once the change is made is the same.
TEST_F(TaxonomyImpactTest, ALabelWhoseChainNowEndsInASplitWouldEnterTheQueue) {
  core::Taxonomy next = p_->taxonomy();
  ASSERT_TRUE(next.Deprecate("dogs", "cats").ok());
  const std::vector<core::Category> parts = {
      {.id = "cats.big", .name = "Big cats", .definition = "Lions."},
      {.id = "cats.house", .name = "House cats", .definition = "Pets."}};
  ASSERT_TRUE(next.Split("cats", parts).ok());

  Result<std::vector<CategoryImpact>> impact = TaxonomyImpact(*p_).Measure(p_->taxonomy(), next);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  auto find = [&](const std::string& id) {
    return *std::find_if(impact->begin(), impact->end(),
                         [&](const CategoryImpact& c) { return c.id == id; });
  };
  EXPECT_EQ(find("cats").relabel, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(find("dogs").relabel, (std::vector<std::string>{"b"}));
  EXPECT_EQ(RelabelItems(*impact), (std::vector<std::string>{"a", "b", "c"}));

  ASSERT_TRUE(TaxonomyEdits(*p_).Deprecate("dogs", "cats").ok());
  ASSERT_TRUE(TaxonomyEdits(*p_).Split("cats", parts).ok());
  Result<std::vector<RelabelEntry>> queue = Relabel(*p_).List();
  ASSERT_TRUE(queue.ok()) << queue.status().message();
  std::set<std::string> queued;
  for (const RelabelEntry& e : *queue) queued.insert(e.item);
  EXPECT_EQ(queued, (std::set<std::string>{"a", "b", "c"}));
}

TEST_F(TaxonomyImpactTest, APreviewRefusesWhatTheEditWouldAndCommitsNothing) {
  const std::string head = Head();
  EXPECT_TRUE(Fails(TaxonomyEdits(*p_).PreviewMerge({"cats", "wolves"}, {.id = "pets"}).status(),
                    StatusCode::kNotFound, {"wolves"}));
  EXPECT_FALSE(TaxonomyEdits(*p_).PreviewSplit("cats", {{.id = "dogs"}}).ok())
      << "a split needs two parts";
  EXPECT_EQ(Head(), head);
}

TEST_F(TaxonomyImpactTest, AnUnchangedTaxonomyTouchesNothing) {
  Result<std::vector<CategoryImpact>> impact =
      TaxonomyImpact(*p_).Measure(p_->taxonomy(), p_->taxonomy());
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  EXPECT_TRUE(impact->empty());
}

}  // namespace
}  // namespace taxa::app
