// The look of the GUI: the embedded DejaVu fonts and a calm dark palette.
//
//   ImGui::CreateContext();
//   TAXA_RETURN_IF_ERROR(LoadFonts(content_scale));   // before the atlas is built
//   ApplyStyle(content_scale);
#pragma once

#include "imgui.h"
#include "taxa/core/status.h"

namespace taxa::gui {

inline constexpr float kBaseFontPixels = 17.0f;

// Adds DejaVu Sans (the default font) and DejaVu Sans Mono at 17 px times `scale`,
// and DejaVu Sans at 1.5 times that for headings, to the current context's atlas, covering Latin-1, Latin Extended-A, general
// punctuation and the few symbols the views draw. The font bytes stay owned by
// the embedded assets. kInternal when an asset is missing (a build mistake).
Status LoadFonts(float scale);

// The monospaced font and the larger heading font; the default font when
// LoadFonts was not called.
ImFont* MonoFont();
ImFont* HeadingFont();

// Colours and spacing of the current context, sizes multiplied by `scale`.
void ApplyStyle(float scale);

// The contrast ratio of two opaque colours as WCAG 2 defines it: from 1 (the
// same) to 21 (black on white).
double ContrastRatio(const ImVec4& a, const ImVec4& b);

// The palette, for views that colour text themselves.
namespace colors {
inline const ImVec4 kBackground{0.105f, 0.114f, 0.133f, 1.0f};
inline const ImVec4 kAccent{0.435f, 0.706f, 0.776f, 1.0f};   // teal: numbers, headings
inline const ImVec4 kGood{0.565f, 0.769f, 0.510f, 1.0f};     // labeled
inline const ImVec4 kWarn{0.898f, 0.741f, 0.455f, 1.0f};     // sensitive, deprecated
inline const ImVec4 kError{0.902f, 0.447f, 0.475f, 1.0f};
inline const ImVec4 kDim{0.627f, 0.655f, 0.706f, 1.0f};      // secondary text
}  // namespace colors

}  // namespace taxa::gui
