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
  return [category](uint32_t, uint32_t, const std::vector<std::string>& cats,
                    std::vector<std::string>& out) {
    out.assign(1, std::binary_search(cats.begin(), cats.end(), category)
                      ? category
                      : "(not " + category + ")");
    return true;
  };
}

ValueMap KeepLabels() {
  return [](uint32_t, uint32_t, const std::vector<std::string>& categories,
            std::vector<std::string>& out) {
    out = categories;
    return true;
  };
}

core::ValueKind KindForLevel(const std::string& level) {
  if (level == "interval" || level == "ratio") return core::ValueKind::kNumber;
  if (level == "jaccard" || level == "masi") return core::ValueKind::kLabelSet;
  return core::ValueKind::kCategory;
}

Result<core::Ratings> Derive(const core::Ratings& sets, core::ValueKind kind, const ValueMap& map) {
  core::RatingsBuilder builder;
  builder.Reserve(sets.ItemCount(), sets.RatingCount());
  std::vector<std::string> categories, labels;
  std::string joined;
  for (uint32_t item = 0; item < sets.ItemCount(); ++item) {
    for (uint32_t r = sets.item_begin[item]; r < sets.item_begin[item + 1]; ++r) {
      const uint32_t annotator = sets.rating_annotator[r];
      categories.clear();
      for (uint32_t label : sets.value_labels[sets.rating_value[r]])
        categories.push_back(sets.label_names[label]);
      // Label codes are in order of appearance: sort to the names' order.
      std::sort(categories.begin(), categories.end());
      labels.clear();
      if (!map(item, annotator, categories, labels)) continue;
      const std::string& item_name = sets.item_names[item];
      const std::string& annotator_name = sets.annotator_names[annotator];
      if (kind == core::ValueKind::kLabelSet) {
        TAXA_RETURN_IF_ERROR(builder.AddLabels(item_name, annotator_name, labels));
        continue;
      }
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
      joined.clear();
      for (const std::string& l : labels) joined += (joined.empty() ? "" : ";") + l;
      if (kind == core::ValueKind::kCategory) {
        TAXA_RETURN_IF_ERROR(builder.AddCategory(item_name, annotator_name, joined));
        continue;
      }
      double number = 0;
      auto [end, ec] = std::from_chars(joined.data(), joined.data() + joined.size(), number);
      if (ec != std::errc() || end != joined.data() + joined.size() || !std::isfinite(number))
        return Status::InvalidInput("category \"" + joined + "\" (item \"" + item_name +
                                    "\") is not a number: use --level nominal or ordinal");
      TAXA_RETURN_IF_ERROR(builder.AddNumber(item_name, annotator_name, number));
    }
  }
  return std::move(builder).Build();
}

}  // namespace taxa::app
