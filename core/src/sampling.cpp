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

namespace {

using Strata = std::map<std::string, std::vector<size_t>>;

Strata GroupByStratum(const std::vector<std::string>& stratum) {
  Strata strata;
  for (size_t i = 0; i < stratum.size(); ++i) strata[stratum[i]].push_back(i);
  return strata;
}

// Draws take[k] members of the k-th stratum (name order) from one generator.
std::vector<size_t> DrawStrata(Strata& strata, const std::vector<size_t>& take, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<size_t> chosen;
  size_t rank = 0;
  for (auto& [name, members] : strata) {
    std::vector<size_t> drawn = DrawWithoutReplacement(std::move(members), take[rank++], rng);
    chosen.insert(chosen.end(), drawn.begin(), drawn.end());
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace

std::vector<size_t> SampleStratified(const std::vector<std::string>& stratum, size_t n,
                                     uint64_t seed) {
  assert(n <= stratum.size());
  Strata strata = GroupByStratum(stratum);
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
  return DrawStrata(strata, take, seed);
}

std::vector<size_t> SampleStratifiedEqual(const std::vector<std::string>& stratum, size_t n,
                                          uint64_t seed) {
  assert(n <= stratum.size());
  Strata strata = GroupByStratum(stratum);
  std::vector<size_t> size, take(strata.size(), 0);
  for (const auto& [name, members] : strata) size.push_back(members.size());
  size_t left = n;
  while (left > 0) {
    size_t open = 0;
    for (size_t k = 0; k < size.size(); ++k) open += take[k] < size[k];
    assert(open > 0);
    const size_t share = left / open;
    for (size_t k = 0; k < size.size() && left > 0; ++k) {
      if (take[k] == size[k]) continue;
      // With no whole share left, one each to the first open strata.
      const size_t add = share == 0 ? 1 : std::min(share, size[k] - take[k]);
      take[k] += add;
      left -= add;
    }
  }
  return DrawStrata(strata, take, seed);
}

}  // namespace taxa::core
