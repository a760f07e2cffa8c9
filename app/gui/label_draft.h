// LabelDraft: the label being made for the current item, before it is submitted.
// UI state shared by the item panel (chosen categories, attribute values, note)
// and the taxonomy panel (ticking categories, number keys).
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace taxa::gui {

struct LabelDraft {
  std::string item;                  // the item it is for; empty: none yet
  std::vector<std::string> chosen;   // category ids, in the order chosen
  // Attribute id -> value as typed. Values of attributes the chosen
  // categories no longer carry are kept (ticking a category back finds them)
  // but never submitted: AttributeForm::Values() picks what applies.
  std::map<std::string, std::string> attributes;
  std::string note;
  std::chrono::steady_clock::time_point shown{};  // when the item appeared
  bool focus_note = false;  // a request: give the note field the keyboard next frame
  // The attribute field the keys fill (A enters, Esc leaves); -1: none.
  int attribute_focus = -1;
  bool focus_attribute_field = false;  // a request: give that text field the keyboard

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
