#include "gui/event_pump.h"

#include <poll.h>

#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>

namespace taxa::gui {

unsigned long NextPressTime(unsigned long last, unsigned long time) {
  constexpr unsigned long kHalf = 1ul << 31;
  if (last == 0) return time;
  const unsigned long diff = time - last;
  return diff > 0 && diff < kHalf ? time : last + 1;
}

void EventPump::Pump(double timeout) {
  Display* display = glfwGetX11Display();
  if (display == nullptr) {
    if (timeout > 0) {
      glfwWaitEventsTimeout(timeout);
    } else {
      glfwPollEvents();
    }
    return;
  }
  if (timeout > 0 && XEventsQueued(display, QueuedAfterFlush) == 0) {
    pollfd fd{ConnectionNumber(display), POLLIN, 0};
    (void)::poll(&fd, 1, static_cast<int>(timeout * 1000));
  }
  XEventsQueued(display, QueuedAfterReading);  // whatever has come, into the queue
  // Take the queue, respace the key presses, put it back in the same order.
  // A GenericEvent stops the walk: its data would be freed by the next
  // XNextEvent before GLFW could fetch it.
  std::vector<XEvent> taken;
  while (XQLength(display) > 0) {
    XEvent event;
    XPeekEvent(display, &event);
    if (event.type == GenericEvent) break;
    XNextEvent(display, &event);
    if (event.type == KeyPress) {
      unsigned long& last = last_press_[event.xkey.keycode & 0xFF];
      event.xkey.time = last = NextPressTime(last, event.xkey.time);
    }
    taken.push_back(event);
  }
  for (auto it = taken.rbegin(); it != taken.rend(); ++it) XPutBackEvent(display, &*it);
  // GLFW reads more from the server only once its queue is empty: what it
  // processes now is what was respaced.
  glfwPollEvents();
}

}  // namespace taxa::gui
