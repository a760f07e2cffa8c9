#include "session/project_ratings.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace taxa::app {

Result<ProjectLabels> LoadProjectLabels(core::Index& index, const LabelFilter& filter) {
  ProjectLabels out;
  core::RatingsBuilder builder;
  std::string last_item;
  Status added;
  TAXA_RETURN_IF_ERROR(index.ScanCurrentLabels(
      [&](const core::CurrentLabelView& v) -> Status {
        if (!filter.items.empty() && !filter.items.count(v.item)) return Status::Ok();
        if (!filter.annotators.empty() && !filter.annotators.count(v.annotator))
          return Status::Ok();
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

// The coefficient of `options` on `ratings` as one row; an undefined value
// becomes the row's error rather than failing the whole table.
AgreeRow MakeRow(std::string kind, std::string slice, const Result<core::Ratings>& ratings,
                 const AgreeOptions& options, const std::map<std::string, std::string>& tree) {
  AgreeRow row{.kind = std::move(kind), .slice = std::move(slice)};
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

core::ValueKind KindForLevel(const std::string& level) {
  if (level == "interval" || level == "ratio") return core::ValueKind::kNumber;
  if (level == "jaccard" || level == "masi") return core::ValueKind::kLabelSet;
  return core::ValueKind::kCategory;
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
  // mapped once.
  std::vector<DerivedValue> values;
  values.reserve(sets.ValueCount());
  for (uint32_t code = 0; code < sets.ValueCount(); ++code)
    values.push_back(DeriveValue(sets, code, kind, map));
  core::RatingsBuilder builder;
  builder.Reserve(sets.ItemCount(), sets.RatingCount());
  for (uint32_t item = 0; item < sets.ItemCount(); ++item) {
    const std::string& item_name = sets.item_names[item];
    for (uint32_t r = sets.item_begin[item]; r < sets.item_begin[item + 1]; ++r) {
      const uint32_t annotator = sets.rating_annotator[r];
      if (map.keep && !map.keep(item, annotator)) continue;
      const DerivedValue& v = values[sets.rating_value[r]];
      const std::string& annotator_name = sets.annotator_names[annotator];
      switch (kind) {
        case core::ValueKind::kLabelSet:
          TAXA_RETURN_IF_ERROR(builder.AddLabels(item_name, annotator_name, v.labels));
          break;
        case core::ValueKind::kCategory:
          TAXA_RETURN_IF_ERROR(builder.AddCategory(item_name, annotator_name, v.joined));
          break;
        case core::ValueKind::kNumber:
          if (!v.is_number)
            return Status::InvalidInput("category \"" + v.joined + "\" (item \"" + item_name +
                                        "\") is not a number: use --level nominal or ordinal");
          TAXA_RETURN_IF_ERROR(builder.AddNumber(item_name, annotator_name, v.number));
          break;
      }
    }
  }
  return std::move(builder).Build();
}

}  // namespace taxa::app
