// A combo box over a list of strings, shared by the windows that pick an
// annotator, a round, an action or an author.
#pragma once

#include <string>
#include <vector>

namespace taxa::gui {

// Draws a combo `width` pixels wide showing `value` and offering `choices`;
// with `empty` given, a first entry of that name stands for "" (any, none).
// Returns true when the user picked another value.
bool ChoiceCombo(const char* label, const std::vector<std::string>& choices, std::string& value,
                 float width, const char* empty = nullptr);

}  // namespace taxa::gui
