#include "taxa/core/taxonomy.h"

#include <gtest/gtest.h>

#include "support/category_fixture.h"
#include "support/status_matchers.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace taxa::core {
namespace {

using taxa::testing::Cat;
// Passes when `s` failed with `code` and its message holds every fragment.
using taxa::testing::Fails;

Attribute Attr(std::string id, AttributeType type, std::vector<std::string> values = {}) {
  Attribute a;
  a.id = std::move(id);
  a.name = a.id;
  a.type = type;
  a.values = std::move(values);
  return a;
}

// billing "Billing" [urgency]
//   billing.charge "Double charge"
//   billing.refund "Refund" [amount, fraud, comment]
// shipping "Shipping"
//   shipping.late "Late"
Taxonomy Sample() {
  Taxonomy t;
  EXPECT_TRUE(t.AddAttribute(Attr("urgency", AttributeType::kEnum, {"low", "high"})).ok());
  EXPECT_TRUE(t.AddAttribute(Attr("amount", AttributeType::kNumber)).ok());
  EXPECT_TRUE(t.AddAttribute(Attr("fraud", AttributeType::kBool)).ok());
  EXPECT_TRUE(t.AddAttribute(Attr("comment", AttributeType::kText)).ok());
  Category billing = Cat("billing", "Billing");
  billing.attributes = {"urgency"};
  EXPECT_TRUE(t.Add(billing).ok());
  Category refund = Cat("billing.refund", "Refund", "billing");
  refund.attributes = {"amount", "fraud", "comment"};
  EXPECT_TRUE(t.Add(refund).ok());
  EXPECT_TRUE(t.Add(Cat("billing.charge", "Double charge", "billing")).ok());
  EXPECT_TRUE(t.Add(Cat("shipping", "Shipping")).ok());
  EXPECT_TRUE(t.Add(Cat("shipping.late", "Late", "shipping")).ok());
  return t;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(Taxonomy, SampleIsValid) {
  Taxonomy t = Sample();
  EXPECT_EQ(t.size(), 5u);
  EXPECT_TRUE(t.Validate().empty());
  ASSERT_NE(t.Find("billing.refund"), nullptr);
  EXPECT_EQ(t.Find("billing.refund")->parent, "billing");
  EXPECT_EQ(t.Find("nope"), nullptr);
  EXPECT_NE(t.FindAttribute("urgency"), nullptr);
  EXPECT_EQ(t.FindAttribute("nope"), nullptr);
}

TEST(Taxonomy, AddRefusesMalformedIds) {
  Taxonomy t;
  EXPECT_TRUE(Fails(t.Add(Cat("", "Empty")), StatusCode::kInvalidInput,
                    {"category id \"\"", "is empty"}));
  EXPECT_TRUE(Fails(t.Add(Cat("Billing", "B")), StatusCode::kInvalidInput,
                    {"category id \"Billing\"", "must start with a lowercase letter or digit"}));
  EXPECT_TRUE(Fails(t.Add(Cat("_x", "X")), StatusCode::kInvalidInput,
                    {"category id \"_x\"", "must start with a lowercase letter or digit"}));
  EXPECT_TRUE(Fails(t.Add(Cat("bill ing", "B")), StatusCode::kInvalidInput,
                    {"category id \"bill ing\"", "may hold only a-z, 0-9, '_', '.' and '-'"}));
  EXPECT_TRUE(Fails(t.Add(Cat("a/b", "B")), StatusCode::kInvalidInput,
                    {"category id \"a/b\"", "may hold only"}));
  EXPECT_TRUE(Fails(t.Add(Cat("billinG", "B")), StatusCode::kInvalidInput,
                    {"category id \"billinG\"", "may hold only"}));
  EXPECT_TRUE(Fails(t.Add(Cat(std::string(129, 'a'), "Long")), StatusCode::kInvalidInput,
                    {"is longer than 128 characters"}));
  EXPECT_EQ(t.size(), 0u);

  // The edges of the rule are accepted.
  EXPECT_TRUE(t.Add(Cat(std::string(128, 'a'), "Long")).ok());
  EXPECT_TRUE(t.Add(Cat("2fa", "Two factor")).ok());
  EXPECT_TRUE(t.Add(Cat("a_b.c-d9", "Mixed")).ok());
  EXPECT_EQ(t.size(), 3u);
}

TEST(Taxonomy, CheckIdNamesWhatItChecks) {
  EXPECT_TRUE(CheckId("ok.id", "category").ok());
  EXPECT_TRUE(Fails(CheckId("Bad", "attribute"), StatusCode::kInvalidInput,
                    {"attribute id \"Bad\""}));
}

TEST(Taxonomy, AddRefusesATakenIdDeprecatedOnesIncluded) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Add(Cat("billing", "Other name")), StatusCode::kAlreadyExists,
                    {"category \"billing\" already exists", "never reused"}));
  EXPECT_EQ(t.Find("billing")->name, "Billing");

  ASSERT_TRUE(t.Deprecate("shipping.late", "").ok());
  EXPECT_TRUE(Fails(t.Add(Cat("shipping.late", "Late again", "shipping")),
                    StatusCode::kAlreadyExists, {"\"shipping.late\" already exists"}));
  EXPECT_EQ(t.Find("shipping.late")->name, "Late");
  EXPECT_EQ(t.Find("shipping.late")->status, CategoryStatus::kDeprecated);
  EXPECT_EQ(t.size(), 5u);
}

TEST(Taxonomy, AddRefusesAMissingParent) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Add(Cat("x", "X", "ghost")), StatusCode::kInvalidInput,
                    {"category \"x\"", "parent \"ghost\" does not exist"}));
  EXPECT_TRUE(Fails(t.Add(Cat("self", "Self", "self")), StatusCode::kInvalidInput,
                    {"category \"self\" cannot be its own parent"}));
  EXPECT_EQ(t.Find("x"), nullptr);
  EXPECT_EQ(t.Find("self"), nullptr);
}

TEST(Taxonomy, AddRefusesASiblingWithTheSameName) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Add(Cat("billing.refund2", "Refund", "billing")),
                    StatusCode::kInvalidInput,
                    {"category \"billing.refund2\"", "sibling \"billing.refund\"",
                     "already has the name \"Refund\""}));
  EXPECT_TRUE(Fails(t.Add(Cat("billing2", "Billing")), StatusCode::kInvalidInput,
                    {"sibling \"billing\"", "\"Billing\""}));
  // The same name under another parent is fine, and names are case-sensitive.
  EXPECT_TRUE(t.Add(Cat("shipping.refund", "Refund", "shipping")).ok());
  EXPECT_TRUE(t.Add(Cat("billing.refund-lower", "refund", "billing")).ok());
}

TEST(Taxonomy, AddRefusesAnEmptyNameAndUnknownAttributes) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Add(Cat("x", "")), StatusCode::kInvalidInput,
                    {"category \"x\": name is empty"}));
  Category c = Cat("x", "X");
  c.attributes = {"urgency", "colour"};
  EXPECT_TRUE(Fails(t.Add(c), StatusCode::kInvalidInput,
                    {"category \"x\"", "attribute \"colour\" does not exist"}));
  c.replaced_by = "ghost";
  c.attributes = {};
  EXPECT_TRUE(Fails(t.Add(c), StatusCode::kInvalidInput,
                    {"category \"x\"", "replacement \"ghost\" does not exist"}));
  EXPECT_EQ(t.Find("x"), nullptr);
}

TEST(Taxonomy, UpdateChecksTheRulesAndLeavesTheValueOnError) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Update(Cat("ghost", "Ghost")), StatusCode::kNotFound,
                    {"category \"ghost\" does not exist"}));

  // Keeping its own name is no clash with itself.
  Category refund = *t.Find("billing.refund");
  refund.definition = "Money back";
  ASSERT_TRUE(t.Update(refund).ok());
  EXPECT_EQ(t.Find("billing.refund")->definition, "Money back");

  refund.name = "Double charge";
  EXPECT_TRUE(Fails(t.Update(refund), StatusCode::kInvalidInput,
                    {"sibling \"billing.charge\"", "\"Double charge\""}));
  refund.name = "Refund";
  refund.parent = "ghost";
  EXPECT_TRUE(Fails(t.Update(refund), StatusCode::kInvalidInput,
                    {"parent \"ghost\" does not exist"}));
  refund.parent = "billing";
  refund.attributes = {"ghost_attr"};
  EXPECT_TRUE(Fails(t.Update(refund), StatusCode::kInvalidInput,
                    {"attribute \"ghost_attr\" does not exist"}));
  Category want = refund;
  want.attributes = {"amount", "fraud", "comment"};
  EXPECT_EQ(*t.Find("billing.refund"), want);
}

TEST(Taxonomy, MoveRefusesACycleAndLeavesTheTreeAsItWas) {
  Taxonomy t = Sample();
  ASSERT_TRUE(t.Add(Cat("billing.refund.partial", "Partial", "billing.refund")).ok());

  EXPECT_TRUE(Fails(t.Move("billing", "billing.refund"), StatusCode::kInvalidInput,
                    {"moving \"billing\" under \"billing.refund\" would make a cycle"}));
  EXPECT_TRUE(Fails(t.Move("billing", "billing.refund.partial"), StatusCode::kInvalidInput,
                    {"would make a cycle"}));
  EXPECT_TRUE(Fails(t.Move("billing.refund", "billing.refund.partial"),
                    StatusCode::kInvalidInput, {"would make a cycle"}));
  EXPECT_TRUE(Fails(t.Move("billing", "billing"), StatusCode::kInvalidInput,
                    {"cannot be its own parent"}));
  EXPECT_EQ(t.Find("billing")->parent, "");
  EXPECT_EQ(t.Find("billing.refund")->parent, "billing");
  EXPECT_TRUE(t.Validate().empty());
}

TEST(Taxonomy, MoveChangesTheParentWhenAllowed) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Move("ghost", "billing"), StatusCode::kNotFound,
                    {"category \"ghost\" does not exist"}));
  EXPECT_TRUE(Fails(t.Move("shipping.late", "ghost"), StatusCode::kInvalidInput,
                    {"parent \"ghost\" does not exist"}));

  ASSERT_TRUE(t.Move("shipping.late", "billing.refund").ok());
  EXPECT_EQ(t.Path("shipping.late"),
            (std::vector<std::string>{"billing", "billing.refund", "shipping.late"}));
  ASSERT_TRUE(t.Move("shipping.late", "").ok());
  EXPECT_EQ(t.Path("shipping.late"), (std::vector<std::string>{"shipping.late"}));

  // Moving next to a sibling of the same name is refused.
  ASSERT_TRUE(t.Add(Cat("shipping.refund", "Refund", "shipping")).ok());
  EXPECT_TRUE(Fails(t.Move("shipping.refund", "billing"), StatusCode::kInvalidInput,
                    {"sibling \"billing.refund\"", "\"Refund\""}));
  EXPECT_EQ(t.Find("shipping.refund")->parent, "shipping");
}

TEST(Taxonomy, DeprecateNeedsAnExistingActiveReplacement) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Deprecate("ghost", ""), StatusCode::kNotFound,
                    {"category \"ghost\" does not exist"}));
  EXPECT_TRUE(Fails(t.Deprecate("billing.charge", "billing.charge"), StatusCode::kInvalidInput,
                    {"\"billing.charge\" cannot replace itself"}));
  EXPECT_TRUE(Fails(t.Deprecate("billing.charge", "ghost"), StatusCode::kInvalidInput,
                    {"replacement \"ghost\" does not exist"}));
  EXPECT_EQ(t.Find("billing.charge")->status, CategoryStatus::kActive);

  ASSERT_TRUE(t.Deprecate("shipping.late", "").ok());
  EXPECT_TRUE(Fails(t.Deprecate("billing.charge", "shipping.late"), StatusCode::kInvalidInput,
                    {"replacement \"shipping.late\" is itself deprecated"}));
  EXPECT_EQ(t.Find("billing.charge")->status, CategoryStatus::kActive);
  EXPECT_EQ(t.Find("billing.charge")->replaced_by, "");

  ASSERT_TRUE(t.Deprecate("billing.charge", "billing.refund").ok());
  EXPECT_EQ(t.Find("billing.charge")->status, CategoryStatus::kDeprecated);
  EXPECT_EQ(t.Find("billing.charge")->replaced_by, "billing.refund");
  EXPECT_EQ(t.Find("shipping.late")->replaced_by, "");
  EXPECT_TRUE(t.Validate().empty());
}

TEST(Taxonomy, DeprecatingTwiceNeverDropsOrChangesTheReplacement) {
  Taxonomy t = Sample();
  ASSERT_TRUE(t.Deprecate("billing.charge", "billing.refund").ok());
  EXPECT_TRUE(Fails(t.Deprecate("billing.charge", ""), StatusCode::kFailedPrecondition,
                    {"\"billing.charge\" is already deprecated in favour of \"billing.refund\""}));
  EXPECT_TRUE(Fails(t.Deprecate("billing.charge", "shipping"), StatusCode::kFailedPrecondition,
                    {"already deprecated"}));
  EXPECT_EQ(t.Find("billing.charge")->replaced_by, "billing.refund");

  // One deprecated without a replacement may be given one later.
  ASSERT_TRUE(t.Deprecate("shipping.late", "").ok());
  EXPECT_TRUE(Fails(t.Deprecate("shipping.late", ""), StatusCode::kFailedPrecondition,
                    {"\"shipping.late\" is already deprecated"}));
  ASSERT_TRUE(t.Deprecate("shipping.late", "shipping").ok());
  EXPECT_EQ(t.Find("shipping.late")->replaced_by, "shipping");
}

TEST(Taxonomy, NothingInUseStaysUnderADeprecatedParent) {
  Taxonomy t = Sample();
  EXPECT_TRUE(Fails(t.Deprecate("billing", ""), StatusCode::kFailedPrecondition,
                    {"\"billing\" still has categories in use under it",
                     "billing.charge, billing.refund"}));
  ASSERT_TRUE(t.Deprecate("shipping.late", "billing.refund").ok());
  ASSERT_TRUE(t.Deprecate("shipping", "billing").ok());
  EXPECT_TRUE(Fails(t.Add(Cat("shipping.lost", "Lost", "shipping")), StatusCode::kInvalidInput,
                    {"parent \"shipping\" is deprecated"}));
  EXPECT_TRUE(Fails(t.Move("billing.charge", "shipping"), StatusCode::kInvalidInput,
                    {"parent \"shipping\" is deprecated"}));

  // Files merged or edited by hand can still hold one: Validate names it.
  Category stray = Cat("shipping.lost", "Lost", "shipping");
  Taxonomy hand = Taxonomy::FromParts({*t.Find("shipping"), stray}, {});
  std::vector<std::string> problems = hand.Validate();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(std::find(problems.begin(), problems.end(),
                      "category \"shipping.lost\" is active but its parent \"shipping\" is "
                      "deprecated"),
            problems.end())
      << problems.front();
}

TEST(Taxonomy, DeprecateRefusesADraftReplacement) {
  Taxonomy t = Sample();
  Category draft = Cat("billing.chargeback", "Chargeback", "billing");
  draft.status = CategoryStatus::kDraft;
  ASSERT_TRUE(t.Add(draft).ok());
  EXPECT_TRUE(Fails(t.Deprecate("billing.charge", "billing.chargeback"),
                    StatusCode::kInvalidInput, {"\"billing.chargeback\""}));
  EXPECT_EQ(t.Find("billing.charge")->status, CategoryStatus::kActive);
}

TEST(Taxonomy, AddAttributeChecksItsSchema) {
  Taxonomy t;
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("Urgency", AttributeType::kText)),
                    StatusCode::kInvalidInput, {"attribute id \"Urgency\""}));
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("", AttributeType::kText)), StatusCode::kInvalidInput,
                    {"attribute id \"\" is empty"}));
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("urgency", AttributeType::kEnum)),
                    StatusCode::kInvalidInput,
                    {"attribute \"urgency\": an enum needs at least one value"}));
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("flag", AttributeType::kBool, {"yes"})),
                    StatusCode::kInvalidInput, {"attribute \"flag\": only an enum has values"}));
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("urgency", AttributeType::kEnum, {"low", ""})),
                    StatusCode::kInvalidInput, {"attribute \"urgency\": empty enum value"}));
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("urgency", AttributeType::kEnum, {"low", "high", "low"})),
                    StatusCode::kInvalidInput, {"attribute \"urgency\": value \"low\" repeated"}));
  EXPECT_TRUE(t.attributes().empty());

  ASSERT_TRUE(t.AddAttribute(Attr("urgency", AttributeType::kEnum, {"low", "high"})).ok());
  EXPECT_TRUE(Fails(t.AddAttribute(Attr("urgency", AttributeType::kText)),
                    StatusCode::kAlreadyExists, {"attribute \"urgency\" already exists"}));
  EXPECT_EQ(t.FindAttribute("urgency")->type, AttributeType::kEnum);

  EXPECT_TRUE(Fails(t.UpdateAttribute(Attr("ghost", AttributeType::kText)), StatusCode::kNotFound,
                    {"attribute \"ghost\" does not exist"}));
  EXPECT_TRUE(Fails(t.UpdateAttribute(Attr("urgency", AttributeType::kEnum)),
                    StatusCode::kInvalidInput, {"an enum needs at least one value"}));
  ASSERT_TRUE(t.UpdateAttribute(Attr("urgency", AttributeType::kEnum, {"low", "mid", "high"})).ok());
  EXPECT_EQ(t.FindAttribute("urgency")->values.size(), 3u);
}

TEST(Taxonomy, NamesOfStatusesAndTypesRoundTrip) {
  for (CategoryStatus s :
       {CategoryStatus::kDraft, CategoryStatus::kActive, CategoryStatus::kDeprecated})
    EXPECT_EQ(*ParseCategoryStatus(CategoryStatusName(s)), s);
  for (AttributeType a :
       {AttributeType::kEnum, AttributeType::kBool, AttributeType::kNumber, AttributeType::kText})
    EXPECT_EQ(*ParseAttributeType(AttributeTypeName(a)), a);
  EXPECT_TRUE(Fails(ParseCategoryStatus("retired").status(), StatusCode::kInvalidInput,
                    {"\"retired\"", "draft, active, deprecated"}));
  EXPECT_TRUE(Fails(ParseAttributeType("date").status(), StatusCode::kInvalidInput,
                    {"\"date\"", "enum, bool, number, text"}));
}

TEST(Taxonomy, ChildrenAreOrderedByNameThenId) {
  Taxonomy t;
  // Ids sort the other way round from names.
  ASSERT_TRUE(t.Add(Cat("a", "Zulu")).ok());
  ASSERT_TRUE(t.Add(Cat("b", "Mike")).ok());
  ASSERT_TRUE(t.Add(Cat("c", "Alpha")).ok());
  ASSERT_TRUE(t.Add(Cat("c.z", "Beta", "c")).ok());
  ASSERT_TRUE(t.Add(Cat("c.y", "Gamma", "c")).ok());
  EXPECT_EQ(t.Children(""), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(t.Children("c"), (std::vector<std::string>{"c.z", "c.y"}));
  EXPECT_TRUE(t.Children("a").empty());
  EXPECT_TRUE(t.Children("ghost").empty());

  // Equal names (possible only in files broken by hand) fall back to id order.
  Taxonomy twins = Taxonomy::FromParts({Cat("y", "Same"), Cat("x", "Same")}, {});
  EXPECT_EQ(twins.Children(""), (std::vector<std::string>{"x", "y"}));
}

TEST(Taxonomy, TreeOrderIsDepthFirstWithDepths) {
  Taxonomy t = Sample();
  ASSERT_TRUE(t.Add(Cat("billing.refund.partial", "Partial", "billing.refund")).ok());
  std::vector<std::pair<std::string, int>> want = {
      {"billing", 0},        {"billing.charge", 1}, {"billing.refund", 1},
      {"billing.refund.partial", 2}, {"shipping", 0},       {"shipping.late", 1}};
  EXPECT_EQ(t.TreeOrder(), want);
  EXPECT_TRUE(Taxonomy().TreeOrder().empty());
}

TEST(Taxonomy, PathRunsFromTheRootDown) {
  Taxonomy t = Sample();
  ASSERT_TRUE(t.Add(Cat("billing.refund.partial", "Partial", "billing.refund")).ok());
  EXPECT_EQ(t.Path("billing.refund.partial"),
            (std::vector<std::string>{"billing", "billing.refund", "billing.refund.partial"}));
  EXPECT_EQ(t.Path("shipping"), (std::vector<std::string>{"shipping"}));
  EXPECT_TRUE(t.Path("ghost").empty());
}

TEST(Taxonomy, ValidateListsEveryProblemOfAHandBrokenTaxonomy) {
  Category orphan = Cat("orphan", "Orphan", "ghost");
  Category loop_a = Cat("loop.a", "Loop A", "loop.b");
  Category loop_b = Cat("loop.b", "Loop B", "loop.a");
  Category twin1 = Cat("twin1", "Twin");
  Category twin2 = Cat("twin2", "Twin");
  Category tagged = Cat("tagged", "Tagged");
  tagged.attributes = {"urgency", "ghost_attr"};
  Category old = Cat("old", "Old");
  old.status = CategoryStatus::kDeprecated;
  old.replaced_by = "gone";
  Category fine = Cat("fine", "Fine", "twin1");
  Taxonomy t = Taxonomy::FromParts({orphan, loop_a, loop_b, twin1, twin2, tagged, old, fine},
                                   {Attr("urgency", AttributeType::kEnum, {"low"})});
  EXPECT_EQ(t.size(), 8u);  // FromParts keeps what the mutators would refuse

  std::vector<std::string> want = {
      "category \"orphan\": parent \"ghost\" does not exist",
      "category \"loop.a\": its parents form a cycle",
      "category \"loop.b\": its parents form a cycle",
      "categories \"twin1\" and \"twin2\" are siblings with the same name \"Twin\"",
      "category \"tagged\": attribute \"ghost_attr\" does not exist",
      "category \"old\": replacement \"gone\" does not exist",
  };
  EXPECT_EQ(Sorted(t.Validate()), Sorted(want));

  // A cycle cannot hang the tree walks.
  EXPECT_LE(t.Path("loop.a").size(), t.size() + 1);
  for (const auto& [id, depth] : t.TreeOrder()) EXPECT_NE(id, "loop.a");
}

TEST(Taxonomy, ValidateFindsBadIdsReplacementsAndAttributes) {
  Category bad_id = Cat("Bad Id", "Bad");
  Category replaced = Cat("replaced", "Replaced");
  replaced.replaced_by = "fine";  // but not deprecated
  Category fine = Cat("fine", "Fine");
  Category chain = Cat("chain", "Chain");
  chain.status = CategoryStatus::kDeprecated;
  chain.replaced_by = "old";
  Category old = Cat("old", "Old");  // a chain's end, retired: labels wait to be relabeled
  old.status = CategoryStatus::kDeprecated;
  Category ring_a = Cat("ring.a", "Ring A");  // replacements that come back: a loop
  ring_a.status = CategoryStatus::kDeprecated;
  ring_a.replaced_by = "ring.b";
  Category ring_b = Cat("ring.b", "Ring B");
  ring_b.status = CategoryStatus::kDeprecated;
  ring_b.replaced_by = "ring.a";
  Category nodef = Cat("nodef", "No definition");
  nodef.definition.clear();
  Category draft = Cat("draft", "Draft");
  draft.definition.clear();
  draft.status = CategoryStatus::kDraft;  // a draft may lack a definition
  Taxonomy t = Taxonomy::FromParts({bad_id, replaced, fine, chain, old, ring_a, ring_b, nodef, draft},
                                   {Attr("empty_enum", AttributeType::kEnum)});
  std::vector<std::string> want = {
      "category id \"Bad Id\" must start with a lowercase letter or digit",
      "category \"replaced\" has a replacement but is not deprecated",
      "category \"ring.a\": its replacements form a loop",
      "category \"ring.b\": its replacements form a loop",
      "category \"nodef\" is active but has no definition",
      "attribute \"empty_enum\": an enum needs at least one value",
  };
  EXPECT_EQ(Sorted(t.Validate()), Sorted(want));
}

TEST(Taxonomy, CheckLabelRefusesUnknownAndDeprecatedCategories) {
  Taxonomy t = Sample();
  EXPECT_TRUE(t.CheckLabel({"billing.refund"}, {}).ok());
  EXPECT_TRUE(t.CheckLabel({"billing.refund", "shipping.late"}, {}).ok());
  EXPECT_TRUE(t.CheckLabel({}, {}).ok());  // clearing a label
  EXPECT_TRUE(Fails(t.CheckLabel({"billing.refund", "ghost"}, {}), StatusCode::kInvalidInput,
                    {"unknown category \"ghost\""}));

  ASSERT_TRUE(t.Deprecate("billing.charge", "billing.refund").ok());
  EXPECT_TRUE(Fails(t.CheckLabel({"billing.charge"}, {}), StatusCode::kInvalidInput,
                    {"category \"billing.charge\" is deprecated",
                     "use \"billing.refund\" (Refund) instead"}));
  ASSERT_TRUE(t.Deprecate("shipping.late", "").ok());
  Status s = t.CheckLabel({"shipping.late"}, {});
  EXPECT_TRUE(Fails(s, StatusCode::kInvalidInput, {"category \"shipping.late\" is deprecated"}));
  EXPECT_EQ(s.message().find("use"), std::string::npos) << s.message();
}

TEST(Taxonomy, CheckLabelAllowsAttributesOfTheCategoryAndItsAncestors) {
  Taxonomy t = Sample();
  // urgency belongs to the parent "billing", amount to "billing.refund" itself.
  EXPECT_TRUE(t.CheckLabel({"billing.refund"}, {{"urgency", "high"}, {"amount", "12.5"}}).ok());
  EXPECT_TRUE(t.CheckLabel({"billing"}, {{"urgency", "low"}}).ok());
  // A child's attribute does not belong to its parent.
  EXPECT_TRUE(Fails(t.CheckLabel({"billing"}, {{"amount", "3"}}), StatusCode::kInvalidInput,
                    {"attribute \"amount\" does not belong to the chosen categories"}));
  EXPECT_TRUE(Fails(t.CheckLabel({"shipping.late"}, {{"urgency", "low"}}),
                    StatusCode::kInvalidInput, {"attribute \"urgency\" does not belong"}));
  EXPECT_TRUE(Fails(t.CheckLabel({}, {{"urgency", "low"}}), StatusCode::kInvalidInput,
                    {"attribute \"urgency\" does not belong"}));
  EXPECT_TRUE(Fails(t.CheckLabel({"billing.refund"}, {{"colour", "red"}}),
                    StatusCode::kInvalidInput, {"unknown attribute \"colour\""}));
  // Any category of the label may bring the attribute.
  EXPECT_TRUE(t.CheckLabel({"shipping.late", "billing.refund"}, {{"fraud", "true"}}).ok());
}

TEST(Taxonomy, CheckLabelChecksValuesAgainstTheSchema) {
  Taxonomy t = Sample();
  auto check = [&](const std::string& key, const std::string& value) {
    return t.CheckLabel({"billing.refund"}, {{key, value}});
  };
  EXPECT_TRUE(check("urgency", "low").ok());
  EXPECT_TRUE(check("urgency", "high").ok());
  EXPECT_TRUE(Fails(check("urgency", "medium"), StatusCode::kInvalidInput,
                    {"attribute \"urgency\": value \"medium\" is not one of low, high"}));
  EXPECT_TRUE(Fails(check("urgency", "Low"), StatusCode::kInvalidInput, {"\"Low\""}));

  EXPECT_TRUE(check("fraud", "true").ok());
  EXPECT_TRUE(check("fraud", "false").ok());
  for (const char* v : {"yes", "1", "True", ""})
    EXPECT_TRUE(Fails(check("fraud", v), StatusCode::kInvalidInput,
                      {"attribute \"fraud\": value \"" + std::string(v) + "\" is not true or false"}))
        << v;

  for (const char* v : {"12", "-3", "12.5", "1e3", "0"}) EXPECT_TRUE(check("amount", v).ok()) << v;
  for (const char* v : {"abc", "", "12kg", "1.2.3", "12 "})
    EXPECT_TRUE(Fails(check("amount", v), StatusCode::kInvalidInput,
                      {"attribute \"amount\": value \"" + std::string(v) + "\" is not a number"}))
        << v;

  EXPECT_TRUE(check("comment", "anything at all, \"quoted\"").ok());
  EXPECT_TRUE(check("comment", "").ok());
}

TEST(Taxonomy, ALabelOnASplitCategoryIsRefusedNamingItsParts) {
  Taxonomy t = Sample();
  Category late = *t.Find("shipping.late");
  late.status = CategoryStatus::kDeprecated;
  late.split_into = {"billing.charge", "billing.refund"};
  ASSERT_TRUE(t.Update(late).ok());
  EXPECT_TRUE(t.Validate().empty());
  EXPECT_TRUE(Fails(t.CheckLabel({"shipping.late"}, {}), StatusCode::kInvalidInput,
                    {"\"shipping.late\" was split", "\"billing.charge\", \"billing.refund\""}));
}

TEST(Taxonomy, ValidateNamesABrokenSplit) {
  Taxonomy t = Sample();
  std::vector<Category> cats;
  for (const auto& [id, c] : t.categories()) cats.push_back(c);
  for (Category& c : cats) {
    if (c.id == "shipping.late") c.split_into = {"nowhere"};  // still active, part missing
    if (c.id == "billing.charge") {
      c.status = CategoryStatus::kDeprecated;
      c.replaced_by = "billing.refund";
      c.split_into = {"shipping"};
    }
  }
  Taxonomy broken = Taxonomy::FromParts(cats, {});
  std::vector<std::string> problems = broken.Validate();
  auto has = [&](const std::string& fragment) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(fragment) != std::string::npos; });
  };
  EXPECT_TRUE(has("\"shipping.late\" was split but is not deprecated"));
  EXPECT_TRUE(has("split into \"nowhere\", which does not exist"));
  EXPECT_TRUE(has("\"billing.charge\" has both a replacement and a split"));
}

}  // namespace
}  // namespace taxa::core
