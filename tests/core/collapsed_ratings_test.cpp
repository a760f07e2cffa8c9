// CollapseItems keeps one row per multiset of values with the number of items
// it stands for; alpha and its bootstrap on the rows must equal alpha and its
// bootstrap on the items.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "taxa/core/agreement.h"

namespace taxa::core {
namespace {

// `items` items rated by up to `annotators` annotators from `values` values,
// some ratings missing, so items have 0..annotators ratings and repeat each
// other's multisets often.
Ratings RandomRatings(uint64_t seed, int items, int annotators, int values, bool numbers) {
  std::mt19937_64 rng(seed);
  RatingsBuilder b;
  for (int i = 0; i < items; ++i) {
    const std::string item = "i" + std::to_string(i);
    for (int a = 0; a < annotators; ++a) {
      if (rng() % 4 == 0) continue;
      const std::string annotator = "a" + std::to_string(a);
      const auto v = static_cast<int>(rng() % values);
      Status added = numbers ? b.AddNumber(item, annotator, v * 1.5)
                             : b.AddCategory(item, annotator, "v" + std::to_string(v));
      EXPECT_TRUE(added.ok()) << added.message();
    }
  }
  Result<Ratings> r = std::move(b).Build();
  EXPECT_TRUE(r.ok()) << r.status().message();
  return std::move(*r);
}

TEST(CollapsedRatings, RowsStandForEveryItemWithTheSameMultisetInOrderOfFirstAppearance) {
  RatingsBuilder b;
  // i0 {x,y}, i1 {y,x} (the same multiset), i2 {x}, i3 {x,y}, i4 {y,y}.
  for (auto [item, annotator, value] : std::vector<std::tuple<const char*, const char*, const char*>>{
           {"i0", "a", "x"}, {"i0", "b", "y"}, {"i1", "a", "y"}, {"i1", "b", "x"},
           {"i2", "a", "x"}, {"i3", "b", "x"}, {"i3", "c", "y"}, {"i4", "a", "y"},
           {"i4", "c", "y"}})
    ASSERT_TRUE(b.AddCategory(item, annotator, value).ok());
  Result<Ratings> r = std::move(b).Build();
  ASSERT_TRUE(r.ok());
  const CollapsedRatings c = CollapseItems(*r);
  EXPECT_EQ(c.ratings.item_names, (std::vector<std::string>{"i0", "i2", "i4"}));
  EXPECT_EQ(c.count, (std::vector<uint64_t>{3, 1, 1}));
  EXPECT_EQ(c.ratings.annotator_names, r->annotator_names);
  EXPECT_EQ(c.ratings.value_names, r->value_names);
  // A row keeps its first item's ratings as they were.
  ASSERT_EQ(c.ratings.item_begin, (std::vector<uint32_t>{0, 2, 3, 5}));
  EXPECT_EQ(c.ratings.rating_annotator[0], r->rating_annotator[0]);
  EXPECT_EQ(c.ratings.rating_value[1], r->rating_value[1]);
}

TEST(CollapsedRatings, AlphaAndItsBootstrapAreThoseOfTheItems) {
  struct Case {
    AlphaMetric metric;
    bool numbers;
  };
  for (const Case& k : {Case{AlphaMetric::kNominal, false}, Case{AlphaMetric::kInterval, true},
                        Case{AlphaMetric::kOrdinal, true}}) {
    const Ratings r = RandomRatings(21, 5000, 4, 5, k.numbers);
    const CollapsedRatings c = CollapseItems(r);
    ASSERT_LT(c.ratings.ItemCount(), 400u);  // 5000 items, few multisets
    const AlphaOptions options{.metric = k.metric};
    Result<AgreementResult> full = KrippendorffAlpha(r, options);
    Result<AgreementResult> rows = KrippendorffAlpha(c, options);
    ASSERT_TRUE(full.ok()) << full.status().message();
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_NEAR(rows->value, full->value, 1e-12);
    EXPECT_EQ(rows->items, full->items);
    EXPECT_EQ(rows->pairable_values, full->pairable_values);
    EXPECT_EQ(rows->note, full->note);  // the items with one rating, counted
    EXPECT_NE(full->note, "");
  }
  // Nominal item contributions are exact sums, so the bootstrap forms the
  // same groups of items in the same order: the same resamples, the same
  // interval to the last bit.
  const Ratings r = RandomRatings(22, 20000, 3, 4, false);
  const CollapsedRatings c = CollapseItems(r);
  const BootstrapOptions bootstrap{.resamples = 500, .level = 0.9, .seed = 7};
  Result<ConfidenceInterval> full = BootstrapAlpha(r, {}, bootstrap);
  Result<ConfidenceInterval> rows = BootstrapAlpha(c, {}, bootstrap);
  ASSERT_TRUE(full.ok()) << full.status().message();
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->lo, full->lo);
  EXPECT_EQ(rows->hi, full->hi);
  EXPECT_EQ(rows->resamples, full->resamples);
  EXPECT_NEAR(rows->estimate, full->estimate, 1e-12);
}

TEST(CollapsedRatings, ErrorsAreThoseOfTheItems) {
  RatingsBuilder b;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(b.AddCategory("i" + std::to_string(i), "a", "same").ok());
    ASSERT_TRUE(b.AddCategory("i" + std::to_string(i), "b", "same").ok());
  }
  Result<Ratings> r = std::move(b).Build();
  ASSERT_TRUE(r.ok());
  const CollapsedRatings c = CollapseItems(*r);
  EXPECT_EQ(c.count, (std::vector<uint64_t>{50}));
  Result<AgreementResult> full = KrippendorffAlpha(*r);
  Result<AgreementResult> rows = KrippendorffAlpha(c);
  ASSERT_FALSE(full.ok());
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), full.status().code());
  EXPECT_EQ(rows.status().message(), full.status().message());
  EXPECT_NE(full.status().message().find("no variation"), std::string::npos);
}

}  // namespace
}  // namespace taxa::core
