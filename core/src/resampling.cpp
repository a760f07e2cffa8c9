// Bootstrap draws: uniform, binomial, and per-group multinomial counts.
#include "taxa/core/resampling.h"

#include <cmath>
#include <math.h>  // lgamma_r: std::lgamma writes the global signgam, a race between threads

namespace taxa::core {

namespace {

__extension__ typedef unsigned __int128 Wide;  // GCC and Clang

// A double uniform on [0, 1) from the top 53 bits.
double Unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double LogFactorial(uint64_t k) {
  int sign;
  return lgamma_r(static_cast<double>(k) + 1, &sign);
}

// Below this many items per group, drawing items one by one is cheaper than
// a binomial per group (three lgammas and a walk from the mode).
constexpr uint64_t kItemsPerGroupForBinomials = 16;

}  // namespace

std::mt19937_64 ResampleStream(uint64_t seed, uint64_t r) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(r), static_cast<uint32_t>(r >> 32)};
  return std::mt19937_64(seq);
}

uint64_t UniformBelow(std::mt19937_64& rng, uint64_t bound) {
  Wide wide = static_cast<Wide>(rng()) * bound;
  if (static_cast<uint64_t>(wide) < bound) {
    const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    while (static_cast<uint64_t>(wide) < threshold) wide = static_cast<Wide>(rng()) * bound;
  }
  return static_cast<uint64_t>(wide >> 64);
}

uint64_t Binomial(std::mt19937_64& rng, uint64_t n, double p) {
  if (n == 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const double q = 1 - p;
  const uint64_t mode = std::min<uint64_t>(n, static_cast<uint64_t>((static_cast<double>(n) + 1) * p));
  const double at_mode =
      std::exp(LogFactorial(n) - LogFactorial(mode) - LogFactorial(n - mode) +
               static_cast<double>(mode) * std::log(p) + static_cast<double>(n - mode) * std::log1p(-p));
  // Subtract probabilities from u, visiting mode, mode + 1, mode - 1, mode + 2,
  // ...: the first value that takes u below 0 is the draw.
  double u = Unit(rng) - at_mode;
  if (u < 0) return mode;
  uint64_t up = mode, down = mode;
  double p_up = at_mode, p_down = at_mode;
  while (up < n || down > 0) {
    if (up < n) {
      p_up *= static_cast<double>(n - up) / static_cast<double>(up + 1) * (p / q);
      ++up;
      if ((u -= p_up) < 0) return up;
    }
    if (down > 0) {
      p_down *= static_cast<double>(down) / static_cast<double>(n - down + 1) * (q / p);
      --down;
      if ((u -= p_down) < 0) return down;
    }
  }
  return mode;  // u exceeded the rounded total by a rounding error
}

GroupResampler::GroupResampler(std::vector<uint64_t> sizes) : sizes_(std::move(sizes)) {
  const size_t groups = sizes_.size();
  rest_.assign(groups + 1, 0);
  for (size_t g = groups; g-- > 0;) rest_[g] = rest_[g + 1] + sizes_[g];
  total_ = rest_[0];
  by_binomials_ = groups * kItemsPerGroupForBinomials <= total_;
  if (by_binomials_) return;
  // Vose's construction: group g weighs sizes_[g] x G against columns of
  // total_ units; integer weights sum to exactly G x total_, so whatever is
  // left at the end fills its own column.
  keep_.assign(groups, total_);
  other_.resize(groups);
  std::vector<uint64_t> weight(groups);
  std::vector<uint32_t> small, large;
  for (uint32_t g = 0; g < groups; ++g) {
    other_[g] = g;
    weight[g] = sizes_[g] * groups;
    (weight[g] < total_ ? small : large).push_back(g);
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t s = small.back(), l = large.back();
    small.pop_back();
    keep_[s] = weight[s];
    other_[s] = l;
    weight[l] -= total_ - weight[s];
    if (weight[l] < total_) large.pop_back(), small.push_back(l);
  }
}

void GroupResampler::Resample(std::mt19937_64& rng, std::vector<uint64_t>& counts) const {
  const size_t groups = sizes_.size();
  counts.assign(groups, 0);
  if (by_binomials_) {
    // Multinomial: group g takes Binomial(draws left, its share of the rest).
    uint64_t left = total_;
    for (size_t g = 0; g + 1 < groups && left > 0; ++g) {
      counts[g] = Binomial(rng, left, static_cast<double>(sizes_[g]) /
                                          static_cast<double>(rest_[g]));
      left -= counts[g];
    }
    if (groups > 0) counts[groups - 1] += left;
    return;
  }
  for (uint64_t k = 0; k < total_; ++k) {
    const auto column = static_cast<uint32_t>(UniformBelow(rng, groups));
    ++counts[UniformBelow(rng, total_) < keep_[column] ? column : other_[column]];
  }
}

}  // namespace taxa::core
