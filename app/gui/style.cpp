#include "gui/style.h"

#include <cmath>
#include <optional>
#include <utility>
#include <string_view>

#include "taxa/assets/assets.h"

namespace taxa::gui {

namespace {

// The atlas keeps a pointer to the ranges until it is built: static storage.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F,  // Latin Extended-A
    0x2000, 0x206F,  // General Punctuation: curly quotes, dashes, ellipsis, bullet
    0x2190, 0x21FF,  // Arrows
    0x2212, 0x2212,  // minus sign
    0x2500, 0x257F,  // Box Drawing: the typed filter's caret
    0x25A0, 0x25FF,  // Geometric Shapes
    0x26A0, 0x26A0,  // warning sign
    0x2713, 0x2717,  // check and ballot marks
    0,
};

Status AddFont(std::string_view asset, float pixels) {
  std::optional<std::string_view> bytes = assets::Find(asset);
  if (!bytes) return Status::Internal(std::string(asset) + " was not built into this binary");
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
  config.OversampleH = 2;
  config.OversampleV = 2;
  ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<char*>(bytes->data()),
                                             static_cast<int>(bytes->size()), pixels, &config,
                                             kGlyphRanges);
  return Status::Ok();
}

}  // namespace

Status LoadFonts(float scale) {
  float pixels = kBaseFontPixels * (scale > 0 ? scale : 1.0f);
  TAXA_RETURN_IF_ERROR(AddFont("fonts/DejaVuSans.ttf", pixels));
  TAXA_RETURN_IF_ERROR(AddFont("fonts/DejaVuSansMono.ttf", pixels));
  return AddFont("fonts/DejaVuSans.ttf", pixels * 1.5f);
}

ImFont* MonoFont() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
}

ImFont* HeadingFont() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 2 ? atlas->Fonts[2] : ImGui::GetFont();
}

void ApplyStyle(float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  ImGui::StyleColorsDark(&style);
  style.WindowPadding = ImVec2(12, 10);
  style.FramePadding = ImVec2(8, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.IndentSpacing = 18;
  style.ScrollbarSize = 14;
  style.GrabMinSize = 16;  // a million rows still leave a grab one can see and catch
  style.WindowRounding = 0;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.WindowBorderSize = 1;
  style.FrameBorderSize = 0;
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);

  ImVec4* c = style.Colors;
  const ImVec4 text{0.863f, 0.878f, 0.906f, 1.0f};
  const ImVec4 panel{0.133f, 0.145f, 0.169f, 1.0f};
  const ImVec4 raised{0.188f, 0.208f, 0.243f, 1.0f};
  const ImVec4 hover{0.243f, 0.275f, 0.325f, 1.0f};
  const ImVec4 active{0.290f, 0.333f, 0.400f, 1.0f};
  const ImVec4 accent = colors::kAccent;
  c[ImGuiCol_Text] = text;
  // Secondary text and hints in fields stay at 4.5:1 or more against the
  // panels and the fields (WCAG AA; style_test.cpp measures it).
  c[ImGuiCol_TextDisabled] = ImVec4(0.600f, 0.627f, 0.678f, 1.0f);
  c[ImGuiCol_WindowBg] = panel;
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = ImVec4(0.153f, 0.165f, 0.192f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.247f, 0.267f, 0.310f, 1.0f);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = raised;
  c[ImGuiCol_FrameBgHovered] = hover;
  c[ImGuiCol_FrameBgActive] = active;
  c[ImGuiCol_TitleBg] = colors::kBackground;
  c[ImGuiCol_TitleBgActive] = ImVec4(0.141f, 0.161f, 0.192f, 1.0f);
  c[ImGuiCol_TitleBgCollapsed] = colors::kBackground;
  c[ImGuiCol_MenuBarBg] = colors::kBackground;
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = ImVec4(0.310f, 0.341f, 0.396f, 1.0f);
  c[ImGuiCol_ScrollbarGrabHovered] = ImVec4(0.400f, 0.439f, 0.502f, 1.0f);
  c[ImGuiCol_ScrollbarGrabActive] = accent;
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_SliderGrabActive] = accent;
  c[ImGuiCol_Button] = ImVec4(0.212f, 0.259f, 0.310f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.255f, 0.345f, 0.404f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.290f, 0.420f, 0.478f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.200f, 0.267f, 0.310f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.231f, 0.306f, 0.357f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.263f, 0.353f, 0.408f, 1.0f);
  c[ImGuiCol_Separator] = ImVec4(0.247f, 0.267f, 0.310f, 1.0f);
  c[ImGuiCol_SeparatorHovered] = accent;
  c[ImGuiCol_SeparatorActive] = accent;
  c[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_Tab] = raised;
  c[ImGuiCol_TabHovered] = hover;
  c[ImGuiCol_TabActive] = ImVec4(0.212f, 0.259f, 0.310f, 1.0f);
  c[ImGuiCol_PlotHistogram] = colors::kGood;
  c[ImGuiCol_TableHeaderBg] = raised;
  c[ImGuiCol_TableBorderStrong] = ImVec4(0.247f, 0.267f, 0.310f, 1.0f);
  c[ImGuiCol_TableBorderLight] = ImVec4(0.200f, 0.216f, 0.251f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.02f);
  c[ImGuiCol_TextSelectedBg] = ImVec4(0.435f, 0.706f, 0.776f, 0.30f);
  c[ImGuiCol_NavHighlight] = accent;
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.5f);

  if (scale > 0 && scale != 1.0f) style.ScaleAllSizes(scale);
}

double ContrastRatio(const ImVec4& a, const ImVec4& b) {
  auto linear = [](float c) {
    return c <= 0.04045f ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  auto luminance = [&](const ImVec4& c) {
    return 0.2126 * linear(c.x) + 0.7152 * linear(c.y) + 0.0722 * linear(c.z);
  };
  double x = luminance(a), y = luminance(b);
  if (x < y) std::swap(x, y);
  return (x + 0.05) / (y + 0.05);
}

}  // namespace taxa::gui
