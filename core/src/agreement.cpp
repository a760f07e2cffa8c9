// The reliability-data builder and the agreement coefficients other than alpha.
#include "taxa/core/agreement.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "agreement_internal.h"
#include "taxa/core/text.h"

namespace taxa::core {

namespace agreement_internal {

Pairable CountPairable(const Ratings& ratings) {
  Pairable p;
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const uint32_t m = ratings.item_begin[i + 1] - ratings.item_begin[i];
    if (m >= 2) {
      ++p.items;
      p.values += m;
    } else {
      ++p.single_items;
    }
  }
  return p;
}

Status RequireAnnotators(const Ratings& ratings, const char* coefficient) {
  if (ratings.AnnotatorCount() < 2)
    return Status::InvalidInput(std::string(coefficient) +
                                " needs ratings from at least 2 annotators; found " +
                                std::to_string(ratings.AnnotatorCount()));
  return Status::Ok();
}

Status RequirePairable(const Pairable& p, size_t min_items, const char* coefficient) {
  if (p.items == 0)
    return Status::FailedPrecondition(std::string(coefficient) +
                                      ": no pairable values (no item has ratings from 2 or "
                                      "more annotators)");
  if (p.items < min_items)
    return Status::FailedPrecondition(std::string(coefficient) + " needs at least " +
                                      std::to_string(min_items) +
                                      " items rated by 2 or more annotators; found " +
                                      std::to_string(p.items));
  return Status::Ok();
}

std::string SkipNote(const Pairable& p) {
  if (p.single_items == 0) return "";
  return "skipped " + std::to_string(p.single_items) + " item" +
         (p.single_items == 1 ? "" : "s") + " with a single rating";
}

std::string QuoteValue(const Ratings& ratings, uint32_t value) {
  return "\"" + ratings.value_names[value] + "\"";
}

}  // namespace agreement_internal

using agreement_internal::CountPairable;
using agreement_internal::Pairable;
using agreement_internal::QuoteValue;
using agreement_internal::RequireAnnotators;
using agreement_internal::RequirePairable;
using agreement_internal::SkipNote;

// ---------------------------------------------------------------------------
// RatingsBuilder

namespace {

using Interner = std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>>;

// Returns the code of `key`, adding it (and its name) when new.
uint32_t Intern(Interner& map, std::vector<std::string>& names, std::string_view key) {
  auto it = map.find(key);
  if (it != map.end()) return it->second;
  const auto code = static_cast<uint32_t>(names.size());
  map.emplace(std::string(key), code);
  names.emplace_back(key);
  return code;
}

const char* KindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kCategory: return "category";
    case ValueKind::kNumber: return "number";
    case ValueKind::kLabelSet: return "label set";
  }
  return "value";
}

std::string FormatNumber(double x) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  (void)ec;  // 64 bytes hold any shortest double
  return std::string(buf, end);
}

// The whole of `s` as a finite number, or false.
bool ParseNumber(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* begin = s.data();
  if (*begin == '+') ++begin;  // from_chars refuses a leading '+'
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

struct RatingsBuilder::State {
  bool has_kind = false;
  bool items_grouped = false;
  Ratings out;
  Interner items;
  Interner annotators;
  Interner categories;        // kCategory values
  Interner label_codes;       // kLabelSet labels
  Interner label_set_codes;   // kLabelSet values, keyed by their sorted label codes' bytes
  std::unordered_map<double, uint32_t> numbers;
  std::vector<uint32_t> item;
  std::vector<uint32_t> annotator;
  std::vector<uint32_t> value;

  Status FixKind(ValueKind kind, std::string_view item_name, std::string_view annotator_name) {
    if (!has_kind) {
      has_kind = true;
      out.kind = kind;
    } else if (out.kind != kind) {
      std::string where = item_name.empty() ? std::string("a declared value")
                                            : "item \"" + std::string(item_name) +
                                                  "\", annotator \"" +
                                                  std::string(annotator_name) + "\"";
      return Status::InvalidInput(where + ": a " + KindName(kind) + " among " +
                                  KindName(out.kind) +
                                  " ratings (all ratings must be of one kind)");
    }
    return Status::Ok();
  }

  Status Begin(std::string_view item_name, std::string_view annotator_name, ValueKind kind) {
    TAXA_RETURN_IF_ERROR(FixKind(kind, item_name, annotator_name));
    // Ratings mostly come grouped by item (a file sorted by item, the
    // index's scan): the previous rating's item needs no lookup, and with
    // the caller's promise a different one is new.
    if (!item.empty() && out.item_names[item.back()] == item_name) {
      item.push_back(item.back());
    } else if (items_grouped) {
      item.push_back(static_cast<uint32_t>(out.item_names.size()));
      out.item_names.emplace_back(item_name);
    } else {
      item.push_back(Intern(items, out.item_names, item_name));
    }
    annotator.push_back(AnnotatorCode(annotator_name));
    return Status::Ok();
  }

  // Annotators are few and recur item after item: the last few are compared
  // before the hash table is asked.
  uint32_t AnnotatorCode(std::string_view name) {
    for (uint32_t code : recent_annotators)
      if (code != kNone && out.annotator_names[code] == name) return code;
    const uint32_t code = Intern(annotators, out.annotator_names, name);
    recent_annotators[next_recent++ % recent_annotators.size()] = code;
    return code;
  }

  uint32_t LabelSetCode(const std::vector<std::string>& labels) {
    std::vector<uint32_t> codes;
    codes.reserve(labels.size());
    for (const std::string& label : labels)
      codes.push_back(Intern(label_codes, out.label_names, label));
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::string key(reinterpret_cast<const char*>(codes.data()), codes.size() * sizeof(uint32_t));
    auto it = label_set_codes.find(key);
    if (it != label_set_codes.end()) return it->second;
    const auto code = static_cast<uint32_t>(out.value_names.size());
    label_set_codes.emplace(std::move(key), code);
    std::string name = "{";
    for (size_t i = 0; i < codes.size(); ++i) {
      if (i) name += ',';
      name += out.label_names[codes[i]];
    }
    name += '}';
    out.value_names.push_back(std::move(name));
    out.value_labels.push_back(std::move(codes));
    return code;
  }

  uint32_t NumberCode(double value) {
    if (value == 0) value = 0;  // -0.0 and 0.0 are one value
    auto [it, added] = numbers.emplace(value, static_cast<uint32_t>(out.value_names.size()));
    if (added) {
      out.value_names.push_back(FormatNumber(value));
      out.value_numbers.push_back(value);
    }
    return it->second;
  }

  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::array<uint32_t, 4> recent_annotators{kNone, kNone, kNone, kNone};
  size_t next_recent = 0;
};

RatingsBuilder::RatingsBuilder() : state_(new State) {}
RatingsBuilder::~RatingsBuilder() { delete state_; }
RatingsBuilder::RatingsBuilder(RatingsBuilder&& other) noexcept : state_(other.state_) {
  other.state_ = nullptr;
}
RatingsBuilder& RatingsBuilder::operator=(RatingsBuilder&& other) noexcept {
  std::swap(state_, other.state_);
  return *this;
}

void RatingsBuilder::Reserve(size_t items, size_t ratings) {
  state_->items.reserve(items);
  state_->out.item_names.reserve(items);
  state_->item.reserve(ratings);
  state_->annotator.reserve(ratings);
  state_->value.reserve(ratings);
}

Status RatingsBuilder::AddCategory(std::string_view item, std::string_view annotator,
                                   std::string_view value) {
  TAXA_RETURN_IF_ERROR(state_->Begin(item, annotator, ValueKind::kCategory));
  state_->value.push_back(Intern(state_->categories, state_->out.value_names, value));
  return Status::Ok();
}

Status RatingsBuilder::AddNumber(std::string_view item, std::string_view annotator,
                                 double value) {
  if (!std::isfinite(value))
    return Status::InvalidInput("item \"" + std::string(item) + "\", annotator \"" +
                                std::string(annotator) + "\": the rating is not a finite number");
  TAXA_RETURN_IF_ERROR(state_->Begin(item, annotator, ValueKind::kNumber));
  state_->value.push_back(state_->NumberCode(value));
  return Status::Ok();
}

Status RatingsBuilder::AddLabels(std::string_view item, std::string_view annotator,
                                 const std::vector<std::string>& labels) {
  TAXA_RETURN_IF_ERROR(state_->Begin(item, annotator, ValueKind::kLabelSet));
  state_->value.push_back(state_->LabelSetCode(labels));
  return Status::Ok();
}

Result<uint32_t> RatingsBuilder::DeclareCategory(std::string_view value) {
  TAXA_RETURN_IF_ERROR(state_->FixKind(ValueKind::kCategory, "", ""));
  return Intern(state_->categories, state_->out.value_names, value);
}

Result<uint32_t> RatingsBuilder::DeclareNumber(double value) {
  if (!std::isfinite(value)) return Status::InvalidInput("a declared number is not finite");
  TAXA_RETURN_IF_ERROR(state_->FixKind(ValueKind::kNumber, "", ""));
  return state_->NumberCode(value);
}

Result<uint32_t> RatingsBuilder::DeclareLabels(const std::vector<std::string>& labels) {
  TAXA_RETURN_IF_ERROR(state_->FixKind(ValueKind::kLabelSet, "", ""));
  return state_->LabelSetCode(labels);
}

Status RatingsBuilder::AddRating(std::string_view item, std::string_view annotator,
                                 uint32_t value) {
  if (!state_->has_kind || value >= state_->out.value_names.size())
    return Status::InvalidInput("item \"" + std::string(item) + "\": value code " +
                                std::to_string(value) + " was not declared");
  TAXA_RETURN_IF_ERROR(state_->Begin(item, annotator, state_->out.kind));
  state_->value.push_back(value);
  return Status::Ok();
}

void RatingsBuilder::ItemsArriveGrouped() { state_->items_grouped = true; }

Result<Ratings> RatingsBuilder::Build() && {
  State& s = *state_;
  Ratings& r = s.out;
  const size_t n = s.value.size();
  if (n >= std::numeric_limits<uint32_t>::max())
    return Status::InvalidInput("too many ratings: " + std::to_string(n) + " (at most " +
                                std::to_string(std::numeric_limits<uint32_t>::max() - 1) + ")");

  // Group by item with a counting sort, then order each item's few ratings by
  // annotator, where a repeat is a second rating by the same annotator.
  const size_t items = r.item_names.size();
  r.item_begin.assign(items + 1, 0);
  for (uint32_t i : s.item) ++r.item_begin[i + 1];
  for (size_t i = 0; i < items; ++i) r.item_begin[i + 1] += r.item_begin[i];
  std::vector<uint32_t> next(r.item_begin.begin(), r.item_begin.end() - 1);
  r.rating_annotator.resize(n);
  r.rating_value.resize(n);
  for (size_t k = 0; k < n; ++k) {
    const uint32_t at = next[s.item[k]]++;
    r.rating_annotator[at] = s.annotator[k];
    r.rating_value[at] = s.value[k];
  }
  std::vector<std::pair<uint32_t, uint32_t>> row;
  for (size_t i = 0; i < items; ++i) {
    const uint32_t b = r.item_begin[i], e = r.item_begin[i + 1];
    row.clear();
    for (uint32_t k = b; k < e; ++k) row.emplace_back(r.rating_annotator[k], r.rating_value[k]);
    std::sort(row.begin(), row.end());
    for (size_t k = 0; k < row.size(); ++k) {
      if (k > 0 && row[k].first == row[k - 1].first)
        return Status::InvalidInput("item \"" + r.item_names[i] +
                                    "\" has two ratings from annotator \"" +
                                    r.annotator_names[row[k].first] + "\"");
      r.rating_annotator[b + k] = row[k].first;
      r.rating_value[b + k] = row[k].second;
    }
  }

  if (r.kind == ValueKind::kCategory) {
    std::vector<double> numbers(r.value_names.size());
    bool all = !numbers.empty();
    for (size_t v = 0; all && v < numbers.size(); ++v) all = ParseNumber(r.value_names[v], numbers[v]);
    if (all) r.value_numbers = std::move(numbers);
  }
  Ratings built = std::move(r);
  return built;
}

// ---------------------------------------------------------------------------
// Percent agreement and the kappa family

namespace {

// Observed agreement: the mean over pairable items of the share of agreeing
// rating pairs, and the value counts over those items.
struct Observed {
  double agreement = 0;
  std::vector<double> counts;  // per value code, over pairable items
  uint32_t max_ratings = 0;
  uint32_t min_ratings = std::numeric_limits<uint32_t>::max();
  size_t max_item = 0, min_item = 0;  // an item with max/min ratings
};

Observed ObserveAgreement(const Ratings& r) {
  Observed o;
  o.counts.assign(r.ValueCount(), 0);
  std::vector<uint32_t> values;
  double sum = 0;
  size_t items = 0;
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    const uint32_t b = r.item_begin[i], e = r.item_begin[i + 1], m = e - b;
    if (m < 2) continue;
    ++items;
    if (m > o.max_ratings) o.max_ratings = m, o.max_item = i;
    if (m < o.min_ratings) o.min_ratings = m, o.min_item = i;
    values.assign(r.rating_value.begin() + b, r.rating_value.begin() + e);
    std::sort(values.begin(), values.end());
    double agreeing = 0;
    for (size_t k = 0; k < m;) {
      size_t j = k;
      while (j < m && values[j] == values[k]) ++j;
      const double c = static_cast<double>(j - k);
      agreeing += c * (c - 1);
      o.counts[values[k]] += c;
      k = j;
    }
    sum += agreeing / (static_cast<double>(m) * (m - 1));
  }
  o.agreement = items ? sum / static_cast<double>(items) : 0;
  return o;
}

// A value used by every pairable rating, or -1.
int64_t OnlyValue(const std::vector<double>& counts) {
  int64_t only = -1;
  for (size_t v = 0; v < counts.size(); ++v) {
    if (counts[v] == 0) continue;
    if (only >= 0) return -1;
    only = static_cast<int64_t>(v);
  }
  return only;
}

Status NoVariation(const Ratings& r, const char* coefficient, uint32_t value) {
  return Status::FailedPrecondition(std::string(coefficient) +
                                    " is undefined: every pairable rating is " +
                                    QuoteValue(r, value) + " (no variation)");
}

// Multi-rater pi (Fleiss' formula) on the items with two or more ratings.
Result<AgreementResult> MultiPi(const Ratings& r, const char* coefficient) {
  TAXA_RETURN_IF_ERROR(RequireAnnotators(r, coefficient));
  const Pairable p = CountPairable(r);
  TAXA_RETURN_IF_ERROR(RequirePairable(p, 2, coefficient));
  const Observed o = ObserveAgreement(r);
  const int64_t only = OnlyValue(o.counts);
  if (only >= 0) return NoVariation(r, coefficient, static_cast<uint32_t>(only));
  const double n = static_cast<double>(p.values);
  double expected = 0;
  for (double c : o.counts) expected += (c / n) * (c / n);
  return AgreementResult{(o.agreement - expected) / (1 - expected), p.items, p.values, SkipNote(p)};
}

}  // namespace

Result<AgreementResult> PercentAgreement(const Ratings& ratings) {
  TAXA_RETURN_IF_ERROR(RequireAnnotators(ratings, "percent agreement"));
  const Pairable p = CountPairable(ratings);
  TAXA_RETURN_IF_ERROR(RequirePairable(p, 1, "percent agreement"));
  const Observed o = ObserveAgreement(ratings);
  std::string note = SkipNote(p);
  const int64_t only = OnlyValue(o.counts);
  if (only >= 0) {
    if (!note.empty()) note += "; ";
    note += "every pairable rating is " + QuoteValue(ratings, static_cast<uint32_t>(only));
  }
  return AgreementResult{o.agreement, p.items, p.values, std::move(note)};
}

Result<AgreementResult> ScottsPi(const Ratings& ratings) { return MultiPi(ratings, "Scott's pi"); }

Result<AgreementResult> FleissKappa(const Ratings& ratings) {
  TAXA_RETURN_IF_ERROR(RequireAnnotators(ratings, "Fleiss' kappa"));
  // Every item counts here, single ratings included: Fleiss' model has the same
  // number of raters for every subject.
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const uint32_t m = ratings.item_begin[i + 1] - ratings.item_begin[i];
    const uint32_t m0 = ratings.item_begin[1] - ratings.item_begin[0];
    if (m != m0)
      return Status::InvalidInput(
          "Fleiss' kappa needs the same number of ratings for every item: item \"" +
          ratings.item_names[0] + "\" has " + std::to_string(m0) + ", item \"" +
          ratings.item_names[i] + "\" has " + std::to_string(m) +
          " (use Krippendorff's alpha for missing ratings)");
  }
  return MultiPi(ratings, "Fleiss' kappa");
}

Result<AgreementResult> BennettsS(const Ratings& ratings, size_t categories) {
  TAXA_RETURN_IF_ERROR(RequireAnnotators(ratings, "Bennett's S"));
  const Pairable p = CountPairable(ratings);
  TAXA_RETURN_IF_ERROR(RequirePairable(p, 2, "Bennett's S"));
  const size_t used = ratings.ValueCount();
  if (categories != 0 && categories < used)
    return Status::InvalidInput("Bennett's S: " + std::to_string(categories) +
                                " categories given but the ratings use " + std::to_string(used));
  const size_t q = categories != 0 ? categories : used;
  if (q < 2) return NoVariation(ratings, "Bennett's S", 0);
  const Observed o = ObserveAgreement(ratings);
  const double expected = 1.0 / static_cast<double>(q);
  return AgreementResult{(o.agreement - expected) / (1 - expected), p.items, p.values,
                         SkipNote(p)};
}

Result<AgreementResult> CohensKappa(const Ratings& r, const KappaOptions& options) {
  if (r.AnnotatorCount() != 2)
    return Status::InvalidInput("Cohen's kappa needs exactly 2 annotators; found " +
                                std::to_string(r.AnnotatorCount()) +
                                (r.AnnotatorCount() > 2 ? " (use Fleiss' kappa or Krippendorff's alpha)"
                                                        : ""));
  // The categories the two annotators used on the items both rated.
  std::vector<char> used(r.ValueCount(), 0);
  size_t both = 0, single = 0;
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    const uint32_t b = r.item_begin[i];
    if (r.item_begin[i + 1] - b != 2) {
      ++single;
      continue;
    }
    ++both;
    used[r.rating_value[b]] = used[r.rating_value[b + 1]] = 1;
  }
  Pairable p{both, 2 * both, single};
  TAXA_RETURN_IF_ERROR(RequirePairable(p, 2, "Cohen's kappa"));

  // Rank of each value code; codes of unused values keep -1.
  std::vector<int64_t> rank(r.ValueCount(), -1);
  size_t q = 0;
  if (options.weights == KappaWeights::kNone || r.IsNumeric()) {
    std::vector<uint32_t> codes;
    for (uint32_t v = 0; v < used.size(); ++v)
      if (used[v]) codes.push_back(v);
    if (r.IsNumeric())
      std::sort(codes.begin(), codes.end(), [&](uint32_t a, uint32_t b) {
        return r.value_numbers[a] < r.value_numbers[b];
      });
    for (uint32_t v : codes) rank[v] = static_cast<int64_t>(q++);
  } else {
    if (r.kind == ValueKind::kLabelSet)
      return Status::InvalidInput("weighted Cohen's kappa needs ordered categories, not label sets");
    if (options.category_order.empty())
      return Status::InvalidInput(
          "weighted Cohen's kappa on non-numeric categories needs a category order");
    std::unordered_map<std::string_view, size_t> position;
    for (const std::string& c : options.category_order)
      if (!position.emplace(c, position.size()).second)
        return Status::InvalidInput("the category order lists \"" + c + "\" twice");
    for (uint32_t v = 0; v < used.size(); ++v) {
      auto it = position.find(r.value_names[v]);
      if (it != position.end()) {
        rank[v] = static_cast<int64_t>(it->second);
      } else if (used[v]) {
        return Status::InvalidInput("the category order lacks " + QuoteValue(r, v));
      }
    }
    q = options.category_order.size();
  }

  std::vector<double> observed(q * q, 0), row(q, 0), col(q, 0);
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    const uint32_t b = r.item_begin[i];
    if (r.item_begin[i + 1] - b != 2) continue;
    // Ratings are sorted by annotator, so b is annotator 0 and b+1 annotator 1.
    const auto a = static_cast<size_t>(rank[r.rating_value[b]]);
    const auto c = static_cast<size_t>(rank[r.rating_value[b + 1]]);
    observed[a * q + c] += 1;
    row[a] += 1;
    col[c] += 1;
  }
  const double n = static_cast<double>(both);
  double observed_disagreement = 0, expected_disagreement = 0;
  for (size_t a = 0; a < q; ++a) {
    for (size_t c = 0; c < q; ++c) {
      const double d = static_cast<double>(a > c ? a - c : c - a);
      double w = 0;
      switch (options.weights) {
        case KappaWeights::kNone: w = a == c ? 0 : 1; break;
        case KappaWeights::kLinear: w = d; break;
        case KappaWeights::kQuadratic: w = d * d; break;
      }
      observed_disagreement += w * observed[a * q + c];
      expected_disagreement += w * row[a] * col[c] / n;
    }
  }
  if (expected_disagreement <= 0) {
    uint32_t v = 0;
    while (!used[v]) ++v;
    return NoVariation(r, "Cohen's kappa", v);
  }
  std::string note;
  if (single)
    note = "skipped " + std::to_string(single) + " item" + (single == 1 ? "" : "s") +
           " not rated by both annotators";
  return AgreementResult{1 - observed_disagreement / expected_disagreement, both, 2 * both,
                         std::move(note)};
}

}  // namespace taxa::core
