// Taxonomy::Merge and Taxonomy::Split, and LabelForward: labels carried
// through merges, replacements and chains, outdated at splits and retirements.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/category_fixture.h"
#include "support/status_matchers.h"
#include "taxa/core/index.h"
#include "taxa/core/label_forward.h"
#include "taxa/core/taxonomy.h"

namespace taxa::core {
namespace {

using taxa::testing::Cat;
using taxa::testing::Fails;

Category Ref(std::string id) {
  Category c;
  c.id = std::move(id);
  return c;
}

// animals { cats, dogs, fish }, plants
Taxonomy Zoo() {
  Taxonomy t;
  EXPECT_TRUE(t.Add(Cat("animals", "Animals")).ok());
  EXPECT_TRUE(t.Add(Cat("cats", "Cats", "animals")).ok());
  EXPECT_TRUE(t.Add(Cat("dogs", "Dogs", "animals")).ok());
  EXPECT_TRUE(t.Add(Cat("fish", "Fish", "animals")).ok());
  EXPECT_TRUE(t.Add(Cat("plants", "Plants")).ok());
  return t;
}

TEST(TaxonomyMerge, IntoANewCategoryDeprecatesEachSourceInItsFavour) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Merge({"cats", "dogs"}, Cat("pets", "Pets", "animals")).ok());
  ASSERT_NE(t.Find("pets"), nullptr);
  EXPECT_EQ(t.Find("pets")->status, CategoryStatus::kActive);
  for (const char* id : {"cats", "dogs"}) {
    EXPECT_EQ(t.Find(id)->status, CategoryStatus::kDeprecated) << id;
    EXPECT_EQ(t.Find(id)->replaced_by, "pets") << id;
    EXPECT_TRUE(t.Find(id)->split_into.empty());
  }
  EXPECT_TRUE(t.Validate().empty());
}

TEST(TaxonomyMerge, IntoAnExistingCategoryByItsIdAlone) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Merge({"cats"}, Ref("dogs")).ok());
  EXPECT_EQ(t.Find("cats")->replaced_by, "dogs");
  EXPECT_EQ(t.Find("dogs")->status, CategoryStatus::kActive);
  EXPECT_EQ(t.Find("dogs")->name, "Dogs");
}

TEST(TaxonomyMerge, RefusesWhatWouldBreakTheTaxonomyAndLeavesItUnchanged) {
  const Taxonomy before = Zoo();
  struct Case {
    std::vector<std::string> sources;
    Category into;
    StatusCode code;
    const char* message;
  };
  Taxonomy deprecated = Zoo();
  ASSERT_TRUE(deprecated.Deprecate("fish", "").ok());
  const std::vector<Case> cases = {
      {{}, Ref("dogs"), StatusCode::kInvalidInput, "name at least one category"},
      {{"ghost"}, Ref("dogs"), StatusCode::kNotFound, "category \"ghost\" does not exist"},
      {{"cats"}, Ref("nowhere"), StatusCode::kNotFound, "\"nowhere\" does not exist: give its name"},
      {{"cats"}, Cat("dogs", "Dogs"), StatusCode::kAlreadyExists, "\"dogs\" already exists"},
      {{"cats", "cats"}, Ref("dogs"), StatusCode::kInvalidInput, "\"cats\" is named twice"},
      {{"dogs"}, Ref("dogs"), StatusCode::kInvalidInput, "\"dogs\" cannot be merged into itself"},
      {{"animals"}, Ref("plants"), StatusCode::kFailedPrecondition, "still has categories in use"},
      {{"cats", "ghost"}, Cat("pets", "Pets"), StatusCode::kNotFound, "\"ghost\" does not exist"},
  };
  for (const Case& c : cases) {
    Taxonomy t = before;
    EXPECT_TRUE(Fails(t.Merge(c.sources, c.into), c.code, {c.message})) << c.message;
    EXPECT_EQ(t.categories(), before.categories()) << c.message;
  }
  Taxonomy t = deprecated;
  EXPECT_TRUE(Fails(t.Merge({"cats"}, Ref("fish")), StatusCode::kInvalidInput,
                    {"cannot merge into \"fish\": it is deprecated"}));
  EXPECT_TRUE(Fails(t.Merge({"fish"}, Ref("dogs")), StatusCode::kFailedPrecondition,
                    {"\"fish\" is already deprecated"}));
  EXPECT_EQ(t.categories(), deprecated.categories());
}

TEST(TaxonomySplit, RecordsThePartsNewOnesBesideTheSplitCategory) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Split("fish", {Cat("fish.fresh", "Freshwater"), Ref("dogs")}).ok());
  const Category* fish = t.Find("fish");
  EXPECT_EQ(fish->status, CategoryStatus::kDeprecated);
  EXPECT_EQ(fish->split_into, (std::vector<std::string>{"fish.fresh", "dogs"}));
  EXPECT_TRUE(fish->replaced_by.empty());
  ASSERT_NE(t.Find("fish.fresh"), nullptr);
  EXPECT_EQ(t.Find("fish.fresh")->parent, "animals");  // beside fish, not under it
  EXPECT_TRUE(t.Validate().empty());
}

TEST(TaxonomySplit, RefusesWhatWouldBreakTheTaxonomyAndLeavesItUnchanged) {
  const Taxonomy before = Zoo();
  struct Case {
    std::string id;
    std::vector<Category> parts;
    StatusCode code;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"ghost", {Ref("cats"), Ref("dogs")}, StatusCode::kNotFound, "\"ghost\" does not exist"},
      {"fish", {Ref("cats")}, StatusCode::kInvalidInput, "needs two or more parts"},
      {"fish", {Ref("cats"), Ref("cats")}, StatusCode::kInvalidInput, "\"cats\" is named twice"},
      {"fish", {Ref("fish"), Ref("cats")}, StatusCode::kInvalidInput, "cannot be a part of itself"},
      {"fish", {Ref("cats"), Ref("sharks")}, StatusCode::kNotFound, "\"sharks\" does not exist"},
      {"fish", {Ref("cats"), Cat("dogs", "Dogs")}, StatusCode::kAlreadyExists, "already exists"},
      {"animals", {Ref("plants"), Cat("fungi", "Fungi")}, StatusCode::kFailedPrecondition,
       "still has categories in use"},
      {"fish", {Cat("a", "Same"), Cat("b", "Same")}, StatusCode::kInvalidInput,
       "already has the name \"Same\""},
  };
  for (const Case& c : cases) {
    Taxonomy t = before;
    EXPECT_TRUE(Fails(t.Split(c.id, c.parts), c.code, {c.message})) << c.message;
    EXPECT_EQ(t.categories(), before.categories()) << c.message;
  }
  Taxonomy t = before;
  ASSERT_TRUE(t.Deprecate("cats", "dogs").ok());
  EXPECT_TRUE(Fails(t.Split("fish", {Ref("cats"), Ref("dogs")}), StatusCode::kInvalidInput,
                    {"part \"cats\" is deprecated, not active"}));
  EXPECT_TRUE(Fails(t.Split("cats", {Ref("fish"), Ref("dogs")}), StatusCode::kFailedPrecondition,
                    {"\"cats\" is already deprecated"}));
}

TEST(TaxonomyValidate, AcceptsAReplacementChainAndNamesALoop) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Merge({"cats", "dogs"}, Cat("pets", "Pets", "animals")).ok());
  ASSERT_TRUE(t.Merge({"pets", "fish"}, Cat("beasts", "Beasts")).ok());
  EXPECT_TRUE(t.Validate().empty()) << t.Validate().front();
}

TEST(LabelForward, FollowsReplacementChainsToTheCurrentCategory) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Merge({"cats", "dogs"}, Cat("pets", "Pets", "animals")).ok());
  ASSERT_TRUE(t.Merge({"pets"}, Cat("companions", "Companions", "animals")).ok());
  ASSERT_TRUE(t.Deprecate("companions", "fish").ok());
  LabelForward f(t);
  EXPECT_FALSE(f.empty());
  std::string now;
  for (const char* id : {"cats", "dogs", "pets", "companions", "fish"}) {
    ASSERT_TRUE(f.Forward(id, now)) << id;
    EXPECT_EQ(now, "fish") << id;
  }
  ASSERT_TRUE(f.Forward("plants", now));
  EXPECT_EQ(now, "plants");
  ASSERT_TRUE(f.Forward("never-heard-of", now));  // unknown ids read as recorded
  EXPECT_EQ(now, "never-heard-of");
  // Two recorded ids that are now one make one category, sorted.
  std::vector<std::string> out;
  ASSERT_TRUE(f.Map({"cats", "dogs", "plants"}, out));
  EXPECT_EQ(out, (std::vector<std::string>{"fish", "plants"}));
  EXPECT_EQ(f.RecordedAs({"fish"}),
            (std::vector<std::string>{"cats", "companions", "dogs", "pets"}));
  EXPECT_TRUE(f.OutdatedIds().empty());
}

TEST(LabelForward, ASplitOrARetirementLeavesTheLabelOutdated) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Deprecate("cats", "dogs").ok());
  ASSERT_TRUE(t.Split("dogs", {Cat("dogs.big", "Big dogs", "animals"),
                               Cat("dogs.small", "Small dogs", "animals")})
                  .ok());
  ASSERT_TRUE(t.Merge({"dogs.small"}, Cat("dogs.tiny", "Tiny dogs", "animals")).ok());
  ASSERT_TRUE(t.Deprecate("fish", "").ok());
  LabelForward f(t);
  std::string now = "unchanged";
  EXPECT_FALSE(f.Forward("dogs", now));
  EXPECT_FALSE(f.Forward("cats", now));  // a chain into a split
  EXPECT_FALSE(f.Forward("fish", now));  // retired
  EXPECT_EQ(now, "unchanged");
  // The choices are the parts, each followed forward.
  EXPECT_EQ(f.Choices("dogs"), (std::vector<std::string>{"dogs.big", "dogs.tiny"}));
  EXPECT_EQ(f.Choices("cats"), (std::vector<std::string>{"dogs.big", "dogs.tiny"}));
  EXPECT_TRUE(f.Choices("fish").empty());
  // One outdated id makes the whole label outdated; it stays as recorded.
  std::vector<std::string> out;
  EXPECT_FALSE(f.Map({"cats", "plants"}, out));
  EXPECT_EQ(out, (std::vector<std::string>{"cats", "plants"}));
  EXPECT_EQ(f.OutdatedIds(), (std::vector<std::string>{"cats", "dogs", "fish"}));
}

TEST(LabelForward, ALoopOfReplacementsIsOutdatedNotEndless) {
  Category a = Cat("a", "A"), b = Cat("b", "B");
  a.status = b.status = CategoryStatus::kDeprecated;
  a.replaced_by = "b";
  b.replaced_by = "a";
  LabelForward f(Taxonomy::FromParts({a, b}, {}));
  std::string now;
  EXPECT_FALSE(f.Forward("a", now));
  EXPECT_FALSE(f.Forward("b", now));
}

TEST(StoredLabelForward, MapsTheIndexFormOnceAndKeepsUnchangedTextAsIs) {
  Taxonomy t = Zoo();
  ASSERT_TRUE(t.Merge({"cats", "dogs"}, Cat("pets", "Pets", "animals")).ok());
  ASSERT_TRUE(t.Deprecate("fish", "").ok());
  LabelForward f(t);
  StoredLabelForward stored(f);
  bool outdated = true;
  EXPECT_EQ(stored.Map(R"(["cats","dogs","plants"])", outdated), R"(["pets","plants"])");
  EXPECT_FALSE(outdated);
  const std::string plants = R"(["plants"])";
  std::string_view same = stored.Map(plants, outdated);
  EXPECT_EQ(same.data(), plants.data());  // nothing to map: the caller's own text
  EXPECT_FALSE(outdated);
  EXPECT_EQ(stored.Map(R"(["fish"])", outdated), R"(["fish"])");
  EXPECT_TRUE(outdated);
}

TEST(LabelForward, NothingDeprecatedMeansNothingToMap) {
  LabelForward f(Zoo());
  EXPECT_TRUE(f.empty());
  EXPECT_TRUE(LabelForward().empty());
}

}  // namespace
}  // namespace taxa::core
