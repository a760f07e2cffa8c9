#include "gui/item_list.h"

#include <algorithm>
#include <cmath>

#include "gui/flow.h"
#include "gui/text_fit.h"
#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "session/items.h"

namespace taxa::gui {

namespace {

ItemListRow RowOf(app::ItemSummary& r) {
  ItemListRow row;
  row.ord = r.row.ord;
  row.id = std::move(r.row.item.id);
  row.preview = r.row.item.text.empty() ? "[media] " + r.row.item.media_path
                                        : Preview(r.row.item.text, 160);
  row.mine = r.mine;
  row.others = r.others;
  row.skipped = r.skipped;
  return row;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// A search that is one bare word may be an item id to go to.
bool MayBeAnId(const std::string& s) {
  return !s.empty() && s.find_first_of(" \t:=\"") == std::string::npos;
}

void RefreshAll(app::Project& session, int64_t count, const ItemListUi& ui, ItemListModel& model) {
  int64_t need_first = std::clamp<int64_t>(ui.visible_first, 0, count);
  int64_t need_end = std::clamp<int64_t>(ui.visible_first + ui.visible_count, need_first, count);
  model.first = std::max<int64_t>(0, need_first - kItemListMargin);
  int64_t end = std::min(count, need_end + kItemListMargin);
  if (end <= model.first) return;
  Result<std::vector<app::ItemSummary>> rows =
      app::Items(session).Summaries(model.first, end - model.first);
  if (!rows.ok()) {
    model.error = rows.status().message();
    return;
  }
  model.rows.reserve(rows->size());
  for (app::ItemSummary& r : *rows) model.rows.push_back(RowOf(r));
}

// Fetches `limit` more matches of model.search after `after`, appended.
void FetchMatches(app::Project& session, int64_t after, int64_t limit, ItemListModel& model) {
  Result<app::ItemQuery> query = app::ParseItemQuery(model.search);
  if (!query.ok()) {
    model.error = query.status().message();
    model.next = -1;
    return;
  }
  query->after = after;
  query->limit = limit;
  Result<app::ItemPage> page = app::Items(session).Find(*query);
  if (!page.ok()) {
    model.error = page.status().message();
    model.next = -1;
    return;
  }
  for (app::ItemSummary& r : page->rows) model.rows.push_back(RowOf(r));
  model.next = page->next;
  model.count = static_cast<int64_t>(model.rows.size());
}

}  // namespace

const ItemListRow* ItemListModel::Find(int64_t ord) const {
  int64_t index = IndexOf(ord);
  return index < 0 ? nullptr : At(index);
}

const ItemListRow* ItemListModel::At(int64_t index) const {
  if (index < first || index >= first + static_cast<int64_t>(rows.size())) return nullptr;
  return &rows[static_cast<size_t>(index - first)];
}

int64_t ItemListModel::IndexOf(int64_t ord) const {
  if (search.empty()) return ord >= 0 && ord < count ? ord : -1;
  // Matches come in project order.
  auto it = std::lower_bound(rows.begin(), rows.end(), ord,
                             [](const ItemListRow& r, int64_t o) { return r.ord < o; });
  if (it == rows.end() || it->ord != ord) return -1;
  return first + (it - rows.begin());
}

std::string Preview(const std::string& text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 3);
  bool space = false;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      space = !out.empty();
      continue;
    }
    // Stop only at the start of a UTF-8 sequence, never inside one.
    if (out.size() + (space ? 1 : 0) >= max_bytes && (ch & 0xC0) != 0x80) break;
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(ch);
  }
  if (i < text.size()) out += "\u2026";
  return out;
}

void RefreshItemList(app::Project& session, uint64_t generation, int64_t item_count,
                     const ItemListUi& ui, ItemListModel& model) {
  const bool same_data = model.built && model.generation == generation &&
                         model.revision == session.revision() && model.search == ui.applied;
  if (ui.applied.empty()) {
    int64_t need_first = std::clamp<int64_t>(ui.visible_first, 0, item_count);
    int64_t need_end =
        std::clamp<int64_t>(ui.visible_first + ui.visible_count, need_first, item_count);
    int64_t have_end = model.first + static_cast<int64_t>(model.rows.size());
    if (same_data && model.count == item_count && need_first >= model.first && need_end <= have_end)
      return;
    model = {};
    model.generation = generation;
    model.revision = session.revision();
    model.built = true;
    model.count = item_count;
    RefreshAll(session, item_count, ui, model);
    return;
  }
  const int64_t loaded = static_cast<int64_t>(model.rows.size());
  if (same_data) {
    // More matches only when the list is scrolled near the end of those here.
    if (model.next < 0 || ui.visible_first + ui.visible_count + kItemListMargin < loaded) return;
    FetchMatches(session, model.next, kSearchPage, model);
    return;
  }
  // A new search, or the labels moved: fetch again as many as were here.
  const bool same_search = model.built && model.search == ui.applied;
  const int64_t want = same_search ? std::max(kSearchPage, loaded) : kSearchPage;
  model = {};
  model.generation = generation;
  model.revision = session.revision();
  model.built = true;
  model.search = ui.applied;
  FetchMatches(session, -1, want, model);
}

int64_t NeighbourInList(const ItemListModel& model, const Selection& selection, int step) {
  if (model.search.empty()) {
    int64_t ord = selection.ord + step;
    return ord >= 0 && ord < model.count ? ord : -1;
  }
  if (model.rows.empty()) return -1;
  int64_t index = model.IndexOf(selection.ord);
  if (index < 0) {
    // The current item is not a match: step into the list from its place.
    auto after = std::upper_bound(model.rows.begin(), model.rows.end(), selection.ord,
                                  [](int64_t o, const ItemListRow& r) { return o < r.ord; });
    if (step > 0) return after == model.rows.end() ? -1 : after->ord;
    return after == model.rows.begin() ? -1 : std::prev(after)->ord;
  }
  const ItemListRow* row = model.At(index + step);
  return row != nullptr ? row->ord : -1;
}

void DrawItemList(const ItemListModel& model, ItemListUi& ui, const Selection& selection,
                  Commands& out) {
  // The search field, with a button that clears the search.
  const bool searching = !ui.applied.empty();
  const float clear_width = ImGui::GetFrameHeight();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x -
                          (searching ? clear_width + ImGui::GetStyle().ItemSpacing.x : 0));
  // Not a Tab stop: Tab is the Skip key, not "go to the search".
  ImGui::PushAllowKeyboardFocus(false);
  if (ui.focus_query) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_query = false;
  }
  if (ImGui::InputTextWithHint("##search", "search  Ctrl+F", &ui.query,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    ui.applied = Trim(ui.query);
    if (MayBeAnId(ui.applied)) out.Push(GoToItem{.item = ui.applied});
  }
  ImGui::PopAllowKeyboardFocus();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Words: in the text or the id.  id:T-12  in the id.  lang=de  a metadata value.\n"
        "is:unlabeled  is:skipped  is:mine  is:disagreement  is:gold  is:deprecated\n"
        "is:relabel (labels a split or retired category left outdated).\n"
        "An exact id goes there.");
  if (searching) {
    ImGui::SameLine();
    if (ImGui::Button("\u00D7", ImVec2(clear_width, 0))) {
      ui.query.clear();
      ui.applied.clear();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show every item again");
  }

  if (searching) {
    ImGui::Text("%lld%s matches", static_cast<long long>(model.count), model.next >= 0 ? "+" : "");
  } else {
    ImGui::Text("%lld items", static_cast<long long>(model.count));
  }
  // The relabel queue as a filter: items with an outdated label.
  ImGui::SameLine();
  if (ImGui::SmallButton("to relabel")) ui.query = ui.applied = "is:relabel";
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Items whose label was made under a category since split or retired");
  // The legend, wrapped in a narrow panel.
  struct Mark {
    const ImVec4& color;
    const char* mark;
    const char* what;
  };
  const Mark marks[] = {{colors::kGood, "\u2713", "yours"},
                        {colors::kDim, "\u2022", "others'"},
                        {colors::kWarn, "\u21B7", "skipped"}};
  for (const Mark& m : marks) {
    FlowNext(ImGui::CalcTextSize(m.mark).x + 4 + ImGui::CalcTextSize(m.what).x, false);
    ImGui::TextColored(m.color, "%s", m.mark);
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("%s", m.what);
  }
  if (!model.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (searching && model.count == 0 && model.error.empty())
    ImGui::TextDisabled("No item matches.");
  ImGui::Separator();

  ImGui::BeginChild("rows", ImVec2(0, 0), false);
  const float row_height = ImGui::GetTextLineHeightWithSpacing();
  const float view_height = ImGui::GetWindowHeight();
  const int64_t selected_index = model.IndexOf(selection.ord);
  if (selection.ord >= 0 && ui.followed != selection.ord && selected_index >= 0) {
    // Keep the current item in view when it moves (Enter, Skip, arrow keys).
    ui.followed = selection.ord;
    float y = static_cast<float>(selected_index) * row_height;
    float top = ImGui::GetScrollY();
    if (y < top || y + row_height > top + view_height)
      ImGui::SetScrollY(std::max(0.0f, y - view_height * 0.3f));
  }

  const float mark_width = ImGui::CalcTextSize("\u2713").x + ImGui::GetStyle().ItemSpacing.x;
  ImFont* mono = MonoFont();
  const float id_width = [&] {
    ImGui::PushFont(mono);
    float w = ImGui::CalcTextSize("T-000000").x;
    ImGui::PopFont();
    return w;
  }();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(std::min<int64_t>(model.count, INT32_MAX)), row_height);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const ItemListRow* row = model.At(i);
      if (row == nullptr) {
        // Fetched before the next frame.
        ImGui::TextDisabled("\u2026");
        continue;
      }
      ImGui::PushID(row->id.c_str());
      float x = ImGui::GetCursorPosX();
      if (ImGui::Selectable("##row", row->ord == selection.ord) && row->ord != selection.ord)
        out.Push(SelectItem{.ord = row->ord});
      if (ImGui::IsItemHovered() && !row->preview.empty())
        ImGui::SetTooltip("%s", row->preview.c_str());
      ImGui::SameLine();
      ImGui::SetCursorPosX(x);
      if (row->mine) {
        ImGui::TextColored(colors::kGood, "\u2713");
      } else if (row->skipped) {
        ImGui::TextColored(colors::kWarn, "\u21B7");
      } else if (row->others) {
        ImGui::TextColored(colors::kDim, "\u2022");
      } else {
        ImGui::TextUnformatted("");
      }
      ImGui::SameLine(x + mark_width);
      ImGui::PushFont(mono);
      ImGui::TextColored(colors::kAccent, "%s", row->id.c_str());
      ImGui::PopFont();
      float id_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX();
      ImGui::SameLine(std::max(x + mark_width + id_width, id_end) +
                      ImGui::GetStyle().ItemSpacing.x);
      // Cut to the panel's width with an ellipsis; the whole start shows on hover.
      ImGui::TextUnformatted(FitText(row->preview, ImGui::GetContentRegionAvail().x).c_str());
      ImGui::PopID();
    }
  }
  clipper.End();
  ui.visible_first = static_cast<int64_t>(std::floor(ImGui::GetScrollY() / row_height));
  ui.visible_count = static_cast<int64_t>(std::ceil(view_height / row_height)) + 1;
  ImGui::EndChild();
}

}  // namespace taxa::gui
