// FitText: the longest start that fits, with an ellipsis, never half a character.
#include "gui/text_fit.h"
#include "gui_test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

TEST(FitText, CutsToTheWidthWithAnEllipsisAndNeverInsideACharacter) {
  testing::HeadlessImGui imgui;
  ImGui::NewFrame();
  const std::string text = "Rückerstattung für die Bestellung A-1234 bitte";
  const float whole = ImGui::CalcTextSize(text.c_str()).x;
  EXPECT_EQ(FitText(text, whole), text) << "what fits stays whole";
  for (float width : {whole * 0.2f, whole * 0.5f, whole * 0.9f}) {
    std::string cut = FitText(text, width);
    ASSERT_GE(cut.size(), 3u);
    EXPECT_EQ(cut.substr(cut.size() - 3), "\u2026");
    EXPECT_LE(ImGui::CalcTextSize(cut.c_str()).x, width);
    std::string start = cut.substr(0, cut.size() - 3);
    EXPECT_EQ(text.rfind(start, 0), 0u) << "a start of the text";
    // One more character would not have fitted.
    size_t next = start.size() + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    EXPECT_GT(ImGui::CalcTextSize((text.substr(0, next) + "\u2026").c_str()).x, width);
  }
  // "Rü": a width that ends inside the two bytes of ü still gives whole characters.
  std::string two = FitText(text, ImGui::CalcTextSize("R\u2026").x + 1);
  EXPECT_EQ(two, "R\u2026");
  EXPECT_EQ(FitText(text, 0), "\u2026");
  ImGui::Render();
}

}  // namespace
}  // namespace taxa::gui
