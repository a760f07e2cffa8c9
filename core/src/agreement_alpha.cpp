// Krippendorff's alpha and its bootstrap interval.
//
// Notation of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
// o_ck the coincidences of values c and k (each pairable item u with m_u
// ratings adds 1/(m_u - 1) per ordered pair of its ratings), n_c = sum_k o_ck,
// n = sum_c n_c, and
//   alpha = 1 - (n - 1) * sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "agreement_internal.h"
#include "taxa/core/agreement.h"
#include "taxa/core/parallel.h"
#include "taxa/core/quantile.h"
#include "taxa/core/resampling.h"

namespace taxa::core {

using agreement_internal::CountPairable;
using agreement_internal::Pairable;
using agreement_internal::QuoteValue;
using agreement_internal::RequireAnnotators;
using agreement_internal::RequirePairable;
using agreement_internal::SkipNote;

namespace {

// Up to this many distinct values, coincidences and distances live in V x V
// tables (8 MiB each at the limit); beyond, distances are computed per pair.
constexpr size_t kMaxTableValues = 1024;

const char* MetricName(AlphaMetric metric) {
  switch (metric) {
    case AlphaMetric::kNominal: return "nominal";
    case AlphaMetric::kOrdinal: return "ordinal";
    case AlphaMetric::kInterval: return "interval";
    case AlphaMetric::kRatio: return "ratio";
    case AlphaMetric::kJaccard: return "Jaccard";
    case AlphaMetric::kMasi: return "MASI";
    case AlphaMetric::kTreePath: return "tree path";
  }
  return "?";
}

// delta^2 between value codes, for one metric over one Ratings.
class Delta {
 public:
  Delta(const Ratings& r, AlphaMetric metric) : r_(r), metric_(metric) {}

  // Checks that the metric fits the values and prepares ordinal ranks or the tree.
  Status Prepare(const AlphaOptions& options) {
    const std::string what = std::string("Krippendorff's alpha (") + MetricName(metric_) + ")";
    const std::vector<std::string>& order = options.category_order;
    switch (metric_) {
      case AlphaMetric::kNominal:
        return Status::Ok();
      case AlphaMetric::kJaccard:
      case AlphaMetric::kMasi:
        if (r_.kind != ValueKind::kLabelSet)
          return Status::InvalidInput(what + " needs label-set ratings");
        return Status::Ok();
      case AlphaMetric::kInterval:
      case AlphaMetric::kRatio:
        if (!r_.IsNumeric())
          return Status::InvalidInput(what + " needs numeric ratings; " +
                                      NonNumericExample());
        if (metric_ == AlphaMetric::kRatio)
          for (uint32_t v = 0; v < r_.ValueCount(); ++v)
            if (r_.value_numbers[v] < 0)
              return Status::InvalidInput(what + " needs non-negative values; found " +
                                          QuoteValue(r_, v));
        return Status::Ok();
      case AlphaMetric::kTreePath:
        if (r_.kind == ValueKind::kLabelSet)
          return Status::InvalidInput(what + " needs category ratings, not label sets");
        return PrepareTree(options.tree_parent);
      case AlphaMetric::kOrdinal:
        break;
    }
    std::vector<uint32_t> codes(r_.ValueCount());
    for (uint32_t v = 0; v < codes.size(); ++v) codes[v] = v;
    if (r_.IsNumeric()) {
      std::sort(codes.begin(), codes.end(), [&](uint32_t a, uint32_t b) {
        return r_.value_numbers[a] < r_.value_numbers[b];
      });
    } else {
      if (r_.kind == ValueKind::kLabelSet)
        return Status::InvalidInput(what + " needs ordered values, not label sets");
      if (order.empty())
        return Status::InvalidInput(what + " on non-numeric categories needs a category order; " +
                                    NonNumericExample());
      std::unordered_map<std::string_view, size_t> position;
      for (const std::string& c : order)
        if (!position.emplace(c, position.size()).second)
          return Status::InvalidInput("the category order lists \"" + c + "\" twice");
      std::vector<size_t> pos(r_.ValueCount());
      for (uint32_t v = 0; v < pos.size(); ++v) {
        auto it = position.find(r_.value_names[v]);
        if (it == position.end())
          return Status::InvalidInput("the category order lacks " + QuoteValue(r_, v));
        pos[v] = it->second;
      }
      std::sort(codes.begin(), codes.end(), [&](uint32_t a, uint32_t b) { return pos[a] < pos[b]; });
    }
    rank_.resize(codes.size());
    for (uint32_t k = 0; k < codes.size(); ++k) rank_[codes[k]] = k;
    return Status::Ok();
  }

  // Gives the marginal counts n_c, which the ordinal distance needs, and fills
  // the table when the values are few.
  void SetMarginals(const std::vector<double>& n) {
    n_ = &n;
    if (metric_ == AlphaMetric::kOrdinal) {
      // cum_[k] = sum of n over ranks < k.
      std::vector<double> by_rank(rank_.size());
      for (size_t v = 0; v < rank_.size(); ++v) by_rank[rank_[v]] = n[v];
      cum_.assign(rank_.size() + 1, 0);
      for (size_t k = 0; k < by_rank.size(); ++k) cum_[k + 1] = cum_[k] + by_rank[k];
    }
    const size_t v = r_.ValueCount();
    if (v <= kMaxTableValues) {
      table_.assign(v * v, 0);
      for (uint32_t a = 0; a < v; ++a)
        for (uint32_t b = a + 1; b < v; ++b) table_[a * v + b] = table_[b * v + a] = Compute(a, b);
    }
  }

  bool HasTable() const { return !table_.empty(); }
  const double* Table() const { return table_.data(); }

  double operator()(uint32_t a, uint32_t b) const {
    return table_.empty() ? Compute(a, b) : table_[a * r_.ValueCount() + b];
  }

  // sum over k of n_k delta2(c, k), for every value c.
  std::vector<double> ExpectedPerValue() const {
    const std::vector<double>& n = *n_;
    const size_t v = n.size();
    std::vector<double> e(v, 0);
    if (metric_ == AlphaMetric::kInterval) {
      // sum_k n_k (x_c - x_k)^2 = N x_c^2 - 2 x_c S1 + S2, in O(V).
      double total = 0, s1 = 0, s2 = 0;
      for (size_t k = 0; k < v; ++k) {
        const double x = r_.value_numbers[k];
        total += n[k];
        s1 += n[k] * x;
        s2 += n[k] * x * x;
      }
      for (size_t c = 0; c < v; ++c) {
        const double x = r_.value_numbers[c];
        e[c] = n[c] == 0 ? 0 : total * x * x - 2 * x * s1 + s2;
      }
      return e;
    }
    std::vector<uint32_t> present;
    for (uint32_t c = 0; c < v; ++c)
      if (n[c] > 0) present.push_back(c);
    for (uint32_t c : present) {
      double sum = 0;
      for (uint32_t k : present) sum += n[k] * (*this)(c, k);
      e[c] = sum;
    }
    return e;
  }

 private:
  std::string NonNumericExample() const {
    switch (r_.kind) {
      case ValueKind::kCategory: return "the categories are not all numbers";
      case ValueKind::kLabelSet: return "the ratings are label sets";
      case ValueKind::kNumber: break;
    }
    return "the ratings are numbers";
  }

  // Interns the tree and the depth of each node below the virtual root (a
  // top-level category has depth 1), then finds each value's node.
  Status PrepareTree(const std::map<std::string, std::string>& tree_parent) {
    std::unordered_map<std::string_view, int32_t> node;
    for (const auto& [name, parent] : tree_parent)
      node.emplace(name, static_cast<int32_t>(node.size()));
    parent_.assign(node.size(), -1);
    for (const auto& [name, parent] : tree_parent) {
      if (parent.empty()) continue;
      auto it = node.find(parent);
      if (it == node.end())
        return Status::InvalidInput("the tree gives \"" + name + "\" the parent \"" + parent +
                                    "\", which is not in the tree");
      parent_[node.at(name)] = it->second;
    }
    // Depths by walking up to a node of known depth; a walk longer than the
    // tree has nodes has gone round a cycle.
    depth_.assign(node.size(), 0);
    std::vector<int32_t> walk;
    for (int32_t start = 0; start < static_cast<int32_t>(node.size()); ++start) {
      walk.clear();
      int32_t x = start;
      while (x >= 0 && depth_[x] == 0) {
        walk.push_back(x);
        if (walk.size() > node.size()) {
          for (const auto& [name, parent] : tree_parent)
            if (node.at(name) == x)
              return Status::InvalidInput("the tree's parents form a cycle through \"" + name +
                                          "\"");
        }
        x = parent_[x];
      }
      int32_t depth = x < 0 ? 0 : depth_[x];
      for (auto it = walk.rbegin(); it != walk.rend(); ++it) depth_[*it] = ++depth;
    }
    value_node_.resize(r_.ValueCount());
    for (uint32_t v = 0; v < r_.ValueCount(); ++v) {
      auto it = node.find(r_.value_names[v]);
      if (it == node.end())
        return Status::InvalidInput("Krippendorff's alpha (tree path): " + QuoteValue(r_, v) +
                                    " is not in the tree");
      value_node_[v] = it->second;
    }
    return Status::Ok();
  }

  // Edges from a up to the lowest common ancestor and down to b; the virtual
  // root (depth 0) is the ancestor of last resort.
  double TreePath(uint32_t a, uint32_t b) const {
    int32_t x = value_node_[a], y = value_node_[b];
    int32_t edges = 0;
    while (x != y) {
      if (x < 0 || (y >= 0 && depth_[y] > depth_[x])) std::swap(x, y);
      x = parent_[x];  // x is the deeper (or equally deep) of the two
      ++edges;
    }
    return edges;
  }

  double Compute(uint32_t a, uint32_t b) const {
    if (a == b) return 0;
    switch (metric_) {
      case AlphaMetric::kNominal:
        return 1;
      case AlphaMetric::kInterval: {
        const double d = r_.value_numbers[a] - r_.value_numbers[b];
        return d * d;
      }
      case AlphaMetric::kRatio: {
        const double x = r_.value_numbers[a], y = r_.value_numbers[b];
        if (x + y == 0) return 0;
        const double d = (x - y) / (x + y);
        return d * d;
      }
      case AlphaMetric::kOrdinal: {
        // Krippendorff: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 over ranks c <= k.
        uint32_t lo = rank_[a], hi = rank_[b];
        double n_lo = (*n_)[a], n_hi = (*n_)[b];
        if (lo > hi) std::swap(lo, hi), std::swap(n_lo, n_hi);
        const double d = cum_[hi + 1] - cum_[lo] - (n_lo + n_hi) / 2;
        return d * d;
      }
      case AlphaMetric::kJaccard:
      case AlphaMetric::kMasi:
        return SetDistance(r_.value_labels[a], r_.value_labels[b]);
      case AlphaMetric::kTreePath:
        return TreePath(a, b);
    }
    return 0;
  }

  double SetDistance(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) const {
    size_t common = 0;
    for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
      if (x[i] == y[j]) ++common, ++i, ++j;
      else if (x[i] < y[j]) ++i;
      else ++j;
    }
    const size_t both = x.size() + y.size() - common;
    if (both == 0) return 0;  // two empty sets are equal
    const double jaccard = static_cast<double>(common) / static_cast<double>(both);
    if (metric_ == AlphaMetric::kJaccard) return 1 - jaccard;
    // MASI (Passonneau 2006): 1 - J * M with monotonicity M = 1 for equal sets,
    // 2/3 when one contains the other, 1/3 when they overlap otherwise, 0 when
    // disjoint. The exact thirds are used, not NLTK's rounded 0.67 and 0.33.
    double m;
    if (common == x.size() && common == y.size()) m = 1;
    else if (common == x.size() || common == y.size()) m = 2.0 / 3.0;
    else if (common > 0) m = 1.0 / 3.0;
    else m = 0;
    return 1 - jaccard * m;
  }

  const Ratings& r_;
  AlphaMetric metric_;
  std::vector<uint32_t> rank_;     // ordinal: rank of each value code
  std::vector<double> cum_;        // ordinal: prefix sums of n by rank
  const std::vector<double>* n_ = nullptr;
  std::vector<double> table_;      // V x V delta2, when V <= kMaxTableValues
  std::vector<int32_t> parent_;    // tree path: parent node of each node, -1 at the top
  std::vector<int32_t> depth_;     // tree path: edges below the virtual root
  std::vector<int32_t> value_node_;  // tree path: node of each value code
};

// What one pass over the ratings yields.
struct Pass {
  Pairable pairable;
  std::vector<double> n;  // marginals n_c over pairable ratings
  std::vector<double> coincidence;  // upper triangle c < k of o_ck, V x V; empty when V is large
};

// The items a row of the ratings stands for: 1 each, or `count` of a
// CollapsedRatings.
class RowWeights {
 public:
  explicit RowWeights(const std::vector<uint64_t>* count) : count_(count) {}
  uint64_t operator[](size_t row) const { return count_ ? (*count_)[row] : 1; }

 private:
  const std::vector<uint64_t>* count_;
};

Pass CountCoincidences(const Ratings& r, bool with_matrix, RowWeights weight) {
  Pass p;
  const size_t v = r.ValueCount();
  const size_t items = r.ItemCount();
  const uint32_t* begin = r.item_begin.data();
  const uint32_t* value = r.rating_value.data();
  std::vector<uint64_t> n(v, 0);
  size_t single = 0, total = 0;
  if (!with_matrix) {
    for (size_t i = 0; i < items; ++i) {
      const uint32_t b = begin[i], e = begin[i + 1];
      const uint64_t w = weight[i];
      total += w;
      if (e - b < 2) {
        single += w;
        continue;
      }
      for (uint32_t x = b; x < e; ++x) n[value[x]] += w;
    }
  } else {
    // Items with two or three ratings, the common case, count their ordered
    // pairs as integers in their own matrices: no division, no branch on which
    // value is smaller, no floating-point add chains. Larger items add 1/(m-1)
    // per pair. The matrices are not symmetric; o_ck is read as [c][k] + [k][c].
    std::vector<uint64_t> two(v * v, 0), three(v * v, 0);
    std::vector<double> more(v * v, 0);
    for (size_t i = 0; i < items; ++i) {
      const uint32_t b = begin[i], e = begin[i + 1], m = e - b;
      const uint64_t w = weight[i];
      total += w;
      switch (m) {
        case 0:
        case 1:
          single += w;
          break;
        case 2: {
          const uint32_t c0 = value[b], c1 = value[b + 1];
          two[c0 * v + c1] += w;
          n[c0] += w, n[c1] += w;
          break;
        }
        case 3: {
          const uint32_t c0 = value[b], c1 = value[b + 1], c2 = value[b + 2];
          three[c0 * v + c1] += w, three[c0 * v + c2] += w, three[c1 * v + c2] += w;
          n[c0] += w, n[c1] += w, n[c2] += w;
          break;
        }
        default: {
          const double per_pair = static_cast<double>(w) / (m - 1);
          for (uint32_t x = b; x < e; ++x) {
            n[value[x]] += w;
            for (uint32_t y = x + 1; y < e; ++y) more[value[x] * v + value[y]] += per_pair;
          }
        }
      }
    }
    p.coincidence.assign(v * v, 0);
    for (size_t c = 0; c < v; ++c) {
      for (size_t k = c + 1; k < v; ++k) {
        const size_t ck = c * v + k, kc = k * v + c;
        p.coincidence[ck] = static_cast<double>(two[ck] + two[kc]) +
                            0.5 * static_cast<double>(three[ck] + three[kc]) + more[ck] + more[kc];
      }
    }
  }
  p.n.resize(v);
  for (size_t c = 0; c < v; ++c) {
    p.n[c] = static_cast<double>(n[c]);
    p.pairable.values += n[c];
  }
  p.pairable.single_items = single;
  p.pairable.items = total - single;
  return p;
}

Status CheckAlphaData(const Ratings& r) {
  return RequireAnnotators(r, "Krippendorff's alpha");
}

Status NoVariation(const Ratings& r, const std::vector<double>& n) {
  uint32_t v = 0;
  while (v + 1 < n.size() && n[v] == 0) ++v;
  return Status::FailedPrecondition("Krippendorff's alpha is undefined: every pairable rating is " +
                                    QuoteValue(r, v) + " (no variation)");
}

}  // namespace

namespace {

Result<AgreementResult> Alpha(const Ratings& ratings, RowWeights weight,
                              const AlphaOptions& options) {
  TAXA_RETURN_IF_ERROR(CheckAlphaData(ratings));
  Delta delta(ratings, options.metric);
  TAXA_RETURN_IF_ERROR(delta.Prepare(options));
  const size_t v = ratings.ValueCount();
  const bool with_matrix = v <= kMaxTableValues;
  Pass pass = CountCoincidences(ratings, with_matrix, weight);
  TAXA_RETURN_IF_ERROR(RequirePairable(pass.pairable, 2, "Krippendorff's alpha"));
  delta.SetMarginals(pass.n);

  // Both sums run over unordered pairs c < k; the factor 2 of the full sums cancels.
  double observed = 0, expected = 0;
  if (with_matrix) {
    const double* table = delta.Table();
    for (size_t c = 0; c < v; ++c) {
      for (size_t k = c + 1; k < v; ++k) {
        const double d = table[c * v + k];
        observed += pass.coincidence[c * v + k] * d;
        expected += pass.n[c] * pass.n[k] * d;
      }
    }
  } else {
    // Too many values for a matrix: sum the pairs of each item directly.
    for (size_t i = 0; i < ratings.ItemCount(); ++i) {
      const uint32_t b = ratings.item_begin[i], e = ratings.item_begin[i + 1];
      if (e - b < 2) continue;
      double sum = 0;
      for (uint32_t x = b; x < e; ++x)
        for (uint32_t y = x + 1; y < e; ++y)
          sum += delta(ratings.rating_value[x], ratings.rating_value[y]);
      observed += static_cast<double>(weight[i]) * sum / (e - b - 1);
    }
    const std::vector<double> per_value = delta.ExpectedPerValue();
    for (size_t c = 0; c < v; ++c) expected += pass.n[c] * per_value[c];
    expected /= 2;
  }
  if (expected <= 0) return NoVariation(ratings, pass.n);
  const double n = static_cast<double>(pass.pairable.values);
  return AgreementResult{1 - (n - 1) * observed / expected, pass.pairable.items,
                         pass.pairable.values, SkipNote(pass.pairable)};
}

// Items with the same (d_u, e_u, m_u) are interchangeable in a resample, and
// with few distinct values there are few such groups: a resample then needs
// only how many of its draws fall in each group.
struct ItemGroups {
  std::vector<double> d, e, m;  // per group
  std::vector<uint64_t> size;   // items per group
};

ItemGroups GroupItems(const std::vector<double>& d, const std::vector<double>& e,
                      const std::vector<double>& m, const std::vector<uint64_t>& size) {
  struct Key {
    double d, e, m;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      const std::hash<double> h;
      return h(k.d) * 1000003u ^ h(k.e) * 10007u ^ h(k.m);
    }
  };
  ItemGroups g;
  std::unordered_map<Key, size_t, KeyHash> index;
  for (size_t u = 0; u < d.size(); ++u) {
    auto [it, added] = index.emplace(Key{d[u], e[u], m[u]}, g.d.size());
    if (added) g.d.push_back(d[u]), g.e.push_back(e[u]), g.m.push_back(m[u]), g.size.push_back(0);
    g.size[it->second] += size[u];
  }
  return g;
}

Result<ConfidenceInterval> Bootstrap(const Ratings& ratings, RowWeights weight,
                                     const AlphaOptions& options,
                                     const BootstrapOptions& bootstrap) {
  if (bootstrap.resamples == 0)
    return Status::InvalidInput("the bootstrap needs at least 1 resample");
  if (!(bootstrap.level > 0 && bootstrap.level < 1))
    return Status::InvalidInput("the confidence level must lie in (0, 1); got " +
                                std::to_string(bootstrap.level));
  TAXA_RETURN_IF_ERROR(CheckAlphaData(ratings));
  Delta delta(ratings, options.metric);
  TAXA_RETURN_IF_ERROR(delta.Prepare(options));
  Pass pass = CountCoincidences(ratings, false, weight);
  TAXA_RETURN_IF_ERROR(RequirePairable(pass.pairable, 2, "Krippendorff's alpha"));
  delta.SetMarginals(pass.n);
  const std::vector<double> per_value = delta.ExpectedPerValue();

  // Per pairable item: d_u = sum over ordered pairs of delta2 / (m_u - 1), and
  // e_u = sum over its ratings of sum_k n_k delta2(value, k). On the full data
  // sum d_u = n D_o and sum e_u = n (n - 1) D_e. A row standing for several
  // items is computed once and weighs as many.
  std::vector<double> d, e, m;
  std::vector<uint64_t> times;
  d.reserve(ratings.ItemCount()), e.reserve(ratings.ItemCount());
  m.reserve(ratings.ItemCount()), times.reserve(ratings.ItemCount());
  size_t u = 0;
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const uint32_t b = ratings.item_begin[i], end = ratings.item_begin[i + 1];
    if (end - b < 2) continue;
    double pairs = 0, expected = 0;
    for (uint32_t x = b; x < end; ++x) {
      const uint32_t c = ratings.rating_value[x];
      expected += per_value[c];
      for (uint32_t y = x + 1; y < end; ++y) pairs += delta(c, ratings.rating_value[y]);
    }
    d.push_back(2 * pairs / (end - b - 1));
    e.push_back(expected);
    m.push_back(end - b);
    times.push_back(weight[i]);
    ++u;
  }
  double sum_d = 0, sum_e = 0;
  for (size_t k = 0; k < u; ++k) {
    const auto w = static_cast<double>(times[k]);
    sum_d += w * d[k], sum_e += w * e[k];
  }
  if (sum_e <= 0) return NoVariation(ratings, pass.n);
  const double n = static_cast<double>(pass.pairable.values);
  ConfidenceInterval out;
  out.estimate = 1 - (n - 1) * sum_d / sum_e;

  // A resample's expected disagreement holds the pooled distribution fixed:
  // with n* values, D_e* = (n*/n) sum e_u / (n* (n* - 1)), so
  // alpha* = 1 - n (n* - 1) sum d_u / (n* sum e_u).
  const ItemGroups groups = GroupItems(d, e, m, times);
  const GroupResampler resampler(groups.size);
  constexpr double kNoVariation = -std::numeric_limits<double>::infinity();
  std::vector<double> resampled(bootstrap.resamples, kNoVariation);
  // Fixed blocks of resamples; each resample has its own random stream.
  const size_t blocks = std::min<size_t>(bootstrap.resamples, 64);
  ParallelFor(blocks, [&](size_t block) {
    std::vector<uint64_t> draws;
    for (size_t r = bootstrap.resamples * block / blocks;
         r < bootstrap.resamples * (block + 1) / blocks; ++r) {
      std::mt19937_64 rng = ResampleStream(bootstrap.seed, r);
      resampler.Resample(rng, draws);
      double rd = 0, re = 0, rn = 0;
      for (size_t g = 0; g < draws.size(); ++g) {
        const auto times = static_cast<double>(draws[g]);
        rd += times * groups.d[g];
        re += times * groups.e[g];
        rn += times * groups.m[g];
      }
      if (re > 0) resampled[r] = 1 - n * (rn - 1) * rd / (rn * re);
    }
  });
  std::vector<double> alphas;
  alphas.reserve(bootstrap.resamples);
  for (double a : resampled)
    if (a != kNoVariation) alphas.push_back(a);
  if (alphas.empty())
    return Status::FailedPrecondition(
        "Krippendorff's alpha bootstrap: no resample had variation in its values");
  std::sort(alphas.begin(), alphas.end());
  const double tail = (1 - bootstrap.level) / 2;
  out.lo = Quantile(alphas, tail);
  out.hi = Quantile(alphas, 1 - tail);
  out.resamples = alphas.size();
  return out;
}

}  // namespace

Result<AgreementResult> KrippendorffAlpha(const Ratings& ratings, const AlphaOptions& options) {
  return Alpha(ratings, RowWeights(nullptr), options);
}

Result<AgreementResult> KrippendorffAlpha(const CollapsedRatings& collapsed,
                                          const AlphaOptions& options) {
  return Alpha(collapsed.ratings, RowWeights(&collapsed.count), options);
}

Result<ConfidenceInterval> BootstrapAlpha(const Ratings& ratings, const AlphaOptions& options,
                                          const BootstrapOptions& bootstrap) {
  return Bootstrap(ratings, RowWeights(nullptr), options, bootstrap);
}

Result<ConfidenceInterval> BootstrapAlpha(const CollapsedRatings& collapsed,
                                          const AlphaOptions& options,
                                          const BootstrapOptions& bootstrap) {
  return Bootstrap(collapsed.ratings, RowWeights(&collapsed.count), options, bootstrap);
}

}  // namespace taxa::core
