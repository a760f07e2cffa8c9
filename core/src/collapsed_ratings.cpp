// CollapseItems: items that share one multiset of values, kept once.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "taxa/core/agreement.h"

namespace taxa::core {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

uint64_t Mix(uint64_t h, uint64_t x) {
  // splitmix64's finalizer over the running hash and the next value.
  h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

CollapsedRatings CollapseItems(const Ratings& r) {
  // Each row keeps its multiset sorted in `keys`; rows whose multisets hash
  // alike are chained through `next` from `head`.
  std::vector<uint32_t> keys, key_begin{0}, next, source_item;
  std::vector<uint64_t> count;
  std::unordered_map<uint64_t, uint32_t> head;
  std::vector<uint32_t> values;
  for (uint32_t i = 0; i < r.ItemCount(); ++i) {
    values.assign(r.rating_value.begin() + r.item_begin[i],
                  r.rating_value.begin() + r.item_begin[i + 1]);
    std::sort(values.begin(), values.end());
    uint64_t h = values.size();
    for (uint32_t v : values) h = Mix(h, v);
    auto [slot, added] = head.emplace(h, kNone);
    uint32_t row = slot->second;
    for (; row != kNone; row = next[row]) {
      if (std::equal(values.begin(), values.end(), keys.begin() + key_begin[row],
                     keys.begin() + key_begin[row + 1]))
        break;
    }
    if (row != kNone) {
      ++count[row];
      continue;
    }
    const auto added_row = static_cast<uint32_t>(count.size());
    keys.insert(keys.end(), values.begin(), values.end());
    key_begin.push_back(static_cast<uint32_t>(keys.size()));
    next.push_back(slot->second);
    slot->second = added_row;
    count.push_back(1);
    source_item.push_back(i);
  }

  CollapsedRatings out;
  Ratings& c = out.ratings;
  c.kind = r.kind;
  c.annotator_names = r.annotator_names;
  c.value_names = r.value_names;
  c.value_numbers = r.value_numbers;
  c.value_labels = r.value_labels;
  c.label_names = r.label_names;
  c.item_begin.reserve(source_item.size() + 1);
  c.item_begin.push_back(0);
  c.rating_annotator.reserve(keys.size());
  c.rating_value.reserve(keys.size());
  for (uint32_t i : source_item) {
    c.item_names.push_back(r.item_names[i]);
    for (uint32_t k = r.item_begin[i]; k < r.item_begin[i + 1]; ++k) {
      c.rating_annotator.push_back(r.rating_annotator[k]);
      c.rating_value.push_back(r.rating_value[k]);
    }
    c.item_begin.push_back(static_cast<uint32_t>(c.rating_value.size()));
  }
  out.count = std::move(count);
  return out;
}

}  // namespace taxa::core
