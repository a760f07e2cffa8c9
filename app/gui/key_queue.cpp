#include "gui/key_queue.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace taxa::gui {

bool IsModifierKey(int key) { return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER; }

void KeyQueue::Push(const InputEvent& event) {
  if (event.kind == InputEvent::Kind::kKey) {
    if (event.action == GLFW_REPEAT) return;
    auto held = std::find(down_.begin(), down_.end(), event.key);
    if (event.action == GLFW_PRESS) {
      // A press of a key still down: its release never came (the X server
      // sometimes drops one in a burst). Release it first, so the press counts.
      if (held != down_.end()) {
        InputEvent release = event;
        release.action = GLFW_RELEASE;
        events_.push_back(release);
      } else {
        down_.push_back(event.key);
      }
    } else if (event.action == GLFW_RELEASE) {
      if (held == down_.end()) return;  // up already
      down_.erase(held);
    }
  }
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
