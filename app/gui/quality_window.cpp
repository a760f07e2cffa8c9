// The Quality window's drawing (quality_window.h): its tabs and tables; the
// bars and the heatmap are in quality_plots.cpp, the model in quality_model.cpp.
#include <algorithm>
#include <cstdio>
#include <set>

#include "gui/quality_plots.h"
#include "gui/quality_window.h"
#include "gui/choice_combo.h"
#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

std::string Fixed(double v, int digits = 3) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

std::string NameOf(const QualityOverview& o, const std::string& id) {
  auto it = o.names.find(id);
  return it != o.names.end() && !it->second.empty() ? it->second : id;
}

void Note(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kDim);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void ErrorLine(const std::string& text) {
  if (text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kError);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

constexpr ImGuiTableFlags kTableFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                        ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingFixedFit;

void DrawAgreement(const QualityOverview& o) {
  const float em = ImGui::GetFontSize();
  if (o.outdated_labels > 0)
    Note(std::to_string(o.outdated_labels) +
         " outdated labels (made under a category since split or retired) are left out of "
         "every figure here until they are relabeled: see \"to relabel\" in the item list.");
  if (!o.overall) {
    if (o.annotators.size() < 2) {
      // Not a failure: agreement needs a second annotator on the same items.
      Note(o.annotators.empty()
               ? "No labels yet. Agreement is measured once two annotators have labeled the "
                 "same items."
               : "Only " + o.annotators.front() +
                     " has labeled so far. Agreement is measured once a second annotator has "
                     "labeled some of the same items.");
      return;
    }
    ErrorLine(o.overall_error);
    return;
  }
  const app::AgreeRow& all = *o.overall;
  std::vector<const app::AgreeRow*> rows = {&all};
  for (const app::AgreeRow& r : o.per_category) rows.push_back(&r);
  Axis axis = AxisFor(rows);

  ImGui::TextColored(colors::kDim,
                     "Krippendorff's alpha, nominal, with a %.0f%% bootstrap interval",
                     kQualityCiLevel * 100);
  ImGui::PushFont(HeadingFont());
  ImGui::TextColored(Defined(all) ? AlphaColor(all.report.value) : colors::kWarn, "%s",
                     FormatAlpha(all).c_str());
  ImGui::PopFont();
  ImGui::SameLine(0, em);
  ImGui::BeginGroup();
  ImGui::Text("%s", FormatInterval(all).c_str());
  ImGui::TextColored(colors::kDim, "%zu items, %zu pairable values, %zu resamples",
                     all.report.items, all.report.pairable_values, all.report.resamples);
  ImGui::EndGroup();
  ImGui::SameLine(0, em * 2);
  ImGui::BeginGroup();
  AlphaBar(all, axis, ImGui::GetFrameHeight() * 1.2f);
  AxisTicks(axis);
  ImGui::EndGroup();
  if (!all.report.note.empty()) Note(all.report.note);
  Note(
      "Reliable at 0.800 or more, tentative from 0.667 (Krippendorff 2004): the faint lines "
      "on each bar. The whisker is the interval.");

  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "Per category (one against the rest)");
  ErrorLine(o.breakdown_error);
  if (!o.per_category.empty() && ImGui::BeginTable("categories", 5, kTableFlags)) {
    // As wide as the longest name (up to a third of the window): never cut.
    float name_width = ImGui::CalcTextSize("Category").x;
    for (const app::AgreeRow& row : o.per_category)
      name_width = std::max(name_width, ImGui::CalcTextSize(NameOf(o, row.slice).c_str()).x);
    name_width = std::min(name_width, ImGui::GetContentRegionAvail().x / 3);
    ImGui::TableSetupColumn("Category", ImGuiTableColumnFlags_WidthFixed, name_width);
    ImGui::TableSetupColumn("alpha", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
    ImGui::TableSetupColumn("95% interval", ImGuiTableColumnFlags_WidthFixed, em * 8);
    ImGui::TableSetupColumn("items", ImGuiTableColumnFlags_WidthFixed, em * 3);
    ImGui::TableHeadersRow();
    for (const app::AgreeRow& row : o.per_category) {
      ImGui::PushID(row.slice.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);  // a name longer than a third of the window wraps
      ImGui::TextUnformatted(NameOf(o, row.slice).c_str());
      ImGui::PopTextWrapPos();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.slice.c_str());
      ImGui::TableNextColumn();
      AlphaBar(row, axis, ImGui::GetTextLineHeight());
      ImGui::TableNextColumn();
      if (Defined(row))
        ImGui::TextColored(AlphaColor(row.report.value), "%s", FormatAlpha(row).c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(colors::kDim, "%s", FormatInterval(row).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", row.report.items);
      ImGui::PopID();
    }
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(1);
    AxisTicks(axis);
    ImGui::EndTable();
  }

  if (o.pairs.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "Annotator pairs");
  if (!ImGui::BeginTable("pairs", 4, kTableFlags)) return;
  ImGui::TableSetupColumn("Pair", ImGuiTableColumnFlags_WidthFixed, em * 11);
  ImGui::TableSetupColumn("Cohen's kappa", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("agree", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("items both labeled", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const app::AgreeRow& row : o.pairs) {
    ImGui::PushID(row.slice.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    std::string pair = row.slice;
    if (size_t comma = pair.find(','); comma != std::string::npos)
      pair = pair.substr(0, comma) + " \u00b7 " + pair.substr(comma + 1);
    ImGui::TextUnformatted(pair.c_str());
    ImGui::TableNextColumn();
    if (Defined(row)) {
      ImGui::TextColored(colors::kAccent, "%s", FormatAlpha(row).c_str());
    } else {
      ImGui::TextColored(colors::kWarn, "undefined");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.error.c_str());
    }
    ImGui::TableNextColumn();
    if (row.percent) ImGui::Text("%.0f%%", *row.percent * 100);
    ImGui::TableNextColumn();
    ImGui::Text("%zu", row.report.items);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void DrawConfusion(const QualityModel& model, QualityUi& ui) {
  const QualityOverview& o = model.overview;
  const float em = ImGui::GetFontSize();
  std::vector<std::string> rows = o.annotators;
  if (o.has_gold) rows.insert(rows.begin(), kGoldChoice);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Rows");
  ImGui::SameLine();
  ChoiceCombo("##a", rows, ui.a, em * 9);
  ImGui::SameLine(0, em);
  ImGui::TextUnformatted("against columns");
  ImGui::SameLine();
  ChoiceCombo("##b", o.annotators, ui.b, em * 9);
  const QualityConfusion& c = model.confusion;
  if (c.a != ui.a || c.b != ui.b) {
    ImGui::SameLine(0, em);
    ImGui::TextColored(colors::kDim, "computing...");
  }
  ImGui::Spacing();
  ErrorLine(c.error);
  if (!c.report) return;
  const core::ConfusionReport& r = *c.report;
  ImGui::TextColored(colors::kDim, "%llu items labeled by both; they agree on %.0f%%.",
                     static_cast<unsigned long long>(r.total), r.accuracy * 100);
  ImGui::Spacing();
  std::vector<std::string> names;
  for (const std::string& c : r.categories) names.push_back(NameOf(o, c));
  DrawHeatmap(r, names);
  std::vector<core::ConfusedPair> confused = core::MostConfusedPairs(r, 5);
  if (confused.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "Most confused");
  for (const core::ConfusedPair& p : confused)
    ImGui::Text("%s \u2194 %s: %llu  (%llu + %llu)", NameOf(o, p.a).c_str(), NameOf(o, p.b).c_str(),
                static_cast<unsigned long long>(p.total), static_cast<unsigned long long>(p.a_as_b),
                static_cast<unsigned long long>(p.b_as_a));
}

void DrawStandings(const QualityOverview& o) {
  const float em = ImGui::GetFontSize();
  Note(
      "Each annotator's labels against the majority label of the items with two or more "
      "labels; tied items are left out.");
  ErrorLine(o.standings_error);
  if (o.standings.annotators.empty()) return;
  ImGui::TextColored(colors::kDim, "%zu labeled items; %zu with a tied majority (left out)",
                     o.standings.items, o.standings.tied_items);
  if (!ImGui::BeginTable("standings", 5, kTableFlags)) return;
  ImGui::TableSetupColumn("Annotator", ImGuiTableColumnFlags_WidthFixed, em * 9);
  ImGui::TableSetupColumn("labeled", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
  ImGui::TableSetupColumn("compared", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("disagree", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("disagreement rate", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const app::AnnotatorStanding& s : o.standings.annotators) {
    ImGui::PushID(s.annotator.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(colors::kAccent, "%s", s.annotator.c_str());
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu", s.labeled);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu", s.compared);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu", s.disagreements);
    ImGui::TableNextColumn();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f%%", s.disagreement_rate * 100);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram,
                          s.disagreement_rate > 0.25 ? colors::kWarn : colors::kAccent);
    ImGui::ProgressBar(static_cast<float>(s.disagreement_rate),
                       ImVec2(std::min(ImGui::GetContentRegionAvail().x, em * 20), 0), rate);
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

const app::AgreeRow* FindRow(const std::optional<app::CalibrationReport>& r,
                             const std::string& kind, const std::string& slice) {
  if (!r) return nullptr;
  const std::vector<app::AgreeRow>& rows = kind == "overall" ? r->overall : r->per_category;
  for (const app::AgreeRow& row : rows)
    if (kind == "overall" || row.slice == slice) return &row;
  return nullptr;
}

void AlphaCell(const app::AgreeRow* row) {
  if (row == nullptr) {
    ImGui::TextColored(colors::kDim, "-");
  } else if (!Defined(*row)) {
    ImGui::TextColored(colors::kWarn, "undefined");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row->error.c_str());
  } else {
    ImGui::TextColored(AlphaColor(row->report.value), "%s", FormatAlpha(*row).c_str());
    ImGui::SameLine();
    ImGui::TextColored(colors::kDim, "%s", FormatInterval(*row).c_str());
  }
}

void DrawRoundsTable(const QualityOverview& o) {
  const float em = ImGui::GetFontSize();
  if (!ImGui::BeginTable("rounds", 5, kTableFlags)) return;
  ImGui::TableSetupColumn("Round", ImGuiTableColumnFlags_WidthFixed, em * 9);
  ImGui::TableSetupColumn("created", ImGuiTableColumnFlags_WidthFixed, em * 10);
  ImGui::TableSetupColumn("by", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("items", ImGuiTableColumnFlags_WidthFixed, em * 3);
  ImGui::TableSetupColumn("annotators", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const app::CalibrationRound& r : o.rounds) {
    ImGui::PushID(r.name.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(colors::kAccent, "%s", r.name.c_str());
    ImGui::TableNextColumn();
    // "2026-12-04T14:32:29Z" as "2026-12-04 14:32 UTC".
    std::string when = r.created.substr(0, 16);
    if (when.size() == 16 && when[10] == 'T') when = when.replace(10, 1, " ") + " UTC";
    ImGui::TextColored(colors::kDim, "%s", when.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.created_by.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu", r.items.size());
    ImGui::TableNextColumn();
    std::string who;
    for (const std::string& a : r.annotators) who += (who.empty() ? "" : ", ") + a;
    ImGui::TextUnformatted(who.c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void DrawCalibration(const QualityModel& model, QualityUi& ui) {
  const QualityOverview& o = model.overview;
  const QualityCalibration& c = model.calibration;
  const float em = ImGui::GetFontSize();
  ErrorLine(o.rounds_error);
  if (o.rounds.empty()) {
    Note(
        "No calibration rounds yet. Start one with `taxa calibrate start NAME --items 30 "
        "--annotators a,b,c`; its annotators see it while labeling.");
    return;
  }
  DrawRoundsTable(o);
  ImGui::Spacing();
  std::vector<std::string> names;
  for (const app::CalibrationRound& r : o.rounds) names.push_back(r.name);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Compare");
  ImGui::SameLine();
  ChoiceCombo("##first", names, ui.first, em * 9);
  ImGui::SameLine();
  ImGui::TextUnformatted("with");
  ImGui::SameLine();
  ChoiceCombo("##second", names, ui.second, em * 9);
  ErrorLine(c.error);
  if (!c.first_report) return;

  // The rows: the comparison's when there are two rounds, else the one round's.
  std::vector<std::pair<std::string, std::string>> slices = {{"overall", ""}};
  for (const app::AgreeRow& r : c.first_report->per_category)
    slices.push_back({"category", r.slice});
  if (c.second_report) {
    slices.clear();
    for (const app::RoundChange& ch : c.changes) slices.push_back({ch.kind, ch.slice});
  }
  const int columns = c.second_report ? 4 : 2;
  if (ImGui::BeginTable("compare", columns, kTableFlags)) {
    ImGui::TableSetupColumn("alpha (95% interval)", ImGuiTableColumnFlags_WidthFixed, em * 11);
    ImGui::TableSetupColumn(c.first.c_str(), ImGuiTableColumnFlags_WidthStretch);
    if (c.second_report) {
      ImGui::TableSetupColumn(c.second.c_str(), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("change", ImGuiTableColumnFlags_WidthFixed, em * 5);
    }
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < slices.size(); ++i) {
      const auto& [kind, slice] = slices[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (kind == "overall") {
        ImGui::TextUnformatted("overall");
      } else {
        ImGui::TextUnformatted(NameOf(o, slice).c_str());
      }
      ImGui::TableNextColumn();
      AlphaCell(FindRow(c.first_report, kind, slice));
      if (c.second_report) {
        ImGui::TableNextColumn();
        AlphaCell(FindRow(c.second_report, kind, slice));
        ImGui::TableNextColumn();
        const app::RoundChange& ch = c.changes[i];
        if (ch.first && ch.second) {
          double d = *ch.second - *ch.first;
          ImGui::TextColored(d >= 0 ? colors::kGood : colors::kError, "%+.3f", d);
        } else {
          ImGui::TextColored(colors::kDim, "-");
        }
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  // Who labeled how much of each round, and how often against its majority.
  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "Annotators in the rounds");
  const app::CalibrationReport* reports[] = {&*c.first_report,
                                             c.second_report ? &*c.second_report : nullptr};
  if (!ImGui::BeginTable("round_annotators", c.second_report ? 3 : 2, kTableFlags)) return;
  ImGui::TableSetupColumn("Annotator", ImGuiTableColumnFlags_WidthFixed, em * 11);
  for (const app::CalibrationReport* r : reports)
    if (r != nullptr)
      ImGui::TableSetupColumn(r->round.name.c_str(), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  std::set<std::string> who;
  for (const app::CalibrationReport* r : reports)
    if (r != nullptr)
      for (const app::AnnotatorStanding& s : r->annotators) who.insert(s.annotator);
  for (const std::string& a : who) {
    ImGui::PushID(a.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.c_str());
    for (const app::CalibrationReport* r : reports) {
      if (r == nullptr) continue;
      ImGui::TableNextColumn();
      auto s = std::find_if(r->annotators.begin(), r->annotators.end(),
                            [&](const app::AnnotatorStanding& x) { return x.annotator == a; });
      if (s == r->annotators.end()) {
        ImGui::TextColored(colors::kDim, "not in this round");
      } else {
        ImGui::Text("%zu of %zu labeled", s->labeled, r->round.items.size());
        ImGui::SameLine();
        ImGui::TextColored(colors::kDim, "\u00b7 %.0f%% off the majority",
                           s->disagreement_rate * 100);
      }
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

std::string FormatAlpha(const app::AgreeRow& row) {
  return Defined(row) ? Fixed(row.report.value) : "-";
}

std::string FormatInterval(const app::AgreeRow& row) {
  if (!Defined(row) || !row.report.ci) return "";
  return "[" + Fixed(row.report.ci->first, 2) + ", " + Fixed(row.report.ci->second, 2) + "]";
}

void DrawQualityWindow(const QualityModel& model, QualityUi& ui, bool computing, Commands& out) {
  (void)out;  // the window only reads the project
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Quality");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  if (computing) {
    ImGui::TextColored(colors::kWarn, "computing agreement on the worker thread...");
  } else if (model.built) {
    const size_t n = model.overview.annotators.size();
    ImGui::TextColored(colors::kDim, "%zu %s \u00b7 the project's current labels", n,
                       n == 1 ? "annotator" : "annotators");
  }
  const char* back = "Back to labeling";
  float back_width = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_width);
  if (ImGui::Button(back)) ui.visible = false;
  if (!model.built) {
    ImGui::TextColored(colors::kDim, "Working out the numbers...");
    return;
  }

  if (!ImGui::BeginTabBar("quality_tabs")) return;
  struct Tab {
    const char* title;
    QualityTab tab;
  };
  constexpr Tab kTabs[] = {{"Agreement", QualityTab::kAgreement},
                           {"Confusion", QualityTab::kConfusion},
                           {"Annotators vs consensus", QualityTab::kAnnotators},
                           {"Calibration rounds", QualityTab::kCalibration}};
  for (const Tab& t : kTabs) {
    ImGuiTabItemFlags flags = ui.open_tab == t.tab ? ImGuiTabItemFlags_SetSelected : 0;
    if (!ImGui::BeginTabItem(t.title, nullptr, flags)) continue;
    ui.tab = t.tab;
    ImGui::BeginChild("tab_body", ImVec2(0, 0), false);
    ImGui::Spacing();
    switch (t.tab) {
      case QualityTab::kAgreement:
        DrawAgreement(model.overview);
        break;
      case QualityTab::kConfusion:
        DrawConfusion(model, ui);
        break;
      case QualityTab::kAnnotators:
        DrawStandings(model.overview);
        break;
      case QualityTab::kCalibration:
        DrawCalibration(model, ui);
        break;
    }
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  ui.open_tab.reset();
  ImGui::EndTabBar();
}

}  // namespace taxa::gui
