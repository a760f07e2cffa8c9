#include "session/internal/label_text.h"

#include "taxa/core/text.h"

namespace taxa::app {

Status CheckLabelText(const LabelRequest& r) {
  if (!core::IsValidUtf8(r.note))
    return Status::InvalidInput("label of \"" + r.item + "\": the note is not valid UTF-8");
  for (const auto& [key, value] : r.attributes)
    if (!core::IsValidUtf8(value))
      return Status::InvalidInput("label of \"" + r.item + "\": attribute \"" + key +
                                  "\" is not valid UTF-8");
  return Status::Ok();
}

}  // namespace taxa::app
