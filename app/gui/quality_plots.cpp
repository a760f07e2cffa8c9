// The Quality window's plots (quality_plots.h).
#include "gui/quality_plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/quality_window.h"
#include "gui/style.h"
#include "gui/text_fit.h"

namespace taxa::gui {

ImVec4 AlphaColor(double v) {
  return v >= kAlphaReliable    ? colors::kGood
         : v >= kAlphaTentative ? colors::kWarn
                                : colors::kError;
}

ImVec4 Mix(const ImVec4& a, const ImVec4& b, float t) {
  return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f};
}

bool Defined(const app::AgreeRow& row) {
  return row.error.empty() && std::isfinite(row.report.value);
}

float Axis::X(double v, float x0, float width) const {
  float t = (static_cast<float>(v) - lo) / (1.0f - lo);
  return x0 + std::clamp(t, 0.0f, 1.0f) * width;
}


Axis AxisFor(const std::vector<const app::AgreeRow*>& rows) {
  double lo = 0;
  for (const app::AgreeRow* r : rows) {
    if (!Defined(*r)) continue;
    lo = std::min(lo, r->report.value);
    if (r->report.ci) lo = std::min(lo, r->report.ci->first);
  }
  return {static_cast<float>(std::max(-1.0, std::floor(lo * 10) / 10))};
}

void AlphaBar(const app::AgreeRow& row, const Axis& axis, float height) {
  if (!Defined(row)) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kWarn);
    ImGui::TextWrapped("undefined: %s", row.error.c_str());
    ImGui::PopStyleColor();
    return;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  ImGui::Dummy(ImVec2(w, height));
  draw->AddRectFilled(p, ImVec2(p.x + w, p.y + height), ImGui::GetColorU32(kTrack), 2.0f);
  ImU32 dim = ImGui::GetColorU32(ImVec4(colors::kDim.x, colors::kDim.y, colors::kDim.z, 0.45f));
  for (double mark : {0.0, kAlphaTentative, kAlphaReliable})
    draw->AddLine(ImVec2(axis.X(mark, p.x, w), p.y), ImVec2(axis.X(mark, p.x, w), p.y + height),
                  dim);
  float x0 = axis.X(0, p.x, w), x1 = axis.X(row.report.value, p.x, w);
  // A muted fill, so the whisker and the numbers beside it stay the loudest.
  draw->AddRectFilled(ImVec2(std::min(x0, x1), p.y + height * 0.2f),
                      ImVec2(std::max(x0, x1) + 1, p.y + height * 0.8f),
                      ImGui::GetColorU32(Mix(kTrack, AlphaColor(row.report.value), 0.7f)), 2.0f);
  if (row.report.ci) {
    float lo = axis.X(row.report.ci->first, p.x, w), hi = axis.X(row.report.ci->second, p.x, w);
    float y = p.y + height * 0.5f;
    ImU32 ink = ImGui::GetColorU32(kInk);
    draw->AddLine(ImVec2(lo, y), ImVec2(hi, y), ink, 1.5f);
    draw->AddLine(ImVec2(lo, p.y + height * 0.25f), ImVec2(lo, p.y + height * 0.75f), ink, 1.5f);
    draw->AddLine(ImVec2(hi, p.y + height * 0.25f), ImVec2(hi, p.y + height * 0.75f), ink, 1.5f);
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("alpha %s, %s over %zu items (lines at 0, 0.667 and 0.800)",
                      FormatAlpha(row).c_str(), FormatInterval(row).c_str(), row.report.items);
}

void AxisTicks(const Axis& axis) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
  ImU32 dim = ImGui::GetColorU32(colors::kDim);
  std::vector<double> marks = {0.0, kAlphaTentative, kAlphaReliable, 1.0};
  if (axis.lo < 0) marks.insert(marks.begin(), axis.lo);
  for (double mark : marks) {
    char text[16];
    std::snprintf(text, sizeof text, "%.3g", mark);
    float tw = ImGui::CalcTextSize(text).x;
    float x = std::clamp(axis.X(mark, p.x, w) - tw / 2, p.x, p.x + w - tw);
    draw->AddText(ImVec2(x, p.y), dim, text);
  }
}

void DrawHeatmap(const core::ConfusionReport& r, const std::vector<std::string>& names) {
  const size_t k = r.CategoryCount();
  const float em = ImGui::GetFontSize();
  float label_w = em * 4;
  for (const std::string& name : names)
    label_w = std::max(label_w, ImGui::CalcTextSize(name.c_str()).x + em);
  label_w = std::min(label_w, em * 14);
  const float total_w = em * 3.5f;
  const float avail = ImGui::GetContentRegionAvail().x - label_w - total_w;
  const float cell_w =
      std::clamp(avail / static_cast<float>(std::max<size_t>(k, 1)), em * 2.5f, em * 8);
  const float cell_h = std::clamp(cell_w * 0.5f, em * 1.6f, em * 2.6f);
  const float head_h = ImGui::GetTextLineHeightWithSpacing() + 4;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 grid(origin.x + label_w, origin.y + head_h);
  ImGui::Dummy(ImVec2(label_w + cell_w * static_cast<float>(k) + total_w,
                      head_h + cell_h * static_cast<float>(k) + 2));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim = ImGui::GetColorU32(colors::kDim);

  // Text centred (or right-aligned) in its box, shortened with an ellipsis
  // when it does not fit; the cell tooltips give the full names.
  auto label = [&](ImVec2 min, ImVec2 max, const std::string& full, ImU32 color, bool right) {
    const float room = max.x - min.x;
    std::string s = full;
    if (ImGui::CalcTextSize(s.c_str()).x > room) {
      do {  // drop whole UTF-8 characters until the rest and "…" fit
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
        if (!s.empty()) s.pop_back();
      } while (!s.empty() && ImGui::CalcTextSize((s + "\u2026").c_str()).x > room);
      s += "\u2026";
    }
    float w = ImGui::CalcTextSize(s.c_str()).x;
    float x = right ? std::max(min.x, max.x - w) : min.x + std::max(0.0f, (max.x - min.x - w) / 2);
    float y = min.y + (max.y - min.y - ImGui::GetTextLineHeight()) / 2;
    draw->AddText(ImVec2(x, y), color, s.c_str());
  };
  for (size_t p = 0; p < k; ++p) {
    float x = grid.x + cell_w * static_cast<float>(p);
    label(ImVec2(x + 2, origin.y), ImVec2(x + cell_w - 2, grid.y), names[p], dim, false);
  }
  label(ImVec2(grid.x + cell_w * static_cast<float>(k), origin.y),
        ImVec2(grid.x + cell_w * static_cast<float>(k) + total_w, grid.y), "total", dim, false);
  for (size_t t = 0; t < k; ++t) {
    uint64_t row_total = 0;
    for (size_t p = 0; p < k; ++p) row_total += r.Count(t, p);
    float y = grid.y + cell_h * static_cast<float>(t);
    label(ImVec2(origin.x, y), ImVec2(grid.x - em * 0.6f, y + cell_h), names[t], text, true);
    for (size_t p = 0; p < k; ++p) {
      uint64_t n = r.Count(t, p);
      float share = row_total ? static_cast<float>(n) / static_cast<float>(row_total) : 0.0f;
      ImVec2 min(grid.x + cell_w * static_cast<float>(p), y);
      ImVec2 max(min.x + cell_w - 2, min.y + cell_h - 2);
      ImVec4 hue = t == p ? colors::kGood : colors::kError;
      ImVec4 fill = n == 0 ? kTrack : Mix(kTrack, hue, 0.2f + 0.8f * share);
      draw->AddRectFilled(min, max, ImGui::GetColorU32(fill), 3.0f);
      ImU32 ink = n == 0 ? dim : share > 0.55f ? ImGui::GetColorU32(colors::kBackground) : text;
      if (cell_w >= ImGui::CalcTextSize("0000").x) label(min, max, std::to_string(n), ink, false);
      if (hovered && mouse.x >= min.x && mouse.x < max.x + 2 && mouse.y >= min.y &&
          mouse.y < max.y + 2)
        ImGui::SetTooltip("%s as %s: %llu of %llu (%.0f%% of the row)", names[t].c_str(),
                          names[p].c_str(), static_cast<unsigned long long>(n),
                          static_cast<unsigned long long>(row_total), share * 100);
    }
    float tx = grid.x + cell_w * static_cast<float>(k);
    label(ImVec2(tx, y), ImVec2(tx + total_w, y + cell_h), std::to_string(row_total), dim, false);
  }
}

namespace {

std::string Percent(double v) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f%%", v * 100);
  return text;
}

}  // namespace

void IntervalBar(double value, double lo, double hi, const ImVec4& color, float height,
                 const std::string& tooltip) {
  const Axis axis{0};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  ImGui::Dummy(ImVec2(w, height));
  draw->AddRectFilled(p, ImVec2(p.x + w, p.y + height), ImGui::GetColorU32(kTrack), 2.0f);
  float x0 = axis.X(0, p.x, w), x1 = axis.X(value, p.x, w);
  draw->AddRectFilled(ImVec2(x0, p.y + height * 0.2f), ImVec2(x1 + 1, p.y + height * 0.8f),
                      ImGui::GetColorU32(Mix(kTrack, color, 0.7f)), 2.0f);
  float l = axis.X(lo, p.x, w), h = axis.X(hi, p.x, w), y = p.y + height * 0.5f;
  ImU32 ink = ImGui::GetColorU32(kInk);
  draw->AddLine(ImVec2(l, y), ImVec2(h, y), ink, 1.5f);
  draw->AddLine(ImVec2(l, p.y + height * 0.25f), ImVec2(l, p.y + height * 0.75f), ink, 1.5f);
  draw->AddLine(ImVec2(h, p.y + height * 0.25f), ImVec2(h, p.y + height * 0.75f), ink, 1.5f);
  if (!tooltip.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip.c_str());
}

namespace {

// A plot's claimed rectangle (the full width left, `height` tall) and what
// drawing in it needs: the draw list, font sizes, whether the mouse is over
// it, and the dim ink of the scale and its grid lines.
struct PlotFrame {
  ImDrawList* draw;
  float em, line;
  ImVec2 p;  // top left
  float w;
  bool hovered;
  ImVec2 mouse;
  ImU32 dim, grid;
};

PlotFrame ClaimPlot(float height) {
  PlotFrame f;
  f.draw = ImGui::GetWindowDrawList();
  f.em = ImGui::GetFontSize();
  f.line = ImGui::GetTextLineHeight();
  f.p = ImGui::GetCursorScreenPos();
  f.w = std::max(200.0f, ImGui::GetContentRegionAvail().x);
  ImGui::Dummy(ImVec2(f.w, height));
  f.hovered = ImGui::IsItemHovered();
  f.mouse = ImGui::GetIO().MousePos;
  f.dim = ImGui::GetColorU32(colors::kDim);
  f.grid = ImGui::GetColorU32(ImVec4(colors::kDim.x, colors::kDim.y, colors::kDim.z, 0.25f));
  return f;
}

}  // namespace

void DrawPareto(const std::vector<ParetoBar>& bars, float height) {
  const PlotFrame f = ClaimPlot(height);
  ImDrawList* draw = f.draw;
  const float em = f.em, line = f.line, w = f.w;
  const ImVec2 p = f.p;
  uint64_t top = 1;
  for (const ParetoBar& b : bars) top = std::max(top, b.count);
  // Plot box: counts at the left, shares at the right, labels below.
  const float left = p.x + em * 2.5f, right = p.x + w - em * 3.0f;
  const float top_y = p.y + line * 0.5f, bottom = p.y + height - line * 1.4f;
  const ImU32 dim = f.dim, grid = f.grid;
  auto y_of = [&](double share) { return bottom - static_cast<float>(share) * (bottom - top_y); };
  for (double share : {0.0, 0.5, 0.8, 1.0}) {
    float y = y_of(share);
    draw->AddLine(ImVec2(left, y), ImVec2(right, y), grid);
    std::string t = Percent(share);
    draw->AddText(ImVec2(right + em * 0.3f, y - line / 2), dim, t.c_str());
  }
  // The tallest bar stops short of the top, where the cumulative line ends
  // at 100%: its count and the line's last point never meet.
  const double count_scale = static_cast<double>(top) * 1.15;
  for (uint64_t c : {uint64_t{0}, top}) {
    std::string t = std::to_string(c);
    float tw = ImGui::CalcTextSize(t.c_str()).x;
    draw->AddText(
        ImVec2(left - tw - em * 0.3f, y_of(static_cast<double>(c) / count_scale) - line / 2), dim,
        t.c_str());
  }
  if (bars.empty()) return;
  const float slot = (right - left) / static_cast<float>(bars.size());
  const float bar_w = std::min(slot * 0.7f, em * 6);
  std::vector<ImVec2> points;
  for (size_t i = 0; i < bars.size(); ++i) {
    const ParetoBar& b = bars[i];
    float cx = left + slot * (static_cast<float>(i) + 0.5f);
    ImVec2 min(cx - bar_w / 2, y_of(static_cast<double>(b.count) / count_scale));
    ImVec2 max(cx + bar_w / 2, bottom);
    draw->AddRectFilled(min, max, ImGui::GetColorU32(Mix(kTrack, colors::kError, 0.75f)), 2.0f);
    std::string n = std::to_string(b.count);
    float nw = ImGui::CalcTextSize(n.c_str()).x;
    if (max.y - min.y > line + 2)
      draw->AddText(ImVec2(cx - nw / 2, min.y + 1), ImGui::GetColorU32(colors::kBackground),
                    n.c_str());
    std::string label = FitText(b.label, slot - em * 0.4f);
    float lw = ImGui::CalcTextSize(label.c_str()).x;
    draw->AddText(ImVec2(cx - lw / 2, bottom + line * 0.2f), ImGui::GetColorU32(ImGuiCol_Text),
                  label.c_str());
    points.emplace_back(cx, y_of(b.cumulative));
    if (f.hovered && f.mouse.x >= cx - slot / 2 && f.mouse.x < cx + slot / 2 &&
        f.mouse.y >= p.y && f.mouse.y < p.y + height)
      ImGui::SetTooltip("%s: %llu (cumulative %s)", b.label.c_str(),
                        static_cast<unsigned long long>(b.count), Percent(b.cumulative).c_str());
  }
  const ImU32 ink = ImGui::GetColorU32(colors::kAccent);
  draw->AddPolyline(points.data(), static_cast<int>(points.size()), ink, 0, 2.0f);
  for (const ImVec2& q : points) draw->AddCircleFilled(q, 3.5f, ink);
}

void DrawTrend(const std::vector<TrendPlotPoint>& points, float height) {
  const PlotFrame f = ClaimPlot(height);
  ImDrawList* draw = f.draw;
  const float em = f.em, line = f.line, w = f.w;
  const ImVec2 p = f.p;
  double scale = 0.1;
  for (const TrendPlotPoint& t : points) scale = std::max(scale, t.hi);
  scale = std::min(1.0, std::ceil(scale * 10 - 1e-9) / 10);
  const float left = p.x + em * 3.0f, right = p.x + w - em * 1.0f;
  const float top_y = p.y + line * 0.5f, bottom = p.y + height - line * 1.4f;
  const ImU32 dim = f.dim, grid = f.grid;
  auto y_of = [&](double v) { return bottom - static_cast<float>(v / scale) * (bottom - top_y); };
  for (double v : {0.0, scale / 2, scale}) {
    float y = y_of(v);
    draw->AddLine(ImVec2(left, y), ImVec2(right, y), grid);
    std::string t = Percent(v);
    float tw = ImGui::CalcTextSize(t.c_str()).x;
    draw->AddText(ImVec2(left - tw - em * 0.3f, y - line / 2), dim, t.c_str());
  }
  if (points.empty()) return;
  const float slot = (right - left) / static_cast<float>(points.size());
  std::vector<ImVec2> at, hi, lo;
  for (size_t i = 0; i < points.size(); ++i) {
    float x = left + slot * (static_cast<float>(i) + 0.5f);
    at.emplace_back(x, y_of(points[i].rate));
    hi.emplace_back(x, y_of(points[i].hi));
    lo.emplace_back(x, y_of(points[i].lo));
  }
  const ImU32 band = ImGui::GetColorU32(Mix(kTrack, colors::kAccent, 0.22f));
  for (size_t i = 0; i < points.size(); ++i) {
    // Each interval as a column; neighbouring ones joined into a band.
    draw->AddRectFilled(ImVec2(at[i].x - 3, hi[i].y), ImVec2(at[i].x + 3, lo[i].y), band);
    if (i + 1 < points.size()) draw->AddQuadFilled(hi[i], hi[i + 1], lo[i + 1], lo[i], band);
  }
  const ImU32 ink = ImGui::GetColorU32(colors::kAccent);
  if (at.size() > 1) draw->AddPolyline(at.data(), static_cast<int>(at.size()), ink, 0, 2.0f);
  // Labels under the points, every k-th when they would crowd each other.
  float widest = 0;
  for (const TrendPlotPoint& t : points)
    widest = std::max(widest, ImGui::CalcTextSize(t.label.c_str()).x);
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + em) / slot)));
  float shown_to = -1e9f;  // the right end of the last label drawn
  for (size_t i = 0; i < points.size(); ++i) {
    draw->AddCircleFilled(at[i], 3.5f, ink);
    if (i % every == 0) {
      float lw = ImGui::CalcTextSize(points[i].label.c_str()).x;
      // Clear of the scale's labels at the left; one that would touch the
      // label before it is left out.
      float x = std::clamp(at[i].x - lw / 2, left, p.x + w - lw);
      if (x >= shown_to + em * 0.5f) {
        draw->AddText(ImVec2(x, bottom + line * 0.3f), dim, points[i].label.c_str());
        shown_to = x + lw;
      }
    }
    if (f.hovered && f.mouse.x >= at[i].x - slot / 2 && f.mouse.x < at[i].x + slot / 2 &&
        f.mouse.y >= p.y && f.mouse.y < p.y + height)
      ImGui::SetTooltip("%s: %s of %llu reviewed [%s, %s]", points[i].label.c_str(),
                        Percent(points[i].rate).c_str(),
                        static_cast<unsigned long long>(points[i].n), Percent(points[i].lo).c_str(),
                        Percent(points[i].hi).c_str());
  }
}

}  // namespace taxa::gui
