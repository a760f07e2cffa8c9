// The Quality window's plots, drawn with ImGui's draw list into the current
// window: alpha as a bar with its interval as a whisker on a shared scale, and
// a confusion matrix as a heatmap. The Error analysis window draws with the
// same pieces: a rate with its interval (IntervalBar), a Pareto of counts with
// their cumulative share (DrawPareto), and a rate over time with its
// interval as a band (DrawTrend).
//
//   Axis axis = AxisFor({&overall, &per_category[0], ...});
//   for (const app::AgreeRow& row : rows) AlphaBar(row, axis, ImGui::GetTextLineHeight());
//   AxisTicks(axis);
//   DrawHeatmap(confusion, display_names);  // names in confusion.categories order
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"
#include "session/quality.h"
#include "taxa/core/confusion.h"

namespace taxa::gui {

inline const ImVec4 kTrack{0.16f, 0.17f, 0.20f, 1.0f};  // behind bars, empty cells
inline const ImVec4 kInk{0.90f, 0.91f, 0.93f, 1.0f};    // whiskers

// Green when reliable (>= 0.800), amber when tentative (>= 0.667), else red.
ImVec4 AlphaColor(double v);
// `a` moved toward `b` by t in [0, 1], opaque.
ImVec4 Mix(const ImVec4& a, const ImVec4& b, float t);
// The row has a finite value to draw.
bool Defined(const app::AgreeRow& row);

// The alpha scale of the bars: from 0 (or below, when a value or interval is
// negative) to 1.
struct Axis {
  float lo = 0;
  float X(double v, float x0, float width) const;
};
Axis AxisFor(const std::vector<const app::AgreeRow*>& rows);

// One row's alpha as a bar from 0 with its interval as a whisker, over lines
// at 0, 0.667 and 0.800, as wide as the next item; an undefined row shows its
// reason instead.
void AlphaBar(const app::AgreeRow& row, const Axis& axis, float height);
// The scale under a column of bars as wide as the next item: 0, 0.667, 0.8, 1.
void AxisTicks(const Axis& axis);

// The matrix as coloured cells: each cell's colour is its share of the row,
// green on the diagonal and red off it; hovering a cell gives its numbers.
// `names` are the categories' display names, in r.categories order.
void DrawHeatmap(const core::ConfusionReport& r, const std::vector<std::string>& names);

// A share in [0, 1] as a bar from 0 in `color`, its interval [lo, hi] as a
// whisker, as wide as the next item; `tooltip` shows on hover.
void IntervalBar(double value, double lo, double hi, const ImVec4& color, float height,
                 const std::string& tooltip);

// One bar of a Pareto: a count and the cumulative share (0..1) up to it.
struct ParetoBar {
  std::string label;
  uint64_t count = 0;
  double cumulative = 0;
};
// Bars of `bars` (in the order given, most frequent first) on a count scale
// at the left, the cumulative share as a line with points on a 0-100% scale
// at the right, labels under the bars (cut with an ellipsis when they do not
// fit; the tooltip gives the whole); `height` tall, as wide as the window.
void DrawPareto(const std::vector<ParetoBar>& bars, float height);

// One point of a trend: a rate (0..1) with its interval over `n` cases.
struct TrendPlotPoint {
  std::string label;
  double rate = 0, lo = 0, hi = 0;
  uint64_t n = 0;
};
// The rates as a line with points over their intervals as a band, on a 0 to
// (the largest high, rounded up to a tenth) scale; `height` tall.
void DrawTrend(const std::vector<TrendPlotPoint>& points, float height);

}  // namespace taxa::gui
