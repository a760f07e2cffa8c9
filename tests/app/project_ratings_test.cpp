// Derive builds its result directly, without a RatingsBuilder. It must give
// exactly what a builder gives when fed each kept rating's derived value by
// name, in order: the same codes for items, annotators and values, the same
// value tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "session/project_ratings.h"
#include "support/ratings_checks.h"

namespace taxa::app {
namespace {

// Label sets of `annotators` on `items` items, each rating one to three of
// `categories` categories (some ratings missing), in item order as the index
// scan gives them.
core::Ratings RandomSets(uint64_t seed, int items, int annotators, int categories,
                         bool numeric = false) {
  std::mt19937_64 rng(seed);
  core::RatingsBuilder b;
  for (int i = 0; i < items; ++i) {
    for (int a = 0; a < annotators; ++a) {
      if (rng() % 5 == 0) continue;
      std::vector<std::string> labels;
      int count = numeric ? 1 : 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < count; ++k)
        labels.push_back((numeric ? "" : "c") + std::to_string(rng() % categories));
      EXPECT_TRUE(b.AddLabels("item-" + std::to_string(i), "ann" + std::to_string(a), labels).ok());
    }
  }
  Result<core::Ratings> r = std::move(b).Build();
  EXPECT_TRUE(r.ok()) << r.status().message();
  r->kind = core::ValueKind::kLabelSet;
  return std::move(*r);
}

// What a RatingsBuilder makes of the kept ratings of `sets` under `map`, each
// added by its value's text (the way before Derive had a path of its own).
Result<core::Ratings> ThroughBuilder(const core::Ratings& sets, core::ValueKind kind,
                                     const ValueMap& map) {
  core::RatingsBuilder b;
  for (uint32_t i = 0; i < sets.ItemCount(); ++i) {
    for (uint32_t r = sets.item_begin[i]; r < sets.item_begin[i + 1]; ++r) {
      const uint32_t a = sets.rating_annotator[r];
      if (map.keep && !map.keep(i, a)) continue;
      std::vector<std::string> categories, labels;
      for (uint32_t l : sets.value_labels[sets.rating_value[r]])
        categories.push_back(sets.label_names[l]);
      std::sort(categories.begin(), categories.end());
      if (map.value)
        map.value(categories, labels);
      else
        labels = categories;
      const std::string& item = sets.item_names[i];
      const std::string& annotator = sets.annotator_names[a];
      if (kind == core::ValueKind::kLabelSet) {
        TAXA_RETURN_IF_ERROR(b.AddLabels(item, annotator, labels));
        continue;
      }
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
      std::string joined;
      for (const std::string& l : labels) joined += (joined.empty() ? "" : ";") + l;
      if (kind == core::ValueKind::kCategory) {
        TAXA_RETURN_IF_ERROR(b.AddCategory(item, annotator, joined));
      } else {
        TAXA_RETURN_IF_ERROR(b.AddNumber(item, annotator, std::stod(joined)));
      }
    }
  }
  return std::move(b).Build();
}

void ExpectSame(const core::Ratings& sets, core::ValueKind kind, const ValueMap& map) {
  Result<core::Ratings> derived = Derive(sets, kind, map);
  Result<core::Ratings> built = ThroughBuilder(sets, kind, map);
  ASSERT_TRUE(derived.ok()) << derived.status().message();
  ASSERT_TRUE(built.ok()) << built.status().message();
  taxa::testing::ExpectSameRatings(*derived, *built);
}

ValueMap OnlyAnnotators(std::set<uint32_t> keep) {
  return {.keep = [keep](uint32_t, uint32_t a) { return keep.count(a) > 0; }};
}

TEST(Derive, MappingValuesOnlyGivesWhatTheBuilderGives) {
  const core::Ratings sets = RandomSets(7, 300, 4, 9);
  ExpectSame(sets, core::ValueKind::kCategory, KeepLabels());
  ExpectSame(sets, core::ValueKind::kLabelSet, KeepLabels());
  for (const char* c : {"c0", "c4", "c8", "absent"})
    ExpectSame(sets, core::ValueKind::kCategory, OneVsRest(c));
}

TEST(Derive, KeepingSomeRatingsGivesWhatTheBuilderGives) {
  const core::Ratings sets = RandomSets(8, 300, 5, 6);
  // Annotators 3 and 1 only: they come out renumbered in order of first
  // appearance, items that lose every rating drop out.
  ExpectSame(sets, core::ValueKind::kCategory, OnlyAnnotators({3, 1}));
  ExpectSame(sets, core::ValueKind::kLabelSet, OnlyAnnotators({4}));
  ValueMap odd_items{.keep = [](uint32_t item, uint32_t) { return item % 2 == 1; }};
  ExpectSame(sets, core::ValueKind::kCategory, odd_items);
  ValueMap none{.keep = [](uint32_t, uint32_t) { return false; }};
  Result<core::Ratings> empty = Derive(sets, core::ValueKind::kCategory, none);
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(empty->RatingCount(), 0u);
  EXPECT_EQ(empty->ItemCount(), 0u);
}

TEST(Derive, NumbersReadTheSameAndANonNumberNamesTheCategoryAndItem) {
  const core::Ratings numbers = RandomSets(11, 200, 3, 7, /*numeric=*/true);
  ExpectSame(numbers, core::ValueKind::kNumber, KeepLabels());
  const core::Ratings words = RandomSets(12, 50, 3, 4);
  Result<core::Ratings> derived = Derive(words, core::ValueKind::kNumber, KeepLabels());
  ASSERT_FALSE(derived.ok());
  EXPECT_EQ(derived.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(derived.status().message().find("is not a number"), std::string::npos);
  EXPECT_NE(derived.status().message().find("(item \"item-0\")"), std::string::npos)
      << derived.status().message();
}

TEST(Derive, CollapsedSetsKeepTheirCountsAndRefuseAKeep) {
  const core::Ratings sets = RandomSets(9, 400, 3, 4);
  const core::CollapsedRatings collapsed = core::CollapseItems(sets);
  Result<core::CollapsedRatings> one = Derive(collapsed, core::ValueKind::kCategory, OneVsRest("c1"));
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(one->count, collapsed.count);
  EXPECT_EQ(one->ratings.ItemCount(), collapsed.ratings.ItemCount());
  Result<core::CollapsedRatings> kept = Derive(collapsed, core::ValueKind::kCategory,
                                               OnlyAnnotators({0}));
  ASSERT_FALSE(kept.ok());
  EXPECT_EQ(kept.status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace taxa::app
