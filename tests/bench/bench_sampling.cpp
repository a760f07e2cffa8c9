// taxa_bench --only sampling: drawing a stratified sample from 10,000,000
// items (issue 13: under 2 s), proportional and equal allocation, beside a
// plain std::shuffle of the same 10,000,000 positions with the same
// generator (mt19937_64) as the baseline, measured in the same run.
//
// The strata are 20 category names spread over the items by a fixed
// generator (as a "by category" plan reads them from the index, which is not
// timed here: the figure is the draw). Best of three of each.
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"

#include "taxa/core/sampling.h"

namespace taxa::bench {

void BenchSampling(size_t items, std::vector<Row>& rows) {
  std::printf("taxa_bench sampling: %zu items, 20 strata\n", items);
  std::vector<std::string> names;
  for (int c = 0; c < 20; ++c) names.push_back("category-" + std::to_string(c));
  std::mt19937_64 spread(2026);
  std::vector<std::string> strata;
  strata.reserve(items);
  // Uneven shares: stratum c is about (c + 1) times as common as stratum 0.
  std::discrete_distribution<int> which(
      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
  for (size_t i = 0; i < items; ++i) strata.push_back(names[which(spread)]);

  double shuffle = 1e9, proportional = 1e9, equal = 1e9;
  size_t checksum = 0;
  for (int k = 0; k < 3; ++k) {
    std::vector<size_t> positions(items);
    for (size_t i = 0; i < items; ++i) positions[i] = i;
    auto start = Clock::now();
    std::mt19937_64 rng(7);
    std::shuffle(positions.begin(), positions.end(), rng);
    shuffle = std::min(shuffle, Seconds(start));
    checksum += positions[0];

    start = Clock::now();
    std::vector<size_t> a = core::SampleStratified(strata, 10000, 7 + k);
    proportional = std::min(proportional, Seconds(start));
    start = Clock::now();
    std::vector<size_t> b = core::SampleStratifiedEqual(strata, 10000, 7 + k);
    equal = std::min(equal, Seconds(start));
    checksum += a.size() + b.size();
  }
  // The checksum only keeps the draws from being optimised away.
  static volatile size_t sink;
  sink = checksum;
  const std::string note = "(10,000 of " + std::to_string(items) + ", best of 3)";
  rows.push_back({"sampling: stratified, proportional", proportional,
                  "std::shuffle of the positions", shuffle, "< 2 s", proportional < 2, note});
  rows.push_back({"sampling: stratified, equal", equal, "std::shuffle of the positions", shuffle,
                  "< 2 s", equal < 2, note});
}

}  // namespace taxa::bench
