#include "taxa/core/category_edit.h"

#include <gtest/gtest.h>

#include "support/status_matchers.h"

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace taxa::core {
namespace {

using taxa::testing::Fails;

using Strings = std::vector<std::string>;

Category Refund() {
  return Category{.id = "billing.refund",
                  .name = "Refund",
                  .parent = "billing",
                  .definition = "Asks for money back",
                  .include = {"asks for a refund", "wants a chargeback"},
                  .exclude = {"a price question"},
                  .examples = {"Please refund order #12"},
                  .near_misses = {"What does a refund cost?"},
                  .attributes = {"amount"}};
}

Category MustApply(const Category& c, const CategoryEdit& edit) {
  Result<Category> r = ApplyEdit(c, edit);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : c;
}

TEST(CategoryEdit, EmptyOnlyWhenNothingIsAsked) {
  EXPECT_TRUE(CategoryEdit{}.empty());
  std::vector<std::function<void(CategoryEdit&)>> each = {
      [](CategoryEdit& e) { e.name = "x"; },
      [](CategoryEdit& e) { e.definition = ""; },
      [](CategoryEdit& e) { e.status = CategoryStatus::kDraft; },
      [](CategoryEdit& e) { e.sensitive = false; },
      [](CategoryEdit& e) { e.add_include = {"x"}; },
      [](CategoryEdit& e) { e.remove_include = {"x"}; },
      [](CategoryEdit& e) { e.add_exclude = {"x"}; },
      [](CategoryEdit& e) { e.remove_exclude = {"x"}; },
      [](CategoryEdit& e) { e.add_examples = {"x"}; },
      [](CategoryEdit& e) { e.remove_examples = {"x"}; },
      [](CategoryEdit& e) { e.add_near_misses = {"x"}; },
      [](CategoryEdit& e) { e.remove_near_misses = {"x"}; },
      [](CategoryEdit& e) { e.add_attributes = {"x"}; },
      [](CategoryEdit& e) { e.remove_attributes = {"x"}; },
  };
  for (size_t i = 0; i < each.size(); ++i) {
    CategoryEdit e;
    each[i](e);
    EXPECT_FALSE(e.empty()) << "setter " << i;
  }
}

TEST(CategoryEdit, EmptyEditChangesNothing) {
  EXPECT_EQ(MustApply(Refund(), CategoryEdit{}), Refund());
}

TEST(CategoryEdit, SetsScalarFieldsAndKeepsTheRest) {
  CategoryEdit e;
  e.name = "Refund request";
  e.definition = "";
  e.sensitive = true;
  e.status = CategoryStatus::kDraft;
  Category out = MustApply(Refund(), e);
  Category want = Refund();
  want.name = "Refund request";
  want.definition = "";
  want.sensitive = true;
  want.status = CategoryStatus::kDraft;
  EXPECT_EQ(out, want);
}

TEST(CategoryEdit, RefusesDeprecatingThroughAnEdit) {
  CategoryEdit e;
  e.status = CategoryStatus::kDeprecated;
  EXPECT_TRUE(Fails(ApplyEdit(Refund(), e).status(), StatusCode::kInvalidInput,
                    {"taxonomy deprecate"}));
}

TEST(CategoryEdit, ReactivatingADeprecatedCategoryDropsItsReplacement) {
  Category old = Refund();
  old.status = CategoryStatus::kDeprecated;
  old.replaced_by = "billing.refund2";
  CategoryEdit e;
  e.status = CategoryStatus::kActive;
  Category out = MustApply(old, e);
  EXPECT_EQ(out.status, CategoryStatus::kActive);
  EXPECT_EQ(out.replaced_by, "");

  // An edit that does not touch the status leaves the replacement alone.
  CategoryEdit rename;
  rename.name = "Old refund";
  EXPECT_EQ(MustApply(old, rename).replaced_by, "billing.refund2");
}

TEST(CategoryEdit, AddAppendsNewEntriesOnce) {
  CategoryEdit e;
  e.add_include = {"wants money back", "asks for a refund", "wants money back"};
  e.add_exclude = {"a tax question"};
  e.add_examples = {"Refund me"};
  e.add_near_misses = {"Refund policy?"};
  e.add_attributes = {"urgency", "amount"};
  Category out = MustApply(Refund(), e);
  EXPECT_EQ(out.include, (Strings{"asks for a refund", "wants a chargeback", "wants money back"}));
  EXPECT_EQ(out.exclude, (Strings{"a price question", "a tax question"}));
  EXPECT_EQ(out.examples, (Strings{"Please refund order #12", "Refund me"}));
  EXPECT_EQ(out.near_misses, (Strings{"What does a refund cost?", "Refund policy?"}));
  EXPECT_EQ(out.attributes, (Strings{"amount", "urgency"}));
}

TEST(CategoryEdit, RemoveTakesEntriesOutKeepingTheOrder) {
  CategoryEdit e;
  e.remove_include = {"asks for a refund"};
  e.remove_exclude = {"a price question"};
  e.remove_examples = {"Please refund order #12"};
  e.remove_near_misses = {"What does a refund cost?"};
  e.remove_attributes = {"amount"};
  Category out = MustApply(Refund(), e);
  EXPECT_EQ(out.include, (Strings{"wants a chargeback"}));
  EXPECT_TRUE(out.exclude.empty());
  EXPECT_TRUE(out.examples.empty());
  EXPECT_TRUE(out.near_misses.empty());
  EXPECT_TRUE(out.attributes.empty());
}

TEST(CategoryEdit, RemoveThenAddInOneEditMovesTheEntryToTheEnd) {
  CategoryEdit e;
  e.remove_include = {"asks for a refund"};
  e.add_include = {"asks for a refund"};
  EXPECT_EQ(MustApply(Refund(), e).include,
            (Strings{"wants a chargeback", "asks for a refund"}));
}

TEST(CategoryEdit, RemovingAMissingEntryNamesTheListAndEntry) {
  struct Case {
    const char* field;
    std::function<void(CategoryEdit&)> set;
  };
  std::vector<Case> cases = {
      {"include", [](CategoryEdit& e) { e.remove_include = {"nope"}; }},
      {"exclude", [](CategoryEdit& e) { e.remove_exclude = {"nope"}; }},
      {"examples", [](CategoryEdit& e) { e.remove_examples = {"nope"}; }},
      {"near_misses", [](CategoryEdit& e) { e.remove_near_misses = {"nope"}; }},
      {"attributes", [](CategoryEdit& e) { e.remove_attributes = {"nope"}; }},
  };
  for (const Case& c : cases) {
    CategoryEdit e;
    e.name = "Renamed";
    c.set(e);
    EXPECT_TRUE(Fails(ApplyEdit(Refund(), e).status(), StatusCode::kInvalidInput,
                      {"category \"billing.refund\": " + std::string(c.field) +
                       " has no entry \"nope\""}))
        << c.field;
  }
  // Removing one entry twice fails on the second.
  CategoryEdit twice;
  twice.remove_attributes = {"amount", "amount"};
  EXPECT_TRUE(Fails(ApplyEdit(Refund(), twice).status(), StatusCode::kInvalidInput,
                    {"attributes has no entry \"amount\""}));
}

TEST(CategoryEdit, AddingAnEmptyEntryIsRefused) {
  CategoryEdit e;
  e.add_examples = {"fine", ""};
  EXPECT_TRUE(Fails(ApplyEdit(Refund(), e).status(), StatusCode::kInvalidInput,
                    {"examples: an entry is empty"}));
}

TEST(CategoryEdit, TaxonomyUpdateStillChecksTheEditedCategory) {
  Taxonomy t;
  ASSERT_TRUE(t.AddAttribute({.id = "amount", .name = "Amount", .type = AttributeType::kNumber})
                  .ok());
  ASSERT_TRUE(t.Add({.id = "billing", .name = "Billing"}).ok());
  ASSERT_TRUE(t.Add(Refund()).ok());
  ASSERT_TRUE(t.Add({.id = "billing.charge", .name = "Charge", .parent = "billing"}).ok());

  CategoryEdit e;
  e.add_attributes = {"colour"};
  Result<Category> edited = ApplyEdit(*t.Find("billing.refund"), e);
  ASSERT_TRUE(edited.ok()) << edited.status().message();
  EXPECT_TRUE(Fails(t.Update(*edited), StatusCode::kInvalidInput,
                    {"attribute \"colour\" does not exist"}));

  CategoryEdit clash;
  clash.name = "Charge";
  edited = ApplyEdit(*t.Find("billing.refund"), clash);
  ASSERT_TRUE(edited.ok());
  EXPECT_TRUE(Fails(t.Update(*edited), StatusCode::kInvalidInput, {"sibling \"billing.charge\""}));
  EXPECT_EQ(*t.Find("billing.refund"), Refund());
}

}  // namespace
}  // namespace taxa::core
