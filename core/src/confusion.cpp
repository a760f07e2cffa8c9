// Confusion matrices, per-category scores, and the pairs they are built from.
#include "taxa/core/confusion.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>


namespace taxa::core {

namespace {

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// a / b, or 0 with a note when b is 0.
double Ratio(uint64_t a, uint64_t b, const std::string& note, std::vector<std::string>& notes) {
  if (b == 0) {
    notes.push_back(note);
    return 0;
  }
  return static_cast<double>(a) / static_cast<double>(b);
}

Result<std::vector<std::string>> CategoryOrder(const std::vector<LabelPair>& pairs,
                                               const ConfusionOptions& options) {
  std::vector<std::string> order = options.categories;
  if (order.empty()) {
    for (const LabelPair& p : pairs) {
      order.push_back(p.truth);
      order.push_back(p.predicted);
    }
    std::sort(order.begin(), order.end());
    order.erase(std::unique(order.begin(), order.end()), order.end());
    return order;
  }
  std::vector<std::string> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  auto twice = std::adjacent_find(sorted.begin(), sorted.end());
  if (twice != sorted.end())
    return Status::InvalidInput("the category order lists " + Quote(*twice) + " twice");
  return order;
}

void Score(ConfusionReport& r) {
  const size_t k = r.CategoryCount();
  uint64_t trace = 0;
  for (size_t c = 0; c < k; ++c) {
    CategoryScores& s = r.per_category[c];
    const uint64_t tp = r.Count(c, c);
    trace += tp;
    for (size_t o = 0; o < k; ++o) {
      s.support += r.Count(c, o);
      s.predicted += r.Count(o, c);
    }
    const std::string name = Quote(s.category);
    s.precision = Ratio(tp, s.predicted, "precision of " + name + " is 0: never predicted", r.notes);
    s.recall = Ratio(tp, s.support, "recall of " + name + " is 0: not in the truth", r.notes);
    // 2tp / (2tp + fp + fn) equals 2PR / (P + R) whenever that is defined.
    const uint64_t denominator = s.support + s.predicted;
    s.f1 = Ratio(2 * tp, denominator, "F1 of " + name + " is 0: neither in truth nor predicted",
                 r.notes);
    r.macro.precision += s.precision;
    r.macro.recall += s.recall;
    r.macro.f1 += s.f1;
    const double w = static_cast<double>(s.support);
    r.weighted.precision += w * s.precision;
    r.weighted.recall += w * s.recall;
    r.weighted.f1 += w * s.f1;
  }
  const double kk = static_cast<double>(k), n = static_cast<double>(r.total);
  r.macro = {r.macro.precision / kk, r.macro.recall / kk, r.macro.f1 / kk};
  // Every pair's truth is a category, so the supports sum to total > 0.
  r.weighted = {r.weighted.precision / n, r.weighted.recall / n, r.weighted.f1 / n};
  r.accuracy = static_cast<double>(trace) / n;
}

}  // namespace

Result<ConfusionReport> BuildConfusion(const std::vector<LabelPair>& pairs,
                                       const ConfusionOptions& options) {
  if (pairs.empty())
    return Status::FailedPrecondition("a confusion matrix needs at least one compared label");
  for (const LabelPair& p : pairs)
    if (p.truth.empty() || p.predicted.empty())
      return Status::InvalidInput("item " + Quote(p.item) + ": the " +
                                  (p.truth.empty() ? "true" : "predicted") + " label is empty");
  ConfusionReport r;
  TAXA_ASSIGN_OR_RETURN(r.categories, CategoryOrder(pairs, options));
  std::unordered_map<std::string_view, size_t> index;
  for (const std::string& c : r.categories) index.emplace(c, index.size());
  const size_t k = r.categories.size();
  r.counts.assign(k * k, 0);
  auto find = [&](const LabelPair& p, const std::string& label) -> Result<size_t> {
    auto it = index.find(label);
    if (it == index.end())
      return Status::InvalidInput("item " + Quote(p.item) + ": label " + Quote(label) +
                                  " is not in the category list");
    return it->second;
  };
  for (const LabelPair& p : pairs) {
    TAXA_ASSIGN_OR_RETURN(size_t t, find(p, p.truth));
    TAXA_ASSIGN_OR_RETURN(size_t q, find(p, p.predicted));
    ++r.counts[t * k + q];
  }
  r.total = pairs.size();
  r.per_category.resize(k);
  for (size_t c = 0; c < k; ++c) r.per_category[c].category = r.categories[c];
  Score(r);
  return r;
}

std::vector<ConfusedPair> MostConfusedPairs(const ConfusionReport& report, size_t limit) {
  std::vector<ConfusedPair> out;
  const size_t k = report.CategoryCount();
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = a + 1; b < k; ++b) {
      ConfusedPair p{report.categories[a], report.categories[b], report.Count(a, b),
                     report.Count(b, a)};
      p.total = p.a_as_b + p.b_as_a;
      if (p.total == 0) continue;
      p.share = static_cast<double>(p.total) / static_cast<double>(report.total);
      out.push_back(std::move(p));
    }
  }
  // Pairs were generated in (a, b) order, so a stable sort keeps it among ties.
  std::stable_sort(out.begin(), out.end(),
                   [](const ConfusedPair& x, const ConfusedPair& y) { return x.total > y.total; });
  if (limit != 0 && out.size() > limit) out.resize(limit);
  return out;
}

namespace {

Result<uint32_t> FindAnnotator(const Ratings& ratings, std::string_view name) {
  for (uint32_t a = 0; a < ratings.AnnotatorCount(); ++a)
    if (ratings.annotator_names[a] == name) return a;
  return Status::NotFound("no ratings by annotator \"" + std::string(name) + "\"");
}

Status RequireSingleLabels(const Ratings& ratings) {
  if (ratings.kind == ValueKind::kLabelSet)
    return Status::InvalidInput(
        "a confusion matrix needs one category per rating; the ratings are label sets");
  return Status::Ok();
}

// The value code annotator `a` gave item `i`, or -1.
int64_t ValueOf(const Ratings& ratings, size_t i, uint32_t a) {
  const auto* first = ratings.rating_annotator.data() + ratings.item_begin[i];
  const auto* last = ratings.rating_annotator.data() + ratings.item_begin[i + 1];
  const auto* it = std::lower_bound(first, last, a);  // sorted by annotator within an item
  if (it == last || *it != a) return -1;
  return ratings.rating_value[static_cast<size_t>(it - ratings.rating_annotator.data())];
}

}  // namespace

Result<std::vector<LabelPair>> PairsBetween(const Ratings& ratings,
                                            std::string_view truth_annotator,
                                            std::string_view predicted_annotator) {
  TAXA_RETURN_IF_ERROR(RequireSingleLabels(ratings));
  TAXA_ASSIGN_OR_RETURN(uint32_t truth, FindAnnotator(ratings, truth_annotator));
  TAXA_ASSIGN_OR_RETURN(uint32_t predicted, FindAnnotator(ratings, predicted_annotator));
  std::vector<LabelPair> out;
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const int64_t t = ValueOf(ratings, i, truth), p = ValueOf(ratings, i, predicted);
    if (t >= 0 && p >= 0)
      out.push_back({ratings.item_names[i], ratings.value_names[t], ratings.value_names[p]});
  }
  if (out.empty())
    return Status::FailedPrecondition("annotators \"" + std::string(truth_annotator) + "\" and \"" +
                                      std::string(predicted_annotator) + "\" rated no item in common");
  return out;
}

Result<std::vector<LabelPair>> PairsWithGold(
    const Ratings& ratings, std::string_view annotator,
    const std::unordered_map<std::string, std::string>& gold_by_item) {
  TAXA_RETURN_IF_ERROR(RequireSingleLabels(ratings));
  TAXA_ASSIGN_OR_RETURN(uint32_t a, FindAnnotator(ratings, annotator));
  std::vector<LabelPair> out;
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const int64_t v = ValueOf(ratings, i, a);
    if (v < 0) continue;
    auto gold = gold_by_item.find(ratings.item_names[i]);
    if (gold != gold_by_item.end())
      out.push_back({ratings.item_names[i], gold->second, ratings.value_names[v]});
  }
  if (out.empty())
    return Status::FailedPrecondition("no item rated by \"" + std::string(annotator) +
                                      "\" has a gold label");
  return out;
}

}  // namespace taxa::core
