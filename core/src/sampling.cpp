#include "taxa/core/sampling.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <map>
#include <utility>

namespace taxa::core {

namespace {

// A uniform draw in [0, bound): rejection of the top of the range, then the
// remainder. resampling.h has a faster draw (Lemire's); samples keep this
// one so that a seed draws the same items as in every earlier release.
uint64_t DrawBelow(std::mt19937_64& rng, uint64_t bound) {
  assert(bound > 0);
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % bound;
}

}  // namespace

std::vector<size_t> DrawWithoutReplacement(std::vector<size_t> pool, size_t n,
                                           std::mt19937_64& rng) {
  assert(n <= pool.size());
  for (size_t i = 0; i < n; ++i) std::swap(pool[i], pool[i + DrawBelow(rng, pool.size() - i)]);
  pool.resize(n);
  return pool;
}

std::vector<size_t> SampleRandom(size_t population, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<size_t> all(population);
  for (size_t i = 0; i < population; ++i) all[i] = i;
  std::vector<size_t> chosen = DrawWithoutReplacement(std::move(all), n, rng);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<size_t> SampleStratified(const std::vector<std::string>& stratum, size_t n,
                                     uint64_t seed) {
  assert(n <= stratum.size());
  std::mt19937_64 rng(seed);
  std::map<std::string, std::vector<size_t>> strata;
  for (size_t i = 0; i < stratum.size(); ++i) strata[stratum[i]].push_back(i);
  std::vector<size_t> take;
  std::vector<std::pair<uint64_t, size_t>> remainders;  // (remainder, rank)
  size_t given = 0, rank = 0;
  for (const auto& [name, members] : strata) {
    const uint64_t exact = static_cast<uint64_t>(n) * members.size();
    take.push_back(exact / stratum.size());
    given += take.back();
    remainders.push_back({exact % stratum.size(), rank++});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; given < n; ++i, ++given) ++take[remainders[i].second];
  std::vector<size_t> chosen;
  rank = 0;
  for (auto& [name, members] : strata) {
    std::vector<size_t> drawn = DrawWithoutReplacement(members, take[rank++], rng);
    chosen.insert(chosen.end(), drawn.begin(), drawn.end());
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace taxa::core
