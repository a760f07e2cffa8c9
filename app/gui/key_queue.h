// KeyQueue: the window's key and character events, handed to Dear ImGui no
// faster than it can see them.
//
// Dear ImGui 1.86 keeps no input queue: it reads which keys are down once a
// frame, so a key pressed and released between two frames (a fast typist, a
// barcode scanner, `xdotool key --delay 0`) is never seen. The GLFW callbacks
// push every event here instead, and before each frame NextFrame() returns the
// events to deliver: at most one press of a key that is not a modifier, with
// the modifier changes before it and the characters it typed. A key pressed
// in a frame is released in a later one, so every press lasts a frame.
//
//   glfwSetKeyCallback(window, ...Push({.kind = kKey, ...}));
//   ... each frame, before ImGui_ImplGlfw_NewFrame():
//   for (const InputEvent& e : keys.NextFrame()) deliver e to the backend;
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

namespace taxa::gui {

struct InputEvent {
  enum class Kind { kKey, kChar };
  Kind kind = Kind::kKey;
  int key = 0;  // GLFW key code (kKey)
  int scancode = 0;
  int action = 0;  // GLFW_PRESS or GLFW_RELEASE (kKey)
  int mods = 0;
  unsigned int codepoint = 0;  // kChar
};

// True for the Shift, Control, Alt and Super keys (either side).
bool IsModifierKey(int key);

class KeyQueue {
 public:
  // Queues an event. Key repeats (GLFW_REPEAT) are dropped: Dear ImGui repeats
  // a held key itself. A press of a key that is down gets a release first, and
  // a release of a key that is up is dropped, so every press is a press.
  void Push(const InputEvent& event);
  // The events to deliver before the next frame, in the order they came:
  // releases and modifier presses, then at most one press of another key and
  // the characters that follow it; the next key event waits for a later frame,
  // and so does a press of a key released in this one.
  std::vector<InputEvent> NextFrame();
  bool empty() const { return events_.empty(); }
  size_t size() const { return events_.size(); }

 private:
  std::deque<InputEvent> events_;
  std::vector<int> down_;  // keys pressed and not yet released, as queued
};

}  // namespace taxa::gui
