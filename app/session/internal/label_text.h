// The text of a label request (its note and attribute values) must be valid
// UTF-8: one check shared by the label pipeline and Labeling::Check, so a
// form and `taxa label` refuse with the same words.
#pragma once

#include "session/labeling.h"

#include "taxa/core/status.h"

namespace taxa::app {

// kInvalidInput naming the item and the note or the attribute whose value is
// not valid UTF-8; ok otherwise.
Status CheckLabelText(const LabelRequest& request);

}  // namespace taxa::app
