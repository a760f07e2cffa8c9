#include "gui/text_fit.h"

#include <vector>

#include "imgui.h"

namespace taxa::gui {

std::string FitText(const std::string& text, float width) {
  if (text.empty() || ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  const std::string ellipsis = "\u2026";
  // Byte positions where a UTF-8 character starts: the only places to cut.
  std::vector<size_t> cuts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cuts.push_back(i);
  auto fits = [&](size_t k) {
    return ImGui::CalcTextSize((text.substr(0, cuts[k]) + ellipsis).c_str()).x <= width;
  };
  // The most characters k whose start, with the ellipsis, fits.
  size_t lo = 0, hi = cuts.size() - 1;
  while (lo < hi) {
    size_t mid = (lo + hi + 1) / 2;
    if (fits(mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return text.substr(0, cuts[lo]) + ellipsis;
}

}  // namespace taxa::gui
