// LabelDraft: the label being made for the current item, before it is submitted.
// UI state shared by the item panel (chosen categories, note) and the taxonomy
// panel (ticking categories, number keys).
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace taxa::gui {

struct LabelDraft {
  std::string item;                  // the item it is for; empty: none yet
  std::vector<std::string> chosen;   // category ids, in the order chosen
  std::string note;
  std::chrono::steady_clock::time_point shown{};  // when the item appeared
  bool focus_note = false;  // a request: give the note field the keyboard next frame

  bool Has(const std::string& id) const {
    return std::find(chosen.begin(), chosen.end(), id) != chosen.end();
  }
  void Toggle(const std::string& id) {
    auto it = std::find(chosen.begin(), chosen.end(), id);
    if (it == chosen.end()) {
      chosen.push_back(id);
    } else {
      chosen.erase(it);
    }
  }
  // Milliseconds since the item appeared, for the label's duration.
  uint32_t ElapsedMs() const {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - shown)
                  .count();
    return ms < 0 ? 0u : static_cast<uint32_t>(std::min<long long>(ms, 0xFFFFFFFFll));
  }
};

}  // namespace taxa::gui
