// Seeded samples that every machine draws alike: std::mt19937_64 (its output
// is fixed by the C++ standard), an unbiased bounded draw (rejection, not
// modulo), and a partial Fisher-Yates shuffle, so no standard library's own
// distributions are involved. Calibration rounds use these; so will sampling
// plans.
//
//   std::vector<size_t> picked = SampleRandom(items.size(), 50, /*seed=*/7);
//   std::vector<size_t> by_source = SampleStratified(source_of_each_item, 50, 7);
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace taxa::core {

// `n` of `pool`, drawn without replacement in the order drawn (the first n
// steps of a Fisher-Yates shuffle). REQUIRES: n <= pool.size().
std::vector<size_t> DrawWithoutReplacement(std::vector<size_t> pool, size_t n,
                                           std::mt19937_64& rng);

// `n` of the positions 0..population-1, sorted. REQUIRES: n <= population.
std::vector<size_t> SampleRandom(size_t population, size_t n, uint64_t seed);

// `n` positions of `stratum` (one stratum name per position), sorted. Each
// stratum gets n times its share of the population, rounded down, and the
// rest go one each to the strata with the largest remainders (ties to the
// name that sorts first); strata are drawn in name order from one generator
// seeded with `seed`. REQUIRES: n <= stratum.size().
std::vector<size_t> SampleStratified(const std::vector<std::string>& stratum, size_t n,
                                     uint64_t seed);

// The same with equal allocation: every stratum gets n / k (k strata, in
// name order), a stratum smaller than that gives all its members and what
// it lacks is shared out again over the others the same way, and once the
// share drops to 0 the last r < k items go one each to the first r strata in
// name order that still have members left. Strata are drawn in name order
// from one generator seeded with `seed`, as SampleStratified.
// REQUIRES: n <= stratum.size().
std::vector<size_t> SampleStratifiedEqual(const std::vector<std::string>& stratum, size_t n,
                                          uint64_t seed);

}  // namespace taxa::core
