#include "gui/item_list.h"

#include <algorithm>
#include <cmath>

#include "gui/style.h"
#include "imgui.h"
#include "session/items.h"

namespace taxa::gui {

const ItemListRow* ItemListModel::Find(int64_t ord) const {
  if (ord < first || ord >= first + static_cast<int64_t>(rows.size())) return nullptr;
  return &rows[static_cast<size_t>(ord - first)];
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
  bool same_data = model.built && model.generation == generation &&
                   model.revision == session.revision() && model.count == item_count;
  int64_t count = item_count;
  int64_t need_first = std::clamp<int64_t>(ui.visible_first, 0, count);
  int64_t need_end = std::clamp<int64_t>(ui.visible_first + ui.visible_count, need_first, count);
  int64_t have_end = model.first + static_cast<int64_t>(model.rows.size());
  if (same_data && need_first >= model.first && need_end <= have_end) return;

  model = {};
  model.generation = generation;
  model.revision = session.revision();
  model.built = true;
  model.count = count;
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
  for (app::ItemSummary& r : *rows) {
    ItemListRow row;
    row.ord = r.row.ord;
    row.id = std::move(r.row.item.id);
    row.preview = r.row.item.text.empty() ? "[media] " + r.row.item.media_path
                                          : Preview(r.row.item.text, 160);
    row.mine = r.mine;
    row.others = r.others;
    model.rows.push_back(std::move(row));
  }
}

void DrawItemList(const ItemListModel& model, ItemListUi& ui, const Selection& selection,
                  Commands& out) {
  ImGui::Text("%lld items", static_cast<long long>(model.count));
  ImGui::SameLine();
  ImGui::TextColored(colors::kGood, "\u2713");
  ImGui::SameLine(0, 4);
  ImGui::TextDisabled("yours");
  ImGui::SameLine();
  ImGui::TextColored(colors::kDim, "\u2022");
  ImGui::SameLine(0, 4);
  ImGui::TextDisabled("others'");
  if (!model.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();

  ImGui::BeginChild("rows", ImVec2(0, 0), false);
  const float row_height = ImGui::GetTextLineHeightWithSpacing();
  const float view_height = ImGui::GetWindowHeight();
  if (selection.ord >= 0 && ui.followed != selection.ord) {
    // Keep the current item in view when it moves (Enter, Skip, arrow keys).
    ui.followed = selection.ord;
    float y = static_cast<float>(selection.ord) * row_height;
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
      const ItemListRow* row = model.Find(i);
      if (row == nullptr) {
        // Fetched before the next frame.
        ImGui::TextDisabled("\u2026");
        continue;
      }
      ImGui::PushID(row->id.c_str());
      float x = ImGui::GetCursorPosX();
      if (ImGui::Selectable("##row", row->ord == selection.ord) && row->ord != selection.ord)
        out.Push(SelectItem{.ord = row->ord});
      ImGui::SameLine();
      ImGui::SetCursorPosX(x);
      if (row->mine) {
        ImGui::TextColored(colors::kGood, "\u2713");
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
      ImGui::TextUnformatted(row->preview.c_str());
      ImGui::PopID();
    }
  }
  clipper.End();
  ui.visible_first = static_cast<int64_t>(std::floor(ImGui::GetScrollY() / row_height));
  ui.visible_count = static_cast<int64_t>(std::ceil(view_height / row_height)) + 1;
  ImGui::EndChild();
}

}  // namespace taxa::gui
