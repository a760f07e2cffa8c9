// Quantiles (core/quantile.h): a worked example, then NumPy's percentile()
// (its default, linear interpolation) on random data.
#include "taxa/core/quantile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "support/ratings_checks.h"

namespace taxa::core {
namespace {

TEST(Quantile, WorkedByHand) {
  // h = (n - 1) p; between the order statistics floor(h) and floor(h) + 1.
  const std::vector<double> v = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(Quantile(v, 0.5), 2.5);  // h 1.5
  EXPECT_DOUBLE_EQ(Quantile(v, 0.9), 3.7);  // h 2.7
  EXPECT_DOUBLE_EQ(Quantile(v, 0), 1);
  EXPECT_DOUBLE_EQ(Quantile(v, 1), 4);
  EXPECT_DOUBLE_EQ(Quantile({7}, 0.9), 7);
}

TEST(Quantile, AgreesWithNumpyPercentile) {
  if (std::string why = testing::MissingPython("numpy"); !why.empty()) GTEST_SKIP() << why;
  std::mt19937_64 rng(11);
  std::vector<testing::Triple> data;  // (set, index, value): 5 sets of 1..60 values
  constexpr size_t kSets = 5;
  for (size_t s = 0; s < kSets; ++s) {
    const size_t n = 1 + rng() % 60;
    for (size_t i = 0; i < n; ++i) {
      const double value = static_cast<double>(rng() % 200000) / 7.0;
      data.push_back({"s" + std::to_string(s), std::to_string(i), std::to_string(value)});
    }
  }
  const std::map<std::string, double> want = testing::RunPython(std::string(testing::kReadTsv) + R"(
import numpy
sets = {}
for s, _, v in rows: sets.setdefault(s, []).append(float(v))
for s, values in sets.items():
    for p in (10, 50, 90, 99):
        print("%s_%d %.17g" % (s, p, numpy.percentile(values, p)))
)", testing::Tsv(data));
  for (size_t s = 0; s < kSets; ++s) {
    // The values as Python read them: std::to_string's six decimals.
    std::vector<double> sorted;
    for (const testing::Triple& t : data)
      if (t.item == "s" + std::to_string(s)) sorted.push_back(std::stod(t.value));
    std::sort(sorted.begin(), sorted.end());
    for (int p : {10, 50, 90, 99}) {
      const std::string key = "s" + std::to_string(s) + "_" + std::to_string(p);
      ASSERT_TRUE(want.count(key)) << key;
      EXPECT_NEAR(Quantile(sorted, p / 100.0), want.at(key), 1e-9) << key;
    }
  }
}

}  // namespace
}  // namespace taxa::core
