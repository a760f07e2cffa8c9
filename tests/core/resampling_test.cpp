#include "taxa/core/resampling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

namespace taxa::core {
namespace {

// Binomial(n, p) probabilities from the log of the closed form.
double BinomialPmf(uint64_t n, double p, uint64_t k) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                  k * std::log(p) + (n - k) * std::log1p(-p));
}

// Pearson's chi-square of `draws` against Binomial(n, p), over cells of
// expected count >= 5 (the tails pooled into two end cells). Returns the
// statistic and, in *cells, the degrees of freedom + 1.
double ChiSquare(const std::vector<uint64_t>& draws, uint64_t n, double p, size_t* cells) {
  std::vector<double> observed(n + 1, 0);
  for (uint64_t x : draws) observed[x] += 1;
  const double total = static_cast<double>(draws.size());
  double stat = 0, pooled_obs = 0, pooled_exp = 0;
  *cells = 0;
  for (uint64_t k = 0; k <= n; ++k) {
    pooled_obs += observed[k];
    pooled_exp += total * BinomialPmf(n, p, k);
    if (pooled_exp >= 5 || k == n) {
      stat += (pooled_obs - pooled_exp) * (pooled_obs - pooled_exp) / pooled_exp;
      ++*cells;
      pooled_obs = pooled_exp = 0;
    }
  }
  return stat;
}

TEST(Resampling, BinomialDrawsFollowTheBinomialDistribution) {
  struct Case {
    uint64_t n;
    double p;
  };
  for (const Case& c : {Case{10, 0.3}, Case{1, 0.5}, Case{200, 0.02}, Case{5000, 0.5},
                        Case{1000000, 0.001}, Case{1000000, 0.37}, Case{40, 0.97},
                        // around and beyond n p = 30, where rejection (BTPE) takes over
                        Case{100, 0.29}, Case{100, 0.31}, Case{61, 0.5}, Case{300, 0.9},
                        Case{2000, 0.2}, Case{1000000, 0.75}}) {
    std::mt19937_64 rng = ResampleStream(5, c.n);
    std::vector<uint64_t> draws(40000);
    double sum = 0;
    for (uint64_t& x : draws) {
      x = Binomial(rng, c.n, c.p);
      ASSERT_LE(x, c.n);
      sum += static_cast<double>(x);
    }
    size_t cells = 0;
    const double stat = ChiSquare(draws, c.n, c.p, &cells);
    // Chi-square with df = cells - 1 has mean df and sd sqrt(2 df): a
    // correct sampler stays far below df + 6 sd.
    const double df = static_cast<double>(cells) - 1;
    EXPECT_LT(stat, df + 6 * std::sqrt(2 * std::max(df, 1.0))) << "n " << c.n << " p " << c.p;
    const double mean = static_cast<double>(c.n) * c.p;
    const double se = std::sqrt(mean * (1 - c.p) / static_cast<double>(draws.size()));
    EXPECT_NEAR(sum / static_cast<double>(draws.size()), mean, 6 * se + 1e-12);
  }
  std::mt19937_64 rng(1);
  EXPECT_EQ(Binomial(rng, 0, 0.5), 0u);
  EXPECT_EQ(Binomial(rng, 7, 0.0), 0u);
  EXPECT_EQ(Binomial(rng, 7, 1.0), 7u);
}

TEST(Resampling, UniformBelowCoversTheRangeEvenly) {
  std::mt19937_64 rng = ResampleStream(3, 0);
  std::vector<double> counts(7, 0);
  for (int k = 0; k < 70000; ++k) counts[UniformBelow(rng, 7)] += 1;
  double stat = 0;
  for (double c : counts) stat += (c - 10000) * (c - 10000) / 10000;
  EXPECT_LT(stat, 6 + 6 * std::sqrt(12.0));  // chi-square, 6 degrees of freedom
}

// Both ways of counting draws per group (binomials for few groups, the alias
// table for many) give multinomial counts: total preserved, each group's mean
// total x size / sum and variance total x p (1 - p).
void CheckMultinomial(const std::vector<uint64_t>& sizes, int resamples) {
  const GroupResampler resampler(sizes);
  const double total = static_cast<double>(std::accumulate(sizes.begin(), sizes.end(), uint64_t{0}));
  std::vector<double> sum(sizes.size(), 0), sum2(sizes.size(), 0);
  std::vector<uint64_t> counts;
  for (int r = 0; r < resamples; ++r) {
    std::mt19937_64 rng = ResampleStream(11, r);
    resampler.Resample(rng, counts);
    ASSERT_EQ(counts.size(), sizes.size());
    ASSERT_EQ(std::accumulate(counts.begin(), counts.end(), uint64_t{0}),
              static_cast<uint64_t>(total));
    for (size_t g = 0; g < sizes.size(); ++g) {
      sum[g] += static_cast<double>(counts[g]);
      sum2[g] += static_cast<double>(counts[g]) * static_cast<double>(counts[g]);
    }
  }
  for (size_t g = 0; g < sizes.size(); ++g) {
    const double p = static_cast<double>(sizes[g]) / total;
    const double var = total * p * (1 - p);
    const double mean = sum[g] / resamples;
    EXPECT_NEAR(mean, total * p, 6 * std::sqrt(var / resamples)) << "group " << g;
    const double sample_var = sum2[g] / resamples - mean * mean;
    EXPECT_NEAR(sample_var / var, 1, 0.2) << "group " << g;
  }
}

TEST(Resampling, FewLargeGroupsDrawMultinomialCountsByBinomials) {
  CheckMultinomial({5000, 120, 1, 3000, 40, 777}, 3000);
}

TEST(Resampling, ManySmallGroupsDrawMultinomialCountsFromTheAliasTable) {
  std::vector<uint64_t> sizes;
  for (int g = 0; g < 50; ++g) sizes.push_back(1 + g % 4);  // fewer than 16 items per group
  CheckMultinomial(sizes, 3000);
}

TEST(Resampling, StreamsDependOnSeedAndIndexOnly) {
  std::mt19937_64 a = ResampleStream(9, 4), b = ResampleStream(9, 4), c = ResampleStream(9, 5),
                  d = ResampleStream(10, 4);
  const uint64_t first = a();
  EXPECT_EQ(first, b());
  EXPECT_NE(first, c());
  EXPECT_NE(first, d());
}

}  // namespace
}  // namespace taxa::core
