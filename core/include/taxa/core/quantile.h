// The quantile of sorted values by linear interpolation between order
// statistics: Hyndman and Fan's type 7, as R's quantile() and NumPy's
// percentile() compute it by default.
//
//   Quantile({1, 2, 3, 4}, 0.5) == 2.5
//   Quantile({1, 2, 3, 4}, 0.9) == 3.7   (h = 3 x 0.9 = 2.7: 3 + 0.7 x (4 - 3))
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace taxa::core {

// `sorted` ascending and not empty; 0 <= p <= 1.
inline double Quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace taxa::core
