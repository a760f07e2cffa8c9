// ParallelSortByText against std::sort with the same order, on texts made to
// defeat its integer keys: long shared prefixes, texts that are prefixes of
// others, zero bytes, bytes >= 0x80, ties broken by a second criterion.
#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "taxa/core/parallel.h"

namespace taxa::core {
namespace {

struct Row {
  std::string text;
  int rank = 0;  // the second criterion
  int serial = 0;
};

bool Before(const Row& a, const Row& b) {
  if (int c = a.text.compare(b.text); c != 0) return c < 0;
  return a.rank > b.rank;  // the highest rank first
}

std::vector<Row> MakeRows(size_t n, const std::string& prefix, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::string alphabet("ab\0\x7f\x80\xff", 6);
  std::vector<Row> rows(n);
  for (size_t i = 0; i < n; ++i) {
    Row& r = rows[i];
    r.text = prefix;
    size_t len = rng() % 14;  // often shorter than the 8 bytes of a key, often longer
    for (size_t k = 0; k < len; ++k) r.text += alphabet[rng() % alphabet.size()];
    r.rank = static_cast<int>(rng() % 3);
    r.serial = static_cast<int>(i);
  }
  return rows;
}

void ExpectSameOrderAsStdSort(std::vector<Row> rows) {
  std::vector<Row> expected = rows;
  std::stable_sort(expected.begin(), expected.end(), Before);
  ParallelSortByText(
      rows.begin(), rows.end(), [](const Row& r) { return std::string_view(r.text); }, Before);
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    // Rows equal under Before may come in any order; their fields may not differ.
    ASSERT_EQ(rows[i].text, expected[i].text) << "at " << i;
    ASSERT_EQ(rows[i].rank, expected[i].rank) << "at " << i;
  }
  // Nothing lost or doubled.
  std::vector<int> serials;
  for (const Row& r : rows) serials.push_back(r.serial);
  std::sort(serials.begin(), serials.end());
  for (size_t i = 0; i < serials.size(); ++i) ASSERT_EQ(serials[i], static_cast<int>(i));
}

TEST(ParallelSortByText, OrdersLikeStdSortWhateverTheTexts) {
  ExpectSameOrderAsStdSort(MakeRows(200000, "", 1));
  ExpectSameOrderAsStdSort(MakeRows(150000, "item-000", 2));  // a shared prefix to skip
  ExpectSameOrderAsStdSort(MakeRows(5000, std::string("\0\0", 2), 3));
  ExpectSameOrderAsStdSort(MakeRows(500, "x", 4));      // small: plain std::sort
  std::vector<Row> same(3000, Row{"same text", 0, 0});  // every key equal
  for (size_t i = 0; i < same.size(); ++i) {
    same[i].rank = static_cast<int>(i % 5);
    same[i].serial = static_cast<int>(i);
  }
  ExpectSameOrderAsStdSort(same);
}

TEST(ParallelSortByText, SortsViewsOfEventIdsAsStdSortDoes) {
  std::mt19937_64 rng(9);
  std::vector<std::string> ids(100000);
  for (std::string& id : ids) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int k = 0; k < 32; ++k) id += kHex[rng() % 16];
  }
  ids[7] = ids[8];  // a duplicate
  std::vector<std::string_view> views(ids.begin(), ids.end());
  std::vector<std::string_view> expected = views;
  std::sort(expected.begin(), expected.end());
  ParallelSortByText(views.begin(), views.end(), std::identity(), std::less<>());
  EXPECT_EQ(views, expected);
}

}  // namespace
}  // namespace taxa::core
