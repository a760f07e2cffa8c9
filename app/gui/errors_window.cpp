// The Error analysis window (errors_window.h).
#include "gui/errors_window.h"

#include <algorithm>
#include <cstdio>

#include "gui/quality_plots.h"
#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

std::string Pct(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", v * 100);
  return text;
}

constexpr core::DefectDimension kDimensions[] = {
    core::DefectDimension::kCategory, core::DefectDimension::kAnnotator,
    core::DefectDimension::kVendor, core::DefectDimension::kRule, core::DefectDimension::kRelease};

// The colour of a defect rate: the lower the better.
ImVec4 DefectColor(double rate) {
  return rate <= 0.05 ? colors::kGood : rate <= 0.15 ? colors::kWarn : colors::kError;
}

void Heading(const char* text) {
  ImGui::Spacing();
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

void DrawTable(const core::DefectReport& report, core::DefectDimension by) {
  const core::DefectBreakdown* breakdown = nullptr;
  for (const core::DefectBreakdown& b : report.breakdowns)
    if (b.by == by) breakdown = &b;
  std::vector<ErrorsTableRow> rows = ErrorsTableRows(report, by);
  if (breakdown == nullptr || rows.empty()) {
    ImGui::TextColored(colors::kDim, "No reviews to break down by %s.",
                       std::string(core::DefectDimensionName(by)).c_str());
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("defects_by", 6, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn(std::string(core::DefectDimensionName(by)).c_str(),
                          ImGuiTableColumnFlags_WidthFixed, em * 11);
  ImGui::TableSetupColumn("Reviewed", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("Defects", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("Rate", ImGuiTableColumnFlags_WidthFixed, em * 4);
  ImGui::TableSetupColumn("95% interval", ImGuiTableColumnFlags_WidthFixed, em * 8);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < rows.size(); ++i) {
    const core::DefectRow& r = breakdown->rows[i];
    ImGui::PushID(static_cast<int>(i));  // values may repeat across dimensions, never within one
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (r.value.empty())
      ImGui::TextColored(colors::kDim, "%s", rows[i].value.c_str());
    else
      ImGui::TextUnformatted(rows[i].value.c_str());
    if (ImGui::IsItemHovered() && ImGui::CalcTextSize(rows[i].value.c_str()).x > em * 11)
      ImGui::SetTooltip("%s", rows[i].value.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(rows[i].reviewed.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(rows[i].defects.c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(DefectColor(r.rate.rate), "%s", rows[i].rate.c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(colors::kDim, "%s", rows[i].interval.c_str());
    ImGui::TableNextColumn();
    IntervalBar(r.rate.rate, r.rate.low, r.rate.high, DefectColor(r.rate.rate),
                ImGui::GetTextLineHeight(),
                rows[i].value + ": " + rows[i].rate + " " + rows[i].interval);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

ErrorsKey ErrorsKeyFor(const ErrorsUi& ui, uint64_t generation, uint64_t revision) {
  return {.generation = generation, .revision = revision, .trend = ui.trend};
}

ErrorsData ReadErrors(app::Project& project, const ErrorsKey& key) {
  ErrorsData d;
  app::DefectReportRequest request;
  request.trend = key.trend;
  Result<app::DefectAnalysis> a = app::DefectReports(project).Report(request);
  if (a.ok()) {
    d.analysis = std::move(*a);
  } else {
    d.error = a.status().message();
  }
  return d;
}

Status StartErrorsRead(app::ProjectHost& host, const ErrorsKey& key, ErrorsWindow& errors) {
  return StartBackgroundRead(host, "Reading the defect report", key, errors.read, ReadErrors);
}

void RefreshErrorsWindow(app::Project& project, uint64_t generation, ErrorsWindow& errors) {
  ReadNow(project, ErrorsKeyFor(errors.ui, generation, project.revision()), errors.read,
          ReadErrors);
}

std::string FormatDefectRate(const core::DefectRow& row) {
  return Pct(row.rate.rate) + " (" + std::to_string(row.defects) + " of " +
         std::to_string(row.reviewed) + " reviewed defective)";
}

std::string FormatRateInterval(const core::RateInterval& r) {
  return "[" + Pct(r.low) + ", " + Pct(r.high) + "]";
}

std::vector<ErrorsTableRow> ErrorsTableRows(const core::DefectReport& report,
                                            core::DefectDimension by) {
  std::vector<ErrorsTableRow> rows;
  for (const core::DefectBreakdown& b : report.breakdowns) {
    if (b.by != by) continue;
    for (const core::DefectRow& r : b.rows)
      rows.push_back({.value = r.value.empty() ? "(none)" : r.value,
                      .reviewed = std::to_string(r.reviewed),
                      .defects = std::to_string(r.defects),
                      .rate = Pct(r.rate.rate),
                      .interval = FormatRateInterval(r.rate)});
  }
  return rows;
}

void DrawErrorsWindow(ErrorsWindow& errors, bool reading) {
  ErrorsUi& ui = errors.ui;
  const float em = ImGui::GetFontSize();
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Error analysis");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  if (reading)
    ImGui::TextColored(colors::kWarn, "reading the reviews...");
  else
    ImGui::TextColored(colors::kDim, "defects among the reviewed labels (latest review of each)");
  const char* back = "Back to labeling";
  float back_width = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_width);
  if (ImGui::Button(back)) ui.visible = false;

  const ErrorsData& d = errors.read.data;
  if (!errors.read.read_once()) {
    ImGui::TextColored(colors::kDim, "Reading...");
    return;
  }
  if (!d.error.empty()) {
    ImGui::TextColored(colors::kError, "%s", d.error.c_str());
    return;
  }
  if (!d.analysis) return;
  const core::DefectReport& r = d.analysis->report;
  if (r.overall.reviewed == 0) {
    ImGui::TextWrapped(
        "No reviews yet: draw a sampling plan (`taxa sample create NAME ...`) and review it in "
        "the Review window (F11).");
    return;
  }
  ImGui::BeginChild("errors_body", ImVec2(0, 0), false);
  // Overall.
  ImGui::Text("Defect rate");
  ImGui::SameLine();
  ImGui::TextColored(DefectColor(r.overall.rate.rate), "%s", FormatDefectRate(r.overall).c_str());
  ImGui::SameLine();
  ImGui::TextColored(colors::kDim, "95%% Wilson %s", FormatRateInterval(r.overall.rate).c_str());
  IntervalBar(r.overall.rate.rate, r.overall.rate.low, r.overall.rate.high,
              DefectColor(r.overall.rate.rate), ImGui::GetTextLineHeight(), "");
  std::string counts =
      std::to_string(r.review_events) + " review events: " + std::to_string(r.superseded) +
      " superseded by a later review, " + std::to_string(r.lot_decisions) + " lot decisions";
  if (d.analysis->unknown_labels > 0)
    counts += ", " + std::to_string(d.analysis->unknown_labels) + " of labels not found";
  ImGui::TextColored(colors::kDim, "%s", counts.c_str());

  // The table of one dimension.
  Heading("By");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 9);
  const std::string shown(core::DefectDimensionName(ui.dimension));
  if (ImGui::BeginCombo("##dimension", shown.c_str())) {
    for (core::DefectDimension dim : kDimensions) {
      const std::string name(core::DefectDimensionName(dim));
      if (ImGui::Selectable(name.c_str(), dim == ui.dimension)) ui.dimension = dim;
    }
    ImGui::EndCombo();
  }
  DrawTable(r, ui.dimension);

  // Pareto and trend side by side when there is room, else one under the other.
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool side = avail > em * 40;
  // The plots take the height left, at least 12 lines' worth.
  const float plot_h = std::max(em * 12, ImGui::GetContentRegionAvail().y - em * 5.5f);
  ImGui::BeginGroup();
  ImGui::BeginChild("pareto", ImVec2(side ? avail * 0.5f - em * 0.5f : 0, plot_h + em * 4.6f),
                    false, ImGuiWindowFlags_NoScrollbar);
  Heading("Error types (Pareto)");
  ImGui::TextColored(colors::kDim, "bars: defects naming each type; line: cumulative share");
  if (r.pareto.empty()) {
    ImGui::TextColored(colors::kDim, "No defect names an error type.");
  } else {
    std::vector<ParetoBar> bars;
    for (const core::ErrorTypeCount& e : r.pareto)
      bars.push_back({.label = e.error, .count = e.count, .cumulative = e.cumulative});
    DrawPareto(bars, plot_h);
  }
  if (r.untyped_defects > 0)
    ImGui::TextColored(colors::kDim, "%llu defects name no error type",
                       static_cast<unsigned long long>(r.untyped_defects));
  ImGui::EndChild();
  ImGui::EndGroup();
  if (side) ImGui::SameLine();
  ImGui::BeginChild("trend", ImVec2(0, plot_h + em * 4.6f), false, ImGuiWindowFlags_NoScrollbar);
  Heading("Trend");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 6);
  const char* period = ui.trend == core::TrendPeriod::kWeek ? "week" : "day";
  if (ImGui::BeginCombo("##period", period)) {
    if (ImGui::Selectable("day", ui.trend == core::TrendPeriod::kDay))
      ui.trend = core::TrendPeriod::kDay;
    if (ImGui::Selectable("week", ui.trend == core::TrendPeriod::kWeek))
      ui.trend = core::TrendPeriod::kWeek;
    ImGui::EndCombo();
  }
  if (r.trend_period != ui.trend) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kWarn, "reading...");
  }
  ImGui::TextColored(colors::kDim, "defect rate per %s, its 95%% interval as a band",
                     ui.trend == core::TrendPeriod::kWeek ? "ISO week" : "day (UTC)");
  std::vector<TrendPlotPoint> points;
  for (const core::TrendPoint& t : r.trend)
    points.push_back({.label = t.period,
                      .rate = t.rate.rate,
                      .lo = t.rate.low,
                      .hi = t.rate.high,
                      .n = t.reviewed});
  DrawTrend(points, plot_h);
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace taxa::gui
