#include "session/project_ratings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "taxa/core/aggregation.h"

namespace taxa::app {

namespace {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

bool Kept(const LabelFilter& filter, std::string_view item, std::string_view annotator) {
  return (filter.items.empty() || filter.items.count(item)) &&
         (filter.annotators.empty() || filter.annotators.count(annotator));
}

// In project order, with each item's slice of a metadata key when one is asked.
Result<ProjectLabels> LoadInProjectOrder(core::Index& index, const LabelFilter& filter) {
  ProjectLabels out;
  core::RatingsBuilder builder;
  std::string last_item;
  TAXA_RETURN_IF_ERROR(index.ScanCurrentLabels(
      [&](const core::CurrentLabelView& v) -> Status {
        if (!Kept(filter, v.item, v.annotator)) return Status::Ok();
        // Rows come grouped by item in project order, as the builder numbers them.
        if (!filter.meta_key.empty() && v.item != last_item) {
          out.item_slice.emplace_back(v.slice);
          last_item.assign(v.item);
        }
        return builder.AddLabels(v.item, v.annotator, v.categories);
      },
      filter.meta_key));
  TAXA_ASSIGN_OR_RETURN(out.sets, std::move(builder).Build());
  out.sets.kind = core::ValueKind::kLabelSet;
  return out;
}

Result<ProjectLabels> LoadProjectLabelsOnce(core::Index& index, const LabelFilter& filter) {
  if (!filter.any_order || !filter.meta_key.empty()) return LoadInProjectOrder(index, filter);
  // In item id order, the fast scan, read on another core while this one
  // interns; each distinct stored set is parsed and interned once.
  ProjectLabels out;
  core::RatingsBuilder builder;
  builder.ItemsArriveGrouped();
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> set_codes;
  std::vector<std::string> categories;
  TAXA_RETURN_IF_ERROR(
      index.ScanLabelsInBatches([&](const std::vector<core::StoredLabelView>& batch) -> Status {
        for (const core::StoredLabelView& v : batch) {
          if (!Kept(filter, v.item, v.annotator)) continue;
          auto code = set_codes.find(v.categories);
          if (code == set_codes.end()) {
            core::ParseStoredCategories(v.categories, categories);
            if (categories.empty()) continue;
            TAXA_ASSIGN_OR_RETURN(uint32_t declared, builder.DeclareLabels(categories));
            code = set_codes.emplace(std::string(v.categories), declared).first;
          }
          TAXA_RETURN_IF_ERROR(builder.AddRating(v.item, v.annotator, code->second));
        }
        return Status::Ok();
      }));
  TAXA_ASSIGN_OR_RETURN(out.sets, std::move(builder).Build());
  out.sets.kind = core::ValueKind::kLabelSet;
  return out;
}

}  // namespace

Result<ProjectLabels> LoadProjectLabels(core::Index& index, const LabelFilter& filter) {
  Result<ProjectLabels> labels = LoadProjectLabelsOnce(index, filter);
  // Damage met halfway through the scan: the index has been rebuilt, so the
  // labels read so far are dropped and read again, once.
  if (!labels.ok() && labels.status().code() == StatusCode::kCorrupt &&
      labels.status().message().starts_with(core::kRebuiltDuringScan))
    return LoadProjectLabelsOnce(index, filter);
  return labels;
}

// The coefficient of `options` on `ratings` as one row; an undefined value
// becomes the row's error rather than failing the whole table.
AgreeRow MakeRow(std::string kind, std::string slice, const Result<core::Ratings>& ratings,
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

}  // namespace

Result<core::Ratings> Derive(const core::Ratings& sets, core::ValueKind kind, const ValueMap& map) {
  // A project has few distinct label sets and many ratings: each set is
  // mapped and declared once, when a kept rating first uses it (so the codes
  // follow first use, as the Add calls would number them).
  constexpr uint32_t kUnset = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> code_of(sets.ValueCount(), kUnset);
  core::RatingsBuilder builder;
  builder.Reserve(sets.ItemCount(), sets.RatingCount());
  builder.ItemsArriveGrouped();  // the items of `sets` are distinct and in order
  for (uint32_t item = 0; item < sets.ItemCount(); ++item) {
    const std::string& item_name = sets.item_names[item];
    for (uint32_t r = sets.item_begin[item]; r < sets.item_begin[item + 1]; ++r) {
      const uint32_t annotator = sets.rating_annotator[r];
      if (map.keep && !map.keep(item, annotator)) continue;
      uint32_t& code = code_of[sets.rating_value[r]];
      if (code == kUnset) {
        const DerivedValue v = DeriveValue(sets, sets.rating_value[r], kind, map);
        Result<uint32_t> declared(0u);
        switch (kind) {
          case core::ValueKind::kLabelSet:
            declared = builder.DeclareLabels(v.labels);
            break;
          case core::ValueKind::kCategory:
            declared = builder.DeclareCategory(v.joined);
            break;
          case core::ValueKind::kNumber:
            if (!v.is_number)
              return Status::InvalidInput(
                  "category \"" + v.joined + "\" (item \"" + item_name +
                  "\") is not a number: use level \"nominal\" or \"ordinal\"");
            declared = builder.DeclareNumber(v.number);
            break;
        }
        if (!declared.ok()) return declared.status();
        code = *declared;
      }
      TAXA_RETURN_IF_ERROR(builder.AddRating(item_name, sets.annotator_names[annotator], code));
    }
  }
  return std::move(builder).Build();
}

// Fills `standings` (one per annotator of `r`, by name) against the majority
// of each item with two or more ratings, and counts the tied items.
Status CountStandings(const core::Ratings& r, std::vector<AnnotatorStanding>& standings,
                      size_t& tied_items) {
  TAXA_ASSIGN_OR_RETURN(core::MajorityVoteResult mv, core::MajorityVote(r));
  std::map<std::string, AnnotatorStanding*> by_name;
  for (AnnotatorStanding& s : standings) by_name[s.annotator] = &s;
  for (size_t item = 0; item < r.ItemCount(); ++item) {
    const core::ItemVote& vote = mv.items[item];
    const bool tied = !vote.tied.empty();
    if (tied) ++tied_items;
    for (uint32_t k = r.item_begin[item]; k < r.item_begin[item + 1]; ++k) {
      auto it = by_name.find(r.annotator_names[r.rating_annotator[k]]);
      if (it == by_name.end()) continue;
      AnnotatorStanding& s = *it->second;
      ++s.labeled;
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
