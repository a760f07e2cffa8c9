#include "gui/key_queue.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace taxa::gui {

bool IsModifierKey(int key) { return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER; }

void KeyQueue::Push(const InputEvent& event) {
  if (event.kind == InputEvent::Kind::kKey && event.action == GLFW_REPEAT) return;
  events_.push_back(event);
}

std::vector<InputEvent> KeyQueue::NextFrame() {
  std::vector<InputEvent> out;
  bool pressed = false;  // a key other than a modifier went down in this frame
  while (!events_.empty()) {
    const InputEvent& e = events_.front();
    if (e.kind == InputEvent::Kind::kKey) {
      // After the frame's press, any key event (its release, a modifier
      // change that would alter what the press means) waits a frame.
      if (pressed) break;
      if (e.action == GLFW_PRESS && !IsModifierKey(e.key)) pressed = true;
    }
    out.push_back(e);
    events_.pop_front();
  }
  return out;
}

}  // namespace taxa::gui
