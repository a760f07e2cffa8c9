// The palette is readable: secondary text keeps WCAG AA contrast (4.5:1)
// against every background it is drawn on.
#include "gui/style.h"
#include "gui_test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

ImVec4 Rgb(int r, int g, int b) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, 1.0f); }

TEST(Contrast, MatchesTheWcagDefinitionOnItsKnownPairs) {
  // WCAG 2's own end points, and #767676 on white, the lightest grey that
  // passes AA on white (4.54:1, as WebAIM's contrast checker reports it).
  EXPECT_NEAR(ContrastRatio(Rgb(0, 0, 0), Rgb(255, 255, 255)), 21.0, 1e-9);
  EXPECT_NEAR(ContrastRatio(Rgb(255, 255, 255), Rgb(255, 255, 255)), 1.0, 1e-9);
  EXPECT_NEAR(ContrastRatio(Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255)), 4.54, 0.005);
  EXPECT_NEAR(ContrastRatio(Rgb(0x77, 0x77, 0x77), Rgb(255, 255, 255)), 4.48, 0.005);
}

TEST(Contrast, SecondaryTextIsAtLeastFourAndAHalfToOneOnPanelsAndFields) {
  testing::HeadlessImGui imgui;  // ApplyStyle has run
  const ImVec4* c = ImGui::GetStyle().Colors;
  for (ImGuiCol background : {ImGuiCol_WindowBg, ImGuiCol_FrameBg, ImGuiCol_PopupBg}) {
    SCOPED_TRACE(ImGui::GetStyleColorName(background));
    EXPECT_GE(ContrastRatio(c[ImGuiCol_TextDisabled], c[background]), 4.5);
    EXPECT_GE(ContrastRatio(colors::kDim, c[background]), 4.5);
    EXPECT_GE(ContrastRatio(c[ImGuiCol_Text], c[background]), 7.0);
  }
  EXPECT_GE(ContrastRatio(colors::kDim, colors::kBackground), 4.5);  // the status bar
}

}  // namespace
}  // namespace taxa::gui
