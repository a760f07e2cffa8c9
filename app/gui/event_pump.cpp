#include "gui/event_pump.h"

#include <poll.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>
#include <X11/Xutil.h>

namespace taxa::gui {

namespace {

Bool IsKeyEvent(Display*, XEvent* event, XPointer) {
  return event->type == KeyPress || event->type == KeyRelease;
}

int ModsOf(unsigned int state) {
  return ((state & ShiftMask) != 0 ? GLFW_MOD_SHIFT : 0) |
         ((state & ControlMask) != 0 ? GLFW_MOD_CONTROL : 0) |
         ((state & Mod1Mask) != 0 ? GLFW_MOD_ALT : 0) |
         ((state & Mod4Mask) != 0 ? GLFW_MOD_SUPER : 0);
}

}  // namespace

unsigned int TypedCharacter(unsigned long keysym, const char* text, int length) {
  unsigned int c = 0;
  if (keysym >= 0x01000000 && keysym <= 0x0110FFFF) {
    c = static_cast<unsigned int>(keysym - 0x01000000);  // a Unicode keysym
  } else if (length == 1) {
    c = static_cast<unsigned char>(text[0]);  // XLookupString's text is Latin-1
  }
  return c < 0x20 || c == 0x7F ? 0 : c;
}

void EventPump::Pump(double timeout, bool typing) {
  Display* display = glfwGetX11Display();
  if (display == nullptr) {
    if (timeout > 0) {
      glfwWaitEventsTimeout(timeout);
    } else {
      glfwPollEvents();
    }
    return;
  }
  if (!keys_mapped_) {
    // On X11 a GLFW scancode is the X key code.
    for (int key = GLFW_KEY_SPACE; key <= GLFW_KEY_LAST; ++key) {
      const int code = glfwGetKeyScancode(key);
      if (code > 0 && code < 256 && glfw_key_[static_cast<size_t>(code)] == 0)
        glfw_key_[static_cast<size_t>(code)] = key;
    }
    keys_mapped_ = true;
  }
  if (timeout > 0 && XEventsQueued(display, QueuedAfterFlush) == 0) {
    pollfd fd{ConnectionNumber(display), POLLIN, 0};
    (void)::poll(&fd, 1, static_cast<int>(timeout * 1000));
  }
  XEventsQueued(display, QueuedAfterReading);  // whatever has come, into the queue
  if (!typing) {
    XEvent event;
    while (XCheckIfEvent(display, &event, IsKeyEvent, nullptr)) {
      const bool press = event.type == KeyPress;
      const unsigned int code = event.xkey.keycode & 0xFF;
      const int key = glfw_key_[code];
      const int mods = ModsOf(event.xkey.state);
      if (key != 0)
        keys_.Push({.kind = InputEvent::Kind::kKey,
                    .key = key,
                    .scancode = static_cast<int>(code),
                    .action = press ? GLFW_PRESS : GLFW_RELEASE,
                    .mods = mods});
      // As GLFW does: Ctrl and Alt chords type no text.
      if (!press || (mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT)) != 0) continue;
      char text[8];
      KeySym keysym = 0;
      const int length = XLookupString(&event.xkey, text, sizeof text, &keysym, nullptr);
      if (unsigned int c = TypedCharacter(keysym, text, length); c != 0)
        keys_.Push({.kind = InputEvent::Kind::kChar, .codepoint = c});
    }
  }
  glfwPollEvents();
}

}  // namespace taxa::gui
