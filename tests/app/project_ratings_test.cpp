// Derive has two paths: one that keeps the structure of the label sets and
// only maps values (no `keep`), and the general one through a RatingsBuilder.
// Both must give the same ratings: every (item, annotator) with the same
// value, and the same value tables.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "session/project_ratings.h"

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

// (item, annotator) -> value name.
std::map<std::pair<std::string, std::string>, std::string> ByName(const core::Ratings& r) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (size_t i = 0; i < r.ItemCount(); ++i)
    for (uint32_t k = r.item_begin[i]; k < r.item_begin[i + 1]; ++k)
      out[{r.item_names[i], r.annotator_names[r.rating_annotator[k]]}] =
          r.value_names[r.rating_value[k]];
  return out;
}

// The same map through the general path: a keep that keeps everything.
ValueMap General(ValueMap map) {
  map.keep = [](uint32_t, uint32_t) { return true; };
  return map;
}

void ExpectSame(const core::Ratings& sets, core::ValueKind kind, const ValueMap& map) {
  Result<core::Ratings> fast = Derive(sets, kind, map);
  Result<core::Ratings> general = Derive(sets, kind, General(map));
  ASSERT_TRUE(fast.ok()) << fast.status().message();
  ASSERT_TRUE(general.ok()) << general.status().message();
  EXPECT_EQ(fast->kind, general->kind);
  EXPECT_EQ(fast->item_names, general->item_names);
  EXPECT_EQ(fast->value_names, general->value_names);
  EXPECT_EQ(fast->value_numbers, general->value_numbers);
  EXPECT_EQ(fast->value_labels, general->value_labels);
  EXPECT_EQ(fast->label_names, general->label_names);
  EXPECT_EQ(fast->RatingCount(), general->RatingCount());
  EXPECT_EQ(ByName(*fast), ByName(*general));
}

TEST(Derive, MappingValuesOnlyGivesWhatTheBuilderGives) {
  const core::Ratings sets = RandomSets(7, 300, 4, 9);
  ExpectSame(sets, core::ValueKind::kCategory, KeepLabels());
  ExpectSame(sets, core::ValueKind::kLabelSet, KeepLabels());
  for (const char* c : {"c0", "c4", "c8", "absent"})
    ExpectSame(sets, core::ValueKind::kCategory, OneVsRest(c));
}

TEST(Derive, NumbersReadTheSameAndANonNumberIsTheSameError) {
  const core::Ratings numbers = RandomSets(11, 200, 3, 7, /*numeric=*/true);
  ExpectSame(numbers, core::ValueKind::kNumber, KeepLabels());
  const core::Ratings words = RandomSets(12, 50, 3, 4);
  Result<core::Ratings> fast = Derive(words, core::ValueKind::kNumber, KeepLabels());
  Result<core::Ratings> general = Derive(words, core::ValueKind::kNumber, General(KeepLabels()));
  ASSERT_FALSE(fast.ok());
  ASSERT_FALSE(general.ok());
  EXPECT_EQ(fast.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(fast.status().message(), general.status().message());
}

}  // namespace
}  // namespace taxa::app
