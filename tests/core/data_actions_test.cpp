// The data action rules (core/data_actions.h) on evidence written by hand:
// each rule at and around its thresholds, the scores, and the ranking.
#include <gtest/gtest.h>

#include <algorithm>

#include "taxa/core/data_actions.h"

namespace taxa::core {
namespace {

ConfusedPair Pair(const char* a, const char* b, uint64_t ab, uint64_t ba) {
  return ConfusedPair{.a = a, .b = b, .a_as_b = ab, .b_as_a = ba, .total = ab + ba};
}

const DataAction* Find(const std::vector<DataAction>& actions, const std::string& kind,
                       const std::string& category = "") {
  for (const DataAction& a : actions)
    if (a.kind == kind && (category.empty() || (!a.categories.empty() && a.categories[0] == category)))
      return &a;
  return nullptr;
}

TEST(DataActions, CatchAllNamesAreRecognisedByWord) {
  EXPECT_TRUE(LooksCatchAll("other", ""));
  EXPECT_TRUE(LooksCatchAll("billing.misc", "Billing"));
  EXPECT_TRUE(LooksCatchAll("x1", "Unknown / unclear"));
  EXPECT_TRUE(LooksCatchAll("x2", "Catch-all"));
  EXPECT_FALSE(LooksCatchAll("mother", "Mothers"));  // a word, not a substring
  EXPECT_FALSE(LooksCatchAll("billing", "Billing"));
}

TEST(DataActions, ConfusedBothWaysIsAMergeAndNotAlsoATighten) {
  ActionEvidence e;
  e.items = e.labeled = 20;
  e.categories = {{.id = "a", .items = 8, .alpha = 0.2}, {.id = "b", .items = 6, .alpha = 0.3},
                  {.id = "c", .items = 6, .alpha = 0.9}};
  // a/b: 4 and 3 (min 3 >= 3, 3 >= 0.5 * 4, 7 >= 0.2 * 6): merge.
  e.confused = {{Pair("a", "b", 4, 3), {"i1", "i2"}}};
  std::vector<DataAction> out = RankActions(e);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "merge");
  EXPECT_EQ(out[0].score, 7u);
  EXPECT_EQ(out[0].categories, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(out[0].examples, (std::vector<std::string>{"i1", "i2"}));

  // One way only (b_as_a 2 < 3): no merge; a and b each tighten against the other.
  e.confused = {{Pair("a", "b", 4, 2), {"i1"}}};
  out = RankActions(e);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, "tighten");
  EXPECT_EQ(out[0].score, 6u);
  EXPECT_EQ(out[0].categories, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(out[1].categories, (std::vector<std::string>{"b", "a"}));
  EXPECT_NE(out[0].evidence.find("alpha 0.2"), std::string::npos) << out[0].evidence;

  // Unbalanced (3 < 0.5 * 7): no merge.
  e.confused = {{Pair("a", "b", 7, 3), {}}};
  EXPECT_EQ(Find(RankActions(e), "merge"), nullptr);
  // Rare against the smaller category (3 + 3 < 0.2 * 40): no merge.
  e.categories[0].items = 40;
  e.categories[1].items = 40;
  e.confused = {{Pair("a", "b", 3, 3), {}}};
  EXPECT_EQ(Find(RankActions(e), "merge"), nullptr);
}

TEST(DataActions, TightenNeedsLowAgreementAndEnoughConfusions) {
  ActionEvidence e;
  e.items = e.labeled = 30;
  e.categories = {{.id = "a", .items = 10, .alpha = 0.667}, {.id = "b", .items = 10, .alpha = 0.5},
                  {.id = "c", .items = 10, .alpha = std::nullopt}};
  e.confused = {{Pair("a", "b", 2, 0), {}}, {Pair("b", "c", 5, 0), {"x"}}};
  std::vector<DataAction> out = RankActions(e);
  // a: alpha 0.667 is not below 0.667; c: alpha undefined; b: partner c (5 > 2).
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "tighten");
  EXPECT_EQ(out[0].categories, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(out[0].score, 5u);
  // The partner's pair below 3 confusions: nothing.
  e.confused = {{Pair("b", "c", 2, 0), {}}};
  EXPECT_TRUE(RankActions(e).empty());
}

TEST(DataActions, CatchAllAndLowConfidenceSayACategoryMayBeMissing) {
  ActionEvidence e;
  e.items = 100;
  e.labeled = 50;
  // 5 of 50 = 10%: at the threshold; "misc" with 4 is below kMinItems.
  e.categories = {{.id = "other", .name = "Other", .items = 5}, {.id = "misc", .items = 4},
                  {.id = "a", .items = 41}};
  e.low_confidence = {{.category = "a", .predicted = 20, .items = 5, .examples = {"p", "q"}},
                      {.category = "b", .predicted = 21, .items = 5}};  // 5/21 < 25%
  std::vector<DataAction> out = RankActions(e);
  ASSERT_EQ(out.size(), 2u);
  // Same score 5 and kind: by title ("A category may be missing near a" < "...: 5 items").
  EXPECT_EQ(out[0].title, "A category may be missing near a: 5 items the model is unsure of");
  EXPECT_EQ(out[0].examples, (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(out[1].title, "A category may be missing: 5 items are labeled other");
  EXPECT_NE(out[1].evidence.find("10.0% of the 50 labeled items"), std::string::npos)
      << out[1].evidence;
  e.categories[0].items = 4;
  e.labeled = 41;
  EXPECT_EQ(RankActions(e).size(), 1u);
}

TEST(DataActions, SlicesWithFewLabelsOrLowAgreementAreCoverageGaps) {
  ActionEvidence e;
  e.items = 100;
  e.labeled = 60;  // 60% of the project
  e.overall_alpha = 0.8;
  e.slices = {{.key = "lang", .value = "de", .items = 20, .labeled = 5},   // 25% < 30%: gap, 15
              {.key = "lang", .value = "en", .items = 70, .labeled = 50, .alpha = 0.61},  // not 0.2 below
              {.key = "lang", .value = "fr", .items = 10, .labeled = 5, .alpha = 0.6},    // 50%; 0.6 <= 0.6: gap 5
              {.key = "lang", .value = "it", .items = 4, .labeled = 0}};  // too few items
  std::vector<DataAction> out = RankActions(e);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].slice, "lang=de");
  EXPECT_EQ(out[0].score, 15u);
  EXPECT_EQ(out[0].title, "Label more of lang=de: 5 of 20 items labeled");
  EXPECT_EQ(out[1].slice, "lang=fr");
  EXPECT_EQ(out[1].score, 5u);
}

TEST(DataActions, RelabelComesFirstOnATieAndKeepsTheWholeQueue) {
  ActionEvidence e;
  e.items = e.labeled = 10;
  e.relabel = RelabelEvidence{.model = "m1",
                              .label_source = "majority",
                              .examined = 10,
                              .estimated_errors = 3,
                              .issues = {{"i1", "a", "b", 0.1}, {"i2", "a", "b", 0.2},
                                         {"i3", "b", "a", 0.3}}};
  e.categories = {{.id = "a", .items = 5, .alpha = 0.1}, {.id = "b", .items = 5, .alpha = 0.9}};
  e.confused = {{Pair("a", "b", 3, 0), {}}};  // tighten a against b, score 3
  std::vector<DataAction> out = RankActions(e);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, "relabel");
  EXPECT_EQ(out[0].score, 3u);
  EXPECT_EQ(out[0].items, (std::vector<std::string>{"i1", "i2", "i3"}));
  EXPECT_EQ(out[0].categories, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(out[1].kind, "tighten");
  // No issues: no relabel action.
  e.relabel->issues.clear();
  EXPECT_EQ(Find(RankActions(e), "relabel"), nullptr);
}

}  // namespace
}  // namespace taxa::core
