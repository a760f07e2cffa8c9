#include "gui/item_panel.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>

#include "gui/flow.h"
#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "session/items.h"
#include "session/labeling.h"
#include <nlohmann/json.hpp>

namespace taxa::gui {

namespace {

std::vector<std::pair<std::string, std::string>> MetaFields(const std::string& meta_json) {
  std::vector<std::pair<std::string, std::string>> out;
  nlohmann::json meta = nlohmann::json::parse(meta_json, nullptr, /*allow_exceptions=*/false);
  if (!meta.is_object()) return out;
  for (auto it = meta.begin(); it != meta.end(); ++it)
    out.emplace_back(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
  return out;
}

std::string JoinNames(const TaxonomyModel& taxonomy, const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + taxonomy.DisplayName(id);
  return out;
}

int64_t Pow10(int n) {
  int64_t out = 1;
  while (n-- > 0) out *= 10;
  return out;
}

// A new project: where its items and categories come from.
void DrawGettingStarted(const TaxonomyModel& taxonomy, ItemUi& ui, Commands& out) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(colors::kAccent, "This project has no items yet");
  ImGui::TextDisabled(
      "Import a JSON Lines file ({\"id\": ..., \"text\": ..., \"meta\": {...}} per line) or a "
      "CSV file (id, text and metadata columns):");
  ImGui::PopTextWrapPos();
  const char* label = "Import";
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ButtonWidth(label) -
                          ImGui::GetStyle().ItemSpacing.x);
  bool import = ImGui::InputTextWithHint("##import", "/path/to/items.jsonl", &ui.import_path,
                                         ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  import |= ImGui::Button(label);
  if (import) out.Push(ImportItems{.path = ui.import_path});
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("or, in a terminal in the project folder: taxa import FILE");
  if (taxonomy.taxonomy.size() == 0) {
    ImGui::Spacing();
    ImGui::TextColored(colors::kAccent, "and no categories yet");
    ImGui::TextDisabled(
        "Add them in a terminal in the project folder: taxa taxonomy add ID --name NAME "
        "--definition TEXT (taxa taxonomy --help lists the rest: attributes, moves, "
        "releases). They appear on the right as they are added.");
  }
  ImGui::PopTextWrapPos();
}

// "Severity: high · Product: Pulse 2", attribute names from the taxonomy.
std::string AttributeLine(const TaxonomyModel& taxonomy,
                          const std::map<std::string, std::string>& attributes) {
  std::string out;
  for (const auto& [id, value] : attributes) {
    const core::Attribute* a = taxonomy.taxonomy.FindAttribute(id);
    out += (out.empty() ? "" : "  \u00B7  ") + (a != nullptr && !a->name.empty() ? a->name : id) +
           ": " + value;
  }
  return out;
}

// Buttons for the chosen categories, wrapped onto as many lines as they need;
// clicking one removes it.
void DrawChosen(const TaxonomyModel& taxonomy, LabelDraft& draft) {
  if (draft.chosen.empty()) {
    ImGui::TextDisabled("none yet: press 1-9 or 0, / to find one, or tick them on the right");
    return;
  }
  std::string remove;
  for (size_t i = 0; i < draft.chosen.size(); ++i) {
    const std::string& id = draft.chosen[i];
    std::string label = taxonomy.DisplayName(id) + "  \u00D7";
    FlowNext(ButtonWidth(label), i == 0);
    ImGui::PushID(id.c_str());
    if (ImGui::Button(label.c_str())) remove = id;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove %s", taxonomy.DisplayName(id).c_str());
    ImGui::PopID();
  }
  if (!remove.empty()) draft.Toggle(remove);
}

void DrawOtherLabels(const ItemModel& model, const TaxonomyModel& taxonomy, ItemUi& ui) {
  ImGui::TextColored(colors::kAccent, "Labels by others");
  if (model.blind && model.may_reveal && !model.mine) {
    // Blind labeling withholds them; a lead or reviewer may look anyway.
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::Checkbox("show them before I label (lead, reviewer)", &ui.reveal);
  }
  ImGui::Separator();
  if (!model.others_hidden.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kDim, "%zu %s withheld: %s", model.withheld,
                       model.withheld == 1 ? "label" : "labels", model.others_hidden.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (model.others.empty()) {
    ImGui::TextDisabled("No one else has labeled this item.");
    return;
  }
  ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("others", 3, flags)) return;
  ImGui::TableSetupColumn("Annotator", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Categories", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Note", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  for (const core::CurrentLabel& label : model.others) {
    ImGui::PushID(label.annotator.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label.annotator.c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    if (label.categories.empty()) {
      ImGui::TextDisabled("(cleared)");
    } else {
      ImGui::TextUnformatted(JoinNames(taxonomy, label.categories).c_str());
    }
    if (!label.attributes.empty())
      ImGui::TextColored(colors::kDim, "%s", AttributeLine(taxonomy, label.attributes).c_str());
    ImGui::PopTextWrapPos();
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(label.note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

constexpr std::pair<const char*, const char*> kHints[] = {
    {"1-9 0", "tick"},   {"Shift+1-9", "open"}, {"/", "find"},       {"Backspace", "up"},
    {"A", "attributes"}, {"N", "note"},         {"Enter", "submit"}, {"Tab", "skip"},
    {"Del", "clear"},    {"Ctrl+Z", "undo"},    {"\u2191\u2193", "move"}, {"Ctrl+F", "search"},
    {"Ctrl+S", "save"},
};

// The keys of the workspace, each key in the accent colour, wrapped to
// `width`. Returns the height they take; draws them only with `draw`.
float KeyHints(float width, bool draw) {
  const float gap = ImGui::GetFontSize();
  const float inner = ImGui::GetStyle().ItemSpacing.x * 0.5f;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  float x = 0;
  int lines = 1;
  for (size_t i = 0; i < std::size(kHints); ++i) {
    auto [key, what] = kHints[i];
    const float w = ImGui::CalcTextSize(key).x + inner + ImGui::CalcTextSize(what).x;
    const bool wrap = i > 0 && x + gap + w > width;
    if (wrap) {
      ++lines;
      x = 0;
    } else if (i > 0) {
      x += gap;
    }
    if (draw) {
      if (i > 0 && !wrap) ImGui::SameLine(0, gap);
      ImGui::TextColored(colors::kAccent, "%s", key);
      ImGui::SameLine(0, inner);
      ImGui::TextDisabled("%s", what);
    }
    x += w;
  }
  return static_cast<float>(lines) * line;
}

}  // namespace

void RefreshItem(app::Project& session, uint64_t generation, const Selection& selection,
                 const ItemUi& ui, ItemModel& model) {
  if (model.built && model.generation == generation && model.revision == session.revision() &&
      model.built_for == selection && model.revealed == ui.reveal)
    return;
  model = {};
  model.generation = generation;
  model.revision = session.revision();
  model.built_for = selection;
  model.built = true;
  model.revealed = ui.reveal;
  model.annotator = session.user();
  model.writable = session.writable();
  app::Labeling labeling(session);
  model.blind = session.settings().blind_labels;
  model.may_reveal = labeling.MayReveal();
  model.undoable = labeling.undoable();
  Result<app::LabelingProgress> progress = labeling.Progress();
  if (!progress.ok()) {
    model.error = progress.status().message();
    return;
  }
  model.item_count = progress->items;
  model.labeled_by_me = progress->labeled_by_me;
  if (selection.item.empty()) return;

  Result<std::optional<core::ItemRow>> row = app::Items(session).Find(selection.item);
  if (!row.ok()) {
    model.error = row.status().message();
    return;
  }
  if (!*row) {
    model.error = "item " + selection.item + " is no longer in the project";
    return;
  }
  model.row = std::move(**row);
  model.meta = MetaFields(model.row->item.meta_json);
  Result<app::ItemLabels> labels = labeling.LabelsOf(selection.item, ui.reveal);
  if (!labels.ok()) {
    model.error = labels.status().message();
    return;
  }
  model.mine = std::move(labels->mine);
  model.others = std::move(labels->others);
  model.others_hidden = std::move(labels->withheld_why);
  model.withheld = labels->withheld;
  Result<std::vector<std::string>> skipped = labeling.Skipped();
  if (!skipped.ok()) {
    model.error = skipped.status().message();
    return;
  }
  model.skipped = std::binary_search(skipped->begin(), skipped->end(), selection.item);
}

void SyncDraft(const ItemModel& model, LabelDraft& draft) {
  std::string item = model.row ? model.row->item.id : std::string();
  if (draft.item == item) return;
  draft = {};
  draft.item = item;
  draft.shown = std::chrono::steady_clock::now();
  if (model.mine) {
    draft.chosen = model.mine->categories;
    draft.attributes = model.mine->attributes;
    draft.note = model.mine->note;
  }
}

std::string ProgressPercent(int64_t done, int64_t total) {
  if (total <= 0 || done <= 0) return "0%";
  if (done >= total) return "100%";
  // Whole percents from 10%, one decimal from 1%, below that as many as the
  // first digit that is not zero needs.
  int decimals = 0;
  if (done * 10 < total) {
    decimals = 1;
    while (decimals < 9 && done * 100 * Pow10(decimals) < total) ++decimals;
  }
  // Integer arithmetic: floor(done / total * 100 * 10^decimals), exactly.
  __extension__ typedef unsigned __int128 Wide;  // GCC's; __extension__ quiets -Wpedantic
  const Wide scaled = static_cast<Wide>(done) * 100u * static_cast<Wide>(Pow10(decimals)) /
                      static_cast<Wide>(total);
  const int64_t units = static_cast<int64_t>(scaled);
  std::string text = std::to_string(units / Pow10(decimals));
  if (decimals > 0) {
    std::string fraction = std::to_string(units % Pow10(decimals));
    text += "." + std::string(static_cast<size_t>(decimals) - fraction.size(), '0') + fraction;
  }
  return text + "%";
}

void PushSubmit(const ItemModel& model, const LabelDraft& draft, const AttributeForm& form,
                Commands& out) {
  if (!model.row || draft.item != model.row->item.id) return;
  out.Push(SubmitLabel{.item = draft.item,
                       .ord = model.row->ord,
                       .categories = draft.chosen,
                       .attributes = form.Values(draft),
                       .note = draft.note,
                       .duration_ms = draft.ElapsedMs()});
}

void DrawItemPanel(const ItemModel& model, const TaxonomyModel& taxonomy, const AttributeForm& form,
                   LabelDraft& draft, ItemUi& ui, Commands& out) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float hints = KeyHints(ImGui::GetContentRegionAvail().x, false);
  // In a short window the item keeps the height and the keys scroll with it.
  const bool footer = ImGui::GetContentRegionAvail().y >= hints * 6;
  ImGui::BeginChild("body", ImVec2(0, footer ? -(hints + style.ItemSpacing.y) : 0.0f), false);

  // Progress first: it answers "how far am I" at a glance.
  float fraction = model.item_count > 0 ? static_cast<float>(model.labeled_by_me) /
                                              static_cast<float>(model.item_count)
                                        : 0.0f;
  ImGui::Text("Labeled %lld of %lld by %s", static_cast<long long>(model.labeled_by_me),
              static_cast<long long>(model.item_count), model.annotator.c_str());
  if (!model.writable) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kWarn, "(read-only: another process holds the project)");
  }
  const std::string percent = ProgressPercent(model.labeled_by_me, model.item_count);
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), percent.c_str());
  ImGui::Separator();

  if (!model.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!model.row) {
    if (model.error.empty() && model.item_count == 0) {
      DrawGettingStarted(taxonomy, ui, out);
    } else if (model.error.empty()) {
      ImGui::TextDisabled("Choose an item on the left.");
    }
    ImGui::EndChild();
    return;
  }
  const core::Item& item = model.row->item;

  ImGui::PushFont(MonoFont());
  ImGui::TextColored(colors::kAccent, "%s", item.id.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("item %lld of %lld", static_cast<long long>(model.row->ord + 1),
                      static_cast<long long>(model.item_count));
  if (model.mine && !model.mine->categories.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kGood, "\u2713 labeled by you");
  }
  if (!model.meta.empty()) {
    std::string line;
    for (const auto& [key, value] : model.meta)
      line += (line.empty() ? "" : "   \u00B7   ") + key + ": " + value;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kDim, "%s", line.c_str());
    ImGui::PopTextWrapPos();
  }

  // The text, in a framed box sized to fit it (up to 40% of the panel, then scrolling).
  std::string text = item.text.empty() ? "[media] " + item.media_path : item.text;
  float inner_width = ImGui::GetContentRegionAvail().x - style.WindowPadding.x * 2;
  float text_height = ImGui::CalcTextSize(text.c_str(), nullptr, false, inner_width).y;
  float box_height = std::clamp(
      text_height + style.WindowPadding.y * 2 + 2, ImGui::GetTextLineHeightWithSpacing() * 3,
      std::max(ImGui::GetContentRegionAvail().y * 0.4f, ImGui::GetTextLineHeightWithSpacing() * 3));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.102f, 0.110f, 0.129f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, style.WindowPadding);
  ImGui::BeginChild("text", ImVec2(0, box_height), true);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();

  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "Your label");
  ImGui::Separator();
  DrawChosen(taxonomy, draft);
  if (DrawAttributeForm(form, draft)) PushSubmit(model, draft, form, out);
  ImGui::SetNextItemWidth(-1);
  // Not a Tab stop: Tab is the Skip key, not "focus the note".
  ImGui::PushAllowKeyboardFocus(false);
  if (draft.focus_note) {
    ImGui::SetKeyboardFocusHere();
    draft.focus_note = false;
  }
  // One Enter in the note submits the label (without categories it only
  // leaves the field: there is nothing to submit yet).
  if (ImGui::InputTextWithHint("##note", "note for reviewers (optional)", &draft.note,
                               ImGuiInputTextFlags_EnterReturnsTrue) &&
      !draft.chosen.empty())
    PushSubmit(model, draft, form, out);
  ImGui::PopAllowKeyboardFocus();

  bool can_submit = !draft.chosen.empty() && model.writable;
  // The buttons wrap in a narrow window rather than run off it.
  auto button = [](const char* label, bool enabled, bool first) {
    FlowNext(ButtonWidth(label), first);
    if (!enabled) ImGui::BeginDisabled();
    bool pressed = ImGui::Button(label);
    if (!enabled) ImGui::EndDisabled();
    return pressed;
  };
  if (button("Submit  (Enter)", can_submit, true)) PushSubmit(model, draft, form, out);
  if (button("Skip  (Tab)", true, false)) out.Push(SkipItem{.ord = model.row->ord, .item = item.id});
  if (button("Clear  (Del)", model.mine.has_value(), false)) out.Push(ClearLabel{.item = item.id});
  if (button("Undo  (Ctrl+Z)", model.undoable > 0, false)) out.Push(UndoLabel{});
  if (model.skipped) {
    FlowNext(ImGui::CalcTextSize("skipped").x + ButtonWidth("unskip"), false);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(colors::kWarn, "skipped");
    ImGui::SameLine();
    if (ImGui::Button("unskip")) out.Push(UnskipItem{.item = item.id});
  }
  if (model.mine && !model.mine->categories.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("saved: %s", JoinNames(taxonomy, model.mine->categories).c_str());
    ImGui::PopTextWrapPos();
  }

  ImGui::Spacing();
  ImGui::Spacing();
  DrawOtherLabels(model, taxonomy, ui);
  if (!footer) {
    ImGui::Spacing();
    ImGui::Separator();
    KeyHints(ImGui::GetContentRegionAvail().x, true);
  }
  ImGui::EndChild();

  if (footer) {
    ImGui::Separator();
    KeyHints(ImGui::GetContentRegionAvail().x, true);
  }
}

}  // namespace taxa::gui
