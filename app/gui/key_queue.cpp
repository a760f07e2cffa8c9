#include "gui/key_queue.h"

#include <algorithm>

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
  bool pressed = false;       // a key other than a modifier went down in this frame
  std::vector<int> released;  // keys that went up in this frame
  while (!events_.empty()) {
    const InputEvent& e = events_.front();
    if (e.kind == InputEvent::Kind::kKey) {
      // After the frame's press, any key event (its release, a modifier
      // change that would alter what the press means) waits a frame.
      if (pressed) break;
      // A key released in this frame goes down again in the next: up and down
      // within one frame would look to Dear ImGui like a key held all along.
      if (e.action == GLFW_PRESS &&
          std::find(released.begin(), released.end(), e.key) != released.end())
        break;
      if (e.action == GLFW_PRESS && !IsModifierKey(e.key)) pressed = true;
      if (e.action == GLFW_RELEASE) released.push_back(e.key);
    }
    out.push_back(e);
    events_.pop_front();
  }
  return out;
}

}  // namespace taxa::gui
