// Items: searching them (the text, the id, the metadata, and what the user
// knows of them), page by page in project order.
#include <algorithm>
#include <cctype>

#include "session/internal/project_state.h"
#include "session/internal/skips.h"
#include "session/items.h"
#include "session/labeling.h"

namespace taxa::app {

namespace {

constexpr std::pair<ItemState, std::string_view> kStateWords[] = {
    {ItemState::kUnlabeledByMe, "unlabeled"}, {ItemState::kSkipped, "skipped"},
    {ItemState::kMine, "mine"},               {ItemState::kDisagreement, "disagreement"},
    {ItemState::kGold, "gold"},               {ItemState::kDeprecated, "deprecated"},
    {ItemState::kToRelabel, "relabel"},
};

// The line's words; a word in double quotes keeps its spaces and is text.
std::vector<std::pair<std::string, bool>> Words(std::string_view line) {
  std::vector<std::pair<std::string, bool>> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size()) break;
    if (line[i] == '"') {
      size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) end = line.size();
      out.emplace_back(std::string(line.substr(i + 1, end - i - 1)), true);
      i = end + 1;
      continue;
    }
    size_t end = i;
    while (end < line.size() && !std::isspace(static_cast<unsigned char>(line[end]))) ++end;
    out.emplace_back(std::string(line.substr(i, end - i)), false);
    i = end;
  }
  return out;
}

}  // namespace

std::string_view ItemStateWord(ItemState state) {
  for (const auto& [s, word] : kStateWords)
    if (s == state) return word;
  return "";
}

Result<ItemState> ParseItemState(std::string_view word) {
  if (word.empty() || word == "all") return ItemState::kAny;
  for (const auto& [s, w] : kStateWords)
    if (w == word) return s;
  return Status::InvalidInput(
      "state \"" + std::string(word) +
      "\": expected all, unlabeled, skipped, mine, disagreement, gold or deprecated");
}

Result<ItemQuery> ParseItemQuery(std::string_view line) {
  ItemQuery q;
  for (auto& [word, quoted] : Words(line)) {
    if (word.empty()) continue;
    if (!quoted && word.starts_with("is:")) {
      std::string_view want = std::string_view(word).substr(3);
      auto it = std::find_if(std::begin(kStateWords), std::end(kStateWords),
                             [&](const auto& p) { return p.second == want; });
      if (it == std::end(kStateWords))
        return Status::InvalidInput(
            "\"" + word +
            "\": expected is:unlabeled, is:skipped, is:mine, is:disagreement, is:gold or "
            "is:deprecated");
      q.state = it->first;
      continue;
    }
    if (!quoted && word.starts_with("id:")) {
      q.id = word.substr(3);
      continue;
    }
    size_t eq = quoted ? std::string::npos : word.find('=');
    if (eq != std::string::npos && eq > 0) {
      if (!q.meta_key.empty())
        return Status::InvalidInput("\"" + word + "\": one KEY=VALUE at a time (have " +
                                    q.meta_key + "=" + q.meta_value + ")");
      q.meta_key = word.substr(0, eq);
      q.meta_value = word.substr(eq + 1);
      continue;
    }
    q.text += (q.text.empty() ? "" : " ") + word;
  }
  return q;
}

Result<core::ItemFilter> Items::FilterOf(const ItemQuery& q) {
  core::ItemFilter f{.text = q.text, .id = q.id, .meta_key = q.meta_key, .meta_value = q.meta_value};
  using S = core::ItemFilter::State;
  switch (q.state) {
    case ItemState::kAny:
      break;
    case ItemState::kUnlabeledByMe:
      f.state = S::kUnlabeledBy;
      f.annotator = s_.user();
      break;
    case ItemState::kMine:
      f.state = S::kLabeledBy;
      f.annotator = s_.user();
      break;
    case ItemState::kSkipped: {
      f.state = S::kListed;
      TAXA_ASSIGN_OR_RETURN(f.listed, ReadSkips(s_));
      break;
    }
    case ItemState::kDisagreement:
      f.state = S::kDisagreement;
      // Blind labeling: only where the user may see the others' labels.
      if (s_.settings().blind_labels && !Labeling(project_).MayReveal()) f.annotator = s_.user();
      break;
    case ItemState::kGold:
      f.state = S::kGold;
      break;
    case ItemState::kDeprecated:
      f.state = S::kUsesCategory;
      for (const auto& [id, c] : s_.taxonomy().categories())
        if (c.status == core::CategoryStatus::kDeprecated) f.categories.push_back(id);
      if (s_.settings().blind_labels && !Labeling(project_).MayReveal()) f.annotator = s_.user();
      break;
    case ItemState::kToRelabel:
      f.state = S::kUsesCategory;
      if (const auto& forward = s_.index().label_forward()) f.categories = forward->OutdatedIds();
      if (f.categories.empty()) f.state = S::kListed;  // no outdated id: nothing matches
      break;
  }
  return f;
}

Result<std::vector<int64_t>> Items::FindPositions(const ItemQuery& query) {
  if (query.limit <= 0) return std::vector<int64_t>();
  TAXA_ASSIGN_OR_RETURN(core::ItemFilter filter, FilterOf(query));
  return s_.index().FindItems(filter, query.after, query.limit);
}

Result<ItemPage> Items::Find(const ItemQuery& query) {
  TAXA_ASSIGN_OR_RETURN(std::vector<int64_t> positions, FindPositions(query));
  ItemPage page;
  if (!positions.empty() && static_cast<int64_t>(positions.size()) == query.limit)
    page.next = positions.back();
  TAXA_ASSIGN_OR_RETURN(page.rows, SummariesAt(positions));
  return page;
}

Result<std::vector<ItemSummary>> Items::SummariesAt(const std::vector<int64_t>& positions) {
  std::vector<core::ItemRow> rows;
  rows.reserve(positions.size());
  // Neighbouring positions come in one range read.
  for (size_t i = 0; i < positions.size();) {
    size_t j = i + 1;
    while (j < positions.size() && positions[j] == positions[j - 1] + 1) ++j;
    TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> run,
                          s_.index().ItemsAt(positions[i], static_cast<int64_t>(j - i)));
    for (core::ItemRow& r : run) rows.push_back(std::move(r));
    i = j;
  }
  return Summarize(std::move(rows));
}

Result<std::vector<ItemSummary>> Items::Summarize(std::vector<core::ItemRow> rows) {
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> skipped, ReadSkips(s_));
  std::vector<ItemSummary> out;
  out.reserve(rows.size());
  for (core::ItemRow& r : rows) {
    ItemSummary summary{.row = std::move(r)};
    TAXA_ASSIGN_OR_RETURN(std::vector<core::CurrentLabel> labels,
                          s_.index().CurrentLabels(summary.row.item.id));
    for (const core::CurrentLabel& label : labels) {
      if (label.categories.empty()) continue;
      (label.annotator == s_.user() ? summary.mine : summary.others) = true;
    }
    summary.skipped =
        std::binary_search(skipped.begin(), skipped.end(), summary.row.item.id);
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace taxa::app
