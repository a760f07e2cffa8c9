// Draws for bootstrap resampling that mean the same on every machine: they
// use std::mt19937_64 (fully specified by the standard) and no std::
// distribution (whose algorithms differ between standard libraries).
//
//   GroupResampler resampler(group_sizes);   // items per group
//   std::mt19937_64 rng = ResampleStream(seed, r);
//   resampler.Resample(rng, counts);         // counts[g]: draws of group g
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace taxa::core {

// The random stream of resample r: std::mt19937_64 seeded with the word
// mix(mix(seed) ^ r), where mix is SplitMix64's output function (add
// 0x9e3779b97f4a7c15, then xor-shift-multiply by 0xbf58476d1ce4e5b9 and
// 0x94d049bb133111eb). A function of seed and r only, so resamples may run on
// any thread; for one seed every r has its own seed word (mix is a
// bijection). One word, not a std::seed_seq: a bootstrap seeds a stream per
// resample, and seed_seq's mixing of 624 words cost more than the resample.
std::mt19937_64 ResampleStream(uint64_t seed, uint64_t r);

// Uniform on [0, bound), exactly (Lemire's multiply-shift with rejection).
// REQUIRES: bound > 0.
uint64_t UniformBelow(std::mt19937_64& rng, uint64_t bound);

// Binomial(n, p) by inversion from the mode outwards (Kemp 1986): exact up
// to the rounding of the probabilities, O(sqrt(n p (1 - p))) expected steps.
// REQUIRES: 0 <= p <= 1.
uint64_t Binomial(std::mt19937_64& rng, uint64_t n, double p);

// Draws, with replacement, as many items as there are from items that fall
// into groups, and counts the draws per group: a multinomial sample with
// probabilities size / total. With few groups it draws one binomial per group
// (Multinomial by conditional binomials); with many, one item at a time from
// Walker's alias table, kept in integers so its probabilities are exact.
class GroupResampler {
 public:
  // REQUIRES: every size > 0; the sizes' sum times their count < 2^64.
  explicit GroupResampler(std::vector<uint64_t> sizes);

  // counts is resized to the group count and overwritten.
  void Resample(std::mt19937_64& rng, std::vector<uint64_t>& counts) const;

  size_t GroupCount() const { return sizes_.size(); }

 private:
  std::vector<uint64_t> sizes_;
  std::vector<uint64_t> rest_;  // sizes_[g] + ... + sizes_[last]
  uint64_t total_ = 0;
  bool by_binomials_ = false;
  std::vector<uint64_t> keep_;   // alias: units of column g kept by group g
  std::vector<uint32_t> other_;  // alias: the group owning the rest of column g
};

}  // namespace taxa::core
