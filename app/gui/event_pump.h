// EventPump: the GUI loop's wait for input, with every key press reaching the
// key queue however fast the presses come.
//
// GLFW 3.3's X11 backend loses presses that come in a burst (`xdotool key
// --delay 0`, a barcode scanner): it drops a press that carries the same X
// server time as the last press of that key (its filter for presses an input
// method repeats), and while the input method filters the first press it reads
// and handles further events itself. So while no text field has the keyboard,
// the pump takes the key events out of Xlib's queue itself, in order, and
// turns them into the queue's key and character events; GLFW handles the rest
// (mouse, focus, resizing). While a text field has the keyboard, keys go
// through GLFW and its input method as usual (compose and dead keys work;
// text comes as characters, which GLFW never drops). Other platforms wait and
// poll through GLFW alone.
//
//   KeyQueue keys;  EventPump pump(keys);
//   for (;;) { pump.Pump(keys.empty() ? 1.0 / 60 : 0, io.WantTextInput); ... draw ... }
#pragma once

#include <array>

#include "gui/key_queue.h"

namespace taxa::gui {

class EventPump {
 public:
  explicit EventPump(KeyQueue& keys) : keys_(keys) {}

  // Waits up to `timeout` seconds for input (0: not at all), then has the
  // events that arrived handled. `typing`: a text field has the keyboard.
  // REQUIRES: glfwInit() succeeded and a window exists; the GUI thread.
  void Pump(double timeout, bool typing);

 private:
  KeyQueue& keys_;
  std::array<int, 256> glfw_key_{};  // X key code -> GLFW key code; 0: none
  bool keys_mapped_ = false;
};

// The Unicode character a key press types, from the keysym and the Latin-1
// text XLookupString gave it; 0 for none (a control character, or a key that
// types nothing).
unsigned int TypedCharacter(unsigned long keysym, const char* text, int length);

}  // namespace taxa::gui
