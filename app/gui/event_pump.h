// EventPump: the GUI loop's wait for input, with every key press reaching
// GLFW even when presses come faster than a millisecond apart.
//
// GLFW 3.3's X11 backend drops a key press that carries the same X server
// time as the previous press of the same key (its filter for presses an input
// method repeats). Fast input, from a barcode scanner to `xdotool key --delay
// 0`, produces exactly that, and the press is gone before any callback runs.
// The pump reads what the X server has sent into Xlib's queue, gives each key
// press a time later than the last press of its key (NextPressTime), and only
// then has GLFW process the queue, which it does without reading more. Other
// platforms wait and poll through GLFW alone.
//
//   EventPump pump;
//   for (;;) { pump.Pump(keys.empty() ? 1.0 / 60 : 0); ... draw a frame ... }
#pragma once

#include <array>

namespace taxa::gui {

// The time to give a key press at server time `time` when the last press of
// the same key was given `last` (0: none yet): `time` when it is later (within
// half the 32-bit clock, as GLFW compares), else `last` + 1.
unsigned long NextPressTime(unsigned long last, unsigned long time);

class EventPump {
 public:
  // Waits up to `timeout` seconds for input (0: not at all), then has GLFW
  // process every event that arrived. REQUIRES: glfwInit() succeeded; the
  // GUI thread.
  void Pump(double timeout);

 private:
  std::array<unsigned long, 256> last_press_{};  // by X key code
};

}  // namespace taxa::gui
