#include "session/project_ratings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "taxa/core/aggregation.h"
#include "taxa/core/label_forward.h"
#include "taxa/core/text.h"

namespace taxa::app {

namespace {

bool Kept(const LabelFilter& filter, std::string_view item, std::string_view annotator) {
  return (filter.items.empty() || filter.items.count(item)) &&
         (filter.annotators.empty() || filter.annotators.count(annotator));
}

// In project order.
Result<ProjectLabels> LoadInProjectOrder(core::Index& index, const LabelFilter& filter) {
  ProjectLabels out;
  core::RatingsBuilder builder;
  TAXA_RETURN_IF_ERROR(index.ScanCurrentLabels([&](const core::CurrentLabelView& v) -> Status {
    if (!Kept(filter, v.item, v.annotator)) return Status::Ok();
    if (v.outdated) {
      ++out.outdated;
      return Status::Ok();
    }
    return builder.AddLabels(v.item, v.annotator, v.categories);
  }));
  TAXA_ASSIGN_OR_RETURN(out.sets, std::move(builder).Build());
  out.sets.kind = core::ValueKind::kLabelSet;
  return out;
}

Result<ProjectLabels> LoadInIdOrder(core::Index& index, const LabelFilter& filter) {
  // In item id order, the fast scan, read on another core while this one
  // interns; each distinct stored set is carried forward (the index's
  // LabelForward), parsed and interned once, so a label costs one lookup.
  ProjectLabels out;
  core::RatingsBuilder builder;
  builder.ItemsArriveGrouped();
  constexpr uint32_t kOutdated = std::numeric_limits<uint32_t>::max();
  constexpr uint32_t kEmpty = kOutdated - 1;
  std::unordered_map<std::string, uint32_t, core::TextHash, std::equal_to<>> set_codes;
  core::StoredLabelForward forward(index.label_forward().get());
  std::vector<std::string> categories;
  TAXA_RETURN_IF_ERROR(index.ScanLabelsInBatches(
      [&](const std::vector<core::StoredLabelView>& batch) -> Status {
        for (const core::StoredLabelView& v : batch) {
          if (!Kept(filter, v.item, v.annotator)) continue;
          auto code = set_codes.find(v.categories);
          if (code == set_codes.end()) {
            bool outdated = false;
            std::string_view now = forward.Map(v.categories, outdated);
            uint32_t declared = kOutdated;
            if (!outdated) {
              core::ParseStoredCategories(now, categories);
              declared = kEmpty;
              if (!categories.empty()) {
                TAXA_ASSIGN_OR_RETURN(declared, builder.DeclareLabels(categories));
              }
            }
            code = set_codes.emplace(std::string(v.categories), declared).first;
          }
          if (code->second == kOutdated) {
            ++out.outdated;
            continue;
          }
          if (code->second == kEmpty) continue;
          TAXA_RETURN_IF_ERROR(builder.AddRating(v.item, v.annotator, code->second));
        }
        return Status::Ok();
      },
      /*batch_size=*/65536, /*as_recorded=*/true));
  TAXA_ASSIGN_OR_RETURN(out.sets, std::move(builder).Build());
  out.sets.kind = core::ValueKind::kLabelSet;
  return out;
}

// In project order, with each item's slice of filter.meta_key: the labels
// read the fast way (by item id), each item's position and value read once
// from the items (not once per label), merged by id, then built again in
// project order exactly as LoadInProjectOrder builds them (annotators by
// name within an item, each label set declared at its first use), so every
// code, and a bootstrap over the items, is what that reading gives.
Result<ProjectLabels> LoadSliced(core::Index& index, const LabelFilter& filter) {
  TAXA_ASSIGN_OR_RETURN(ProjectLabels by_id, LoadInIdOrder(index, filter));
  const core::Ratings& sets = by_id.sets;
  const size_t n = sets.ItemCount();
  std::vector<int64_t> ord(n, 0);
  std::vector<uint32_t> slice(n, 0);
  ProjectLabels out;
  out.outdated = by_id.outdated;
  std::unordered_map<std::string, uint32_t, core::TextHash, std::equal_to<>> codes;
  size_t next = 0;  // the next labeled item, in id order as the scan
  TAXA_RETURN_IF_ERROR(
      index.ScanItemSlices(filter.meta_key, [&](const core::ItemSliceView& v) -> Status {
        if (next == n || sets.item_names[next] != v.item) return Status::Ok();
        auto code = codes.find(v.slice);
        if (code == codes.end()) {
          code = codes.emplace(std::string(v.slice), static_cast<uint32_t>(codes.size())).first;
          out.slice_names.emplace_back(v.slice);
        }
        ord[next] = v.ord;
        slice[next] = code->second;
        ++next;
        return Status::Ok();
      }));
  if (next != n)
    return Status::Internal("labeled item \"" + sets.item_names[next] +
                            "\" was not met in the scan of the items");
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return ord[a] != ord[b] ? ord[a] < ord[b] : a < b;
  });
  constexpr uint32_t kUnset = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> declared(sets.ValueCount(), kUnset);
  std::vector<std::string> labels;
  std::vector<uint32_t> row;  // one item's ratings, by annotator name
  core::RatingsBuilder builder;
  builder.ItemsArriveGrouped();
  builder.Reserve(n, sets.RatingCount());
  out.item_slice.reserve(n);
  for (uint32_t i : order) {
    row.clear();
    for (uint32_t r = sets.item_begin[i]; r < sets.item_begin[i + 1]; ++r) row.push_back(r);
    std::sort(row.begin(), row.end(), [&](uint32_t a, uint32_t b) {
      return sets.annotator_names[sets.rating_annotator[a]] <
             sets.annotator_names[sets.rating_annotator[b]];
    });
    for (uint32_t r : row) {
      const uint32_t value = sets.rating_value[r];
      if (declared[value] == kUnset) {
        labels.clear();
        for (uint32_t label : sets.value_labels[value]) labels.push_back(sets.label_names[label]);
        std::sort(labels.begin(), labels.end());  // as the scan parses a stored set
        TAXA_ASSIGN_OR_RETURN(declared[value], builder.DeclareLabels(labels));
      }
      TAXA_RETURN_IF_ERROR(builder.AddRating(
          sets.item_names[i], sets.annotator_names[sets.rating_annotator[r]], declared[value]));
    }
    out.item_slice.push_back(slice[i]);
  }
  TAXA_ASSIGN_OR_RETURN(out.sets, std::move(builder).Build());
  out.sets.kind = core::ValueKind::kLabelSet;
  return out;
}

Result<ProjectLabels> LoadProjectLabelsOnce(core::Index& index, const LabelFilter& filter) {
  if (!filter.meta_key.empty()) return LoadSliced(index, filter);
  if (!filter.any_order) return LoadInProjectOrder(index, filter);
  return LoadInIdOrder(index, filter);
}

}  // namespace

std::string JoinCategories(const std::vector<std::string>& categories) {
  std::string joined;
  for (const std::string& c : categories) joined += (joined.empty() ? "" : ";") + c;
  return joined;
}

std::unordered_map<std::string, std::string> GoldByItem(const std::vector<core::GoldLabel>& gold,
                                                        size_t* outdated) {
  std::unordered_map<std::string, std::string> out;
  for (const core::GoldLabel& g : gold) {
    if (g.outdated) {
      if (outdated != nullptr) ++*outdated;
      continue;
    }
    out.emplace(g.item, JoinCategories(g.categories));
  }
  return out;
}

Result<ProjectLabels> LoadProjectLabels(core::Index& index, const LabelFilter& filter) {
  Result<ProjectLabels> labels = LoadProjectLabelsOnce(index, filter);
  // Damage met halfway through the scan: the index has been rebuilt, so the
  // labels read so far are dropped and read again, once.
  if (!labels.ok() && labels.status().code() == StatusCode::kCorrupt &&
      labels.status().message().starts_with(core::kRebuiltDuringScan))
    return LoadProjectLabelsOnce(index, filter);
  return labels;
}

namespace {

// The coefficient of `options` on `ratings` (Ratings or CollapsedRatings) as
// one row; an undefined value becomes the row's error rather than failing the
// whole table.
template <typename Rated>
AgreeRow RowOf(std::string kind, std::string slice, const Result<Rated>& ratings,
               const AgreeOptions& options, const std::map<std::string, std::string>& tree) {
  AgreeRow row{.kind = std::move(kind), .slice = std::move(slice)};
  // An undefined row still says which coefficient it is.
  row.report.metric = options.metric;
  row.report.level = options.level;
  row.report.weights = options.weights;
  if (!ratings.ok()) {
    row.error = ratings.status().message();
    return row;
  }
  Result<AgreeReport> r = AgreeOnRatings(*ratings, options, kProjectLabels, tree);
  if (r.ok())
    row.report = std::move(*r);
  else
    row.error = r.status().message();
  return row;
}

}  // namespace

AgreeRow MakeRow(std::string kind, std::string slice, const Result<core::Ratings>& ratings,
                 const AgreeOptions& options, const std::map<std::string, std::string>& tree) {
  return RowOf(std::move(kind), std::move(slice), ratings, options, tree);
}

AgreeRow MakeRow(std::string kind, std::string slice,
                 const Result<core::CollapsedRatings>& ratings, const AgreeOptions& options,
                 const std::map<std::string, std::string>& tree) {
  return RowOf(std::move(kind), std::move(slice), ratings, options, tree);
}

ValueMap OneVsRest(const std::string& category) {
  return {.value = [category](const std::vector<std::string>& cats, std::vector<std::string>& out) {
    out.assign(1, std::binary_search(cats.begin(), cats.end(), category)
                      ? category
                      : "(not " + category + ")");
  }};
}

namespace {

// What one source value (a label set) becomes under a ValueMap.
struct DerivedValue {
  std::vector<std::string> labels;  // sorted, distinct (kLabelSet keeps them as given)
  std::string joined;               // the labels joined by ';'
  double number = 0;                // kNumber: the joined text read as a number
  bool is_number = false;
};

DerivedValue DeriveValue(const core::Ratings& sets, uint32_t code, core::ValueKind kind,
                         const ValueMap& map) {
  std::vector<std::string> categories;
  for (uint32_t label : sets.value_labels[code]) categories.push_back(sets.label_names[label]);
  // Label codes are in order of appearance: sort to the names' order.
  std::sort(categories.begin(), categories.end());
  DerivedValue d;
  if (map.value)
    map.value(categories, d.labels);
  else
    d.labels = std::move(categories);
  if (kind == core::ValueKind::kLabelSet) return d;
  std::sort(d.labels.begin(), d.labels.end());
  d.labels.erase(std::unique(d.labels.begin(), d.labels.end()), d.labels.end());
  for (const std::string& l : d.labels) d.joined += (d.joined.empty() ? "" : ";") + l;
  if (kind == core::ValueKind::kNumber) {
    const char* end = d.joined.data() + d.joined.size();
    auto [stop, ec] = std::from_chars(d.joined.data(), end, d.number);
    d.is_number = ec == std::errc() && stop == end && std::isfinite(d.number);
  }
  return d;
}

// Declares in `values` what the source value `source` becomes under `map`
// and sets `code` to its code. `item_name` names the item of the rating that
// first used the value (for the error of a value that is not a number).
Status DeclareDerived(const core::Ratings& sets, uint32_t source, core::ValueKind kind,
                      const ValueMap& map, const std::string& item_name,
                      core::RatingsBuilder& values, uint32_t& code) {
  const DerivedValue v = DeriveValue(sets, source, kind, map);
  Result<uint32_t> declared(0u);
  switch (kind) {
    case core::ValueKind::kLabelSet:
      declared = values.DeclareLabels(v.labels);
      break;
    case core::ValueKind::kCategory:
      declared = values.DeclareCategory(v.joined);
      break;
    case core::ValueKind::kNumber:
      if (!v.is_number)
        return Status::InvalidInput("category \"" + v.joined + "\" (item \"" + item_name +
                                    "\") is not a number: use level \"nominal\" or \"ordinal\"");
      declared = values.DeclareNumber(v.number);
      break;
  }
  if (!declared.ok()) return declared.status();
  code = *declared;
  return Status::Ok();
}

}  // namespace

// Builds the result directly, without interning a name per rating: the items
// of `sets` are distinct and in order, so a kept item only needs its name
// copied, and the annotators are renumbered in order of first appearance, as
// a RatingsBuilder fed the kept ratings would number them. The value tables
// come from a builder given one rating per derived value, in the order of
// first use, so they too are the ones such a builder makes.
Result<core::Ratings> Derive(const core::Ratings& sets, core::ValueKind kind, const ValueMap& map) {
  constexpr uint32_t kUnset = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> code_of(sets.ValueCount(), kUnset);
  std::vector<uint32_t> annotator_of(sets.AnnotatorCount(), kUnset);
  core::RatingsBuilder values;
  uint32_t declared = 0;
  core::Ratings out;
  out.item_begin.reserve(sets.ItemCount() + 1);
  out.item_begin.push_back(0);
  out.rating_value.reserve(sets.RatingCount());
  out.rating_annotator.reserve(sets.RatingCount());
  std::vector<std::pair<uint32_t, uint32_t>> row;  // (annotator, value) of one item
  for (uint32_t item = 0; item < sets.ItemCount(); ++item) {
    row.clear();
    for (uint32_t r = sets.item_begin[item]; r < sets.item_begin[item + 1]; ++r) {
      const uint32_t annotator = sets.rating_annotator[r];
      if (map.keep && !map.keep(item, annotator)) continue;
      uint32_t& code = code_of[sets.rating_value[r]];
      if (code == kUnset) {
        TAXA_RETURN_IF_ERROR(DeclareDerived(sets, sets.rating_value[r], kind, map,
                                            sets.item_names[item], values, code));
        // One rating per value, each on an item of its own.
        TAXA_RETURN_IF_ERROR(values.AddRating(std::to_string(declared++), "v", code));
      }
      uint32_t& renumbered = annotator_of[annotator];
      if (renumbered == kUnset) {
        renumbered = static_cast<uint32_t>(out.annotator_names.size());
        out.annotator_names.push_back(sets.annotator_names[annotator]);
      }
      row.emplace_back(renumbered, code);
    }
    if (row.empty()) continue;
    std::sort(row.begin(), row.end());  // by annotator, as Ratings keeps them
    for (const auto& [annotator, value] : row) {
      out.rating_annotator.push_back(annotator);
      out.rating_value.push_back(value);
    }
    out.item_names.push_back(sets.item_names[item]);
    out.item_begin.push_back(static_cast<uint32_t>(out.rating_value.size()));
  }
  if (out.rating_value.empty()) return core::RatingsBuilder().Build();  // its empty Ratings
  TAXA_ASSIGN_OR_RETURN(core::Ratings table, std::move(values).Build());
  out.kind = table.kind;
  out.value_names = std::move(table.value_names);
  out.value_numbers = std::move(table.value_numbers);
  out.value_labels = std::move(table.value_labels);
  out.label_names = std::move(table.label_names);
  return out;
}

Result<core::CollapsedRatings> Derive(const core::CollapsedRatings& sets, core::ValueKind kind,
                                      const ValueMap& map) {
  if (map.keep)
    return Status::InvalidInput("collapsed ratings stand for whole items: no rating may be dropped");
  core::CollapsedRatings out;
  TAXA_ASSIGN_OR_RETURN(out.ratings, Derive(sets.ratings, kind, map));
  out.count = sets.count;
  return out;
}

// Fills `standings` (one per annotator of `r`, by name) against the majority
// of each item with two or more ratings, and counts the tied items.
Status CountStandings(const core::Ratings& r, std::vector<AnnotatorStanding>& standings,
                      size_t& tied_items) {
  TAXA_ASSIGN_OR_RETURN(core::MajorityVoteResult mv, core::MajorityVote(r));
  std::map<std::string, AnnotatorStanding*> by_name;
  for (AnnotatorStanding& s : standings) by_name[s.annotator] = &s;
  std::vector<AnnotatorStanding*> of_code(r.AnnotatorCount(), nullptr);  // by annotator code
  for (uint32_t a = 0; a < r.AnnotatorCount(); ++a)
    if (auto it = by_name.find(r.annotator_names[a]); it != by_name.end()) of_code[a] = it->second;
  std::vector<uint32_t> values;  // the item's rating values, sorted
  for (size_t item = 0; item < r.ItemCount(); ++item) {
    const core::ItemVote& vote = mv.items[item];
    const bool tied = !vote.tied.empty();
    if (tied) ++tied_items;
    const uint32_t begin = r.item_begin[item], end = r.item_begin[item + 1];
    values.assign(r.rating_value.begin() + begin, r.rating_value.begin() + end);
    std::sort(values.begin(), values.end());
    for (uint32_t k = begin; k < end; ++k) {
      AnnotatorStanding* standing = of_code[r.rating_annotator[k]];
      if (!standing) continue;
      AnnotatorStanding& s = *standing;
      ++s.labeled;
      const auto same = std::equal_range(values.begin(), values.end(), r.rating_value[k]);
      s.peer_pairs += end - begin - 1;
      s.peer_agreements += static_cast<size_t>(same.second - same.first) - 1;
      if (tied || vote.ratings < 2) continue;
      ++s.compared;
      if (r.rating_value[k] != vote.value) ++s.disagreements;
    }
  }
  for (AnnotatorStanding& s : standings)
    s.disagreement_rate = s.compared ? static_cast<double>(s.disagreements) / s.compared : 0;
  return Status::Ok();
}

}  // namespace taxa::app
