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
  // SplitMix64's output function: a bijection on 64-bit words.
  auto mix = [](uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  return std::mt19937_64(mix(mix(seed) ^ r));
}

uint64_t UniformBelow(std::mt19937_64& rng, uint64_t bound) {
  Wide wide = static_cast<Wide>(rng()) * bound;
  if (static_cast<uint64_t>(wide) < bound) {
    const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    while (static_cast<uint64_t>(wide) < threshold) wide = static_cast<Wide>(rng()) * bound;
  }
  return static_cast<uint64_t>(wide >> 64);
}

namespace {

// Binomial(n, p) for p <= 1/2 and n p >= kRejectionMean by Kachitvichyanukul
// and Schmeiser's BTPE (1988): a triangle over the centre, parallelograms
// beside it and exponential tails bound the scaled distribution; a point
// under the bound is accepted by a squeeze on log f(y)/f(mode), and only near
// the edge by the exact ratio (a product for y near the mode, Stirling's
// series otherwise). O(1) expected steps, where inversion takes O(sqrt(n p)).
constexpr double kRejectionMean = 30;


uint64_t BinomialByRejection(std::mt19937_64& rng, uint64_t count, double p) {
  const double n = static_cast<double>(count);
  const double q = 1 - p;
  const double npq = n * p * q;
  const double f_mode = n * p + p;
  const double mode = std::floor(f_mode);
  const double half_width = std::floor(2.195 * std::sqrt(npq) - 4.6 * q) + 0.5;  // p1
  const double centre = mode + 0.5;                                             // xm
  const double left = centre - half_width, right = centre + half_width;        // xl, xr
  const double c = 0.134 + 20.5 / (15.3 + mode);
  double a = (f_mode - left) / (f_mode - left * p);
  const double lambda_left = a * (1 + a / 2);
  a = (right - f_mode) / (right * q);
  const double lambda_right = a * (1 + a / 2);
  const double p2 = half_width * (1 + 2 * c);
  const double p3 = p2 + c / lambda_left;
  const double p4 = p3 + c / lambda_right;
  for (;;) {
    const double u = Unit(rng) * p4;
    double v = Unit(rng);
    double y;
    if (u <= half_width) {  // the triangle: accepted at once
      return static_cast<uint64_t>(std::floor(centre - half_width * v + u));
    } else if (u <= p2) {  // the parallelograms
      const double x = left + (u - half_width) / c;
      v = v * c + 1 - std::fabs(mode - x + 0.5) / half_width;
      if (v > 1) continue;
      y = std::floor(x);
    } else if (u <= p3) {  // the left tail
      if (v == 0) continue;
      y = std::floor(left + std::log(v) / lambda_left);
      if (y < 0) continue;
      v *= (u - p2) * lambda_left;
    } else {  // the right tail
      if (v == 0) continue;
      y = std::floor(right - std::log(v) / lambda_right);
      if (y > n) continue;
      v *= (u - p3) * lambda_right;
    }
    const double k = std::fabs(y - mode);
    if (k <= 20 || k >= npq / 2 - 1) {
      // f(y)/f(mode) as a product of the ratios of neighbouring terms.
      const double s = p / q, b = s * (n + 1);
      double ratio = 1;
      if (mode < y) {
        for (double i = mode + 1; i <= y; ++i) ratio *= b / i - s;
      } else {
        for (double i = y + 1; i <= mode; ++i) ratio /= b / i - s;
      }
      if (v <= ratio) return static_cast<uint64_t>(y);
      continue;
    }
    // Squeeze log v between bounds of log f(y)/f(mode) around -k^2 / (2 npq).
    const double rho = (k / npq) * ((k * (k / 3 + 0.625) + 1.0 / 6) / npq + 0.5);
    const double t = -k * k / (2 * npq);
    const double log_v = std::log(v);
    if (log_v < t - rho) return static_cast<uint64_t>(y);
    if (log_v > t + rho) continue;
    // The exact log ratio by Stirling's series for the four factorials.
    const double x1 = y + 1, f1 = mode + 1, z = n + 1 - mode, w = n - y + 1;
    auto tail = [](double x) {  // the series' correction beyond x log x - x
      const double x2 = x * x;
      return (13860 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
    };
    const double bound = centre * std::log(f1 / x1) + (n - mode + 0.5) * std::log(z / w) +
                         (y - mode) * std::log(w * p / (x1 * q)) + tail(f1) + tail(z) +
                         tail(x1) + tail(w);
    if (log_v <= bound) return static_cast<uint64_t>(y);
  }
}

}  // namespace

uint64_t Binomial(std::mt19937_64& rng, uint64_t n, double p) {
  if (n == 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (static_cast<double>(n) * std::min(p, 1 - p) >= kRejectionMean)
    return p <= 0.5 ? BinomialByRejection(rng, n, p) : n - BinomialByRejection(rng, n, 1 - p);
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
