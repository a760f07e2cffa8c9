// The attribute fields of the label being made: one field for each attribute
// the chosen categories carry (app::Labeling::AttributesFor), drawn by its type
// (an enum's values and a bool's yes/no as buttons with number keys, a number
// or text as a field), and the session's verdict on the whole draft
// (app::Labeling::Check), so the form refuses exactly what `taxa label --attr`
// refuses, in the same words.
//
//   RefreshAttributeForm(session, generation, draft, form);   // before drawing
//   if (DrawAttributeForm(form, draft)) PushSubmit(...);      // Enter in the last field
//   HandleAttributeKeys(form, draft);                         // A, digits, Up/Down, Esc
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gui/label_draft.h"
#include "session/project.h"

#include "taxa/core/taxonomy.h"

namespace taxa::gui {

struct AttributeForm {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  // What the fields and the verdict were derived from.
  std::string item;
  std::vector<std::string> chosen;
  std::map<std::string, std::string> values;
  std::string note;

  std::vector<core::Attribute> fields;  // in the order the categories carry them
  std::string error;  // Check's message for the draft; "" when it passes or nothing is chosen

  // The draft's values of `fields`, empty ones left out: what the label carries.
  std::map<std::string, std::string> Values(const LabelDraft& draft) const;
};

// Rebuilds `form` when the draft's categories, values or note, the project's
// revision or the generation changed; leaves the draft's attribute focus on a
// field that still exists (or none).
void RefreshAttributeForm(app::Project& session, uint64_t generation, LabelDraft& draft,
                          AttributeForm& form);

// Draws the fields into the current window (nothing when there are none).
// Returns true when Enter was pressed in the last text or number field: the
// label is complete, submit it.
bool DrawAttributeForm(const AttributeForm& form, LabelDraft& draft);

// The keys of the attribute fields, outside any text field. A goes to the
// first field. While a field has the keys: 1-9 pick an enum's value (1 yes,
// 2 no for a bool) and go to the next field, Backspace empties the field,
// Up/Down move between fields, Esc leaves. Returns true when it used this
// frame's keys (the caller then leaves digits and arrows alone).
bool HandleAttributeKeys(const AttributeForm& form, LabelDraft& draft);

}  // namespace taxa::gui
