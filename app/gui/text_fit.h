// Text cut to a width: one line that ends in "…" where it had to stop.
#pragma once

#include <string>

namespace taxa::gui {

// The longest start of `text` that fits in `width` pixels with the current
// font, ending in "…" when cut (never inside a UTF-8 sequence); `text` itself
// when it fits. REQUIRES: an ImGui frame (the font is measured).
std::string FitText(const std::string& text, float width);

}  // namespace taxa::gui
