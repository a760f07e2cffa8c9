// The key queue lets every press last a frame, whatever arrives between two
// frames, and never changes a modifier under a press.
#include "gui/event_pump.h"
#include "gui/key_queue.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

InputEvent Key(int key, int action) {
  return {.kind = InputEvent::Kind::kKey, .key = key, .action = action};
}
InputEvent Char(unsigned int c) { return {.kind = InputEvent::Kind::kChar, .codepoint = c}; }

// Each frame's events as text: "+1" press, "-1" release, "'1'" a character.
std::vector<std::string> Frames(KeyQueue& q) {
  std::vector<std::string> out;
  while (!q.empty()) {
    std::string frame;
    for (const InputEvent& e : q.NextFrame()) {
      if (!frame.empty()) frame += ' ';
      if (e.kind == InputEvent::Kind::kChar) {
        frame += "'" + std::string(1, static_cast<char>(e.codepoint)) + "'";
      } else {
        std::string name = e.key == GLFW_KEY_LEFT_SHIFT     ? "shift"
                           : e.key == GLFW_KEY_LEFT_CONTROL ? "ctrl"
                                                            : std::string(1, static_cast<char>(e.key));
        frame += (e.action == GLFW_PRESS ? "+" : "-") + name;
      }
    }
    out.push_back(frame);
  }
  return out;
}

TEST(KeyQueue, PressesThatCameBetweenTwoFramesGetAFrameEach) {
  KeyQueue q;
  for (int key : {GLFW_KEY_1, GLFW_KEY_2, GLFW_KEY_3}) {
    q.Push(Key(key, GLFW_PRESS));
    q.Push(Char(static_cast<unsigned int>(key)));
    q.Push(Key(key, GLFW_RELEASE));
  }
  EXPECT_EQ(Frames(q), (std::vector<std::string>{"+1 '1'", "-1 +2 '2'", "-2 +3 '3'", "-3"}));
}

TEST(KeyQueue, AModifierHeldAroundAPressStaysDownForItsFrame) {
  KeyQueue q;
  q.Push(Key(GLFW_KEY_LEFT_CONTROL, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_S, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_S, GLFW_RELEASE));
  q.Push(Key(GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE));
  q.Push(Key(GLFW_KEY_2, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_2, GLFW_RELEASE));
  EXPECT_EQ(Frames(q), (std::vector<std::string>{"+ctrl +S", "-S -ctrl +2", "-2"}));
}

TEST(KeyQueue, AModifierPressedAfterAPressWaitsSoItCannotChangeWhatThePressMeant) {
  KeyQueue q;
  q.Push(Key(GLFW_KEY_1, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_LEFT_SHIFT, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_2, GLFW_PRESS));
  EXPECT_EQ(Frames(q), (std::vector<std::string>{"+1", "+shift +2"}));
}

TEST(KeyQueue, TheSameKeyTwiceIsTwoPressesNotOneLongOne) {
  KeyQueue q;
  for (int i = 0; i < 2; ++i) {
    q.Push(Key(GLFW_KEY_1, GLFW_PRESS));
    q.Push(Key(GLFW_KEY_1, GLFW_RELEASE));
  }
  EXPECT_EQ(Frames(q), (std::vector<std::string>{"+1", "-1", "+1", "-1"}));
}

TEST(KeyQueue, APressOfAKeyStillDownGetsTheReleaseThatNeverCame) {
  KeyQueue q;
  q.Push(Key(GLFW_KEY_1, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_2, GLFW_PRESS));  // the release of 1 was lost on the way
  q.Push(Key(GLFW_KEY_2, GLFW_RELEASE));
  q.Push(Key(GLFW_KEY_1, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_1, GLFW_RELEASE));
  q.Push(Key(GLFW_KEY_1, GLFW_RELEASE));  // a release of a key that is up
  EXPECT_EQ(Frames(q), (std::vector<std::string>{"+1", "+2", "-2 -1", "+1", "-1"}));
}

TEST(KeyQueue, RepeatsAreLeftToDearImGui) {
  KeyQueue q;
  q.Push(Key(GLFW_KEY_DOWN, GLFW_PRESS));
  q.Push(Key(GLFW_KEY_DOWN, GLFW_REPEAT));
  q.Push(Key(GLFW_KEY_DOWN, GLFW_REPEAT));
  q.Push(Key(GLFW_KEY_DOWN, GLFW_RELEASE));
  EXPECT_EQ(q.size(), 2u);
  EXPECT_TRUE(IsModifierKey(GLFW_KEY_RIGHT_SUPER));
  EXPECT_FALSE(IsModifierKey(GLFW_KEY_DOWN));
}

TEST(EventPump, KeysTypeTheirCharacterAndControlKeysNone) {
  // Keysyms from X11/keysymdef.h: XK_a = 0x61, XK_eacute = 0xe9, XK_Return =
  // 0xff0d; a Unicode keysym is 0x01000000 + the code point.
  EXPECT_EQ(TypedCharacter(0x61, "a", 1), static_cast<unsigned int>('a'));
  EXPECT_EQ(TypedCharacter(0xe9, "\xe9", 1), 0xE9u) << "Latin-1 text, one byte";
  EXPECT_EQ(TypedCharacter(0x010020AC, "", 0), 0x20ACu) << "the euro sign";
  EXPECT_EQ(TypedCharacter(0xff0d, "\r", 1), 0u) << "Return types no text";
  EXPECT_EQ(TypedCharacter(0xffe1, "", 0), 0u) << "Shift types nothing";
  EXPECT_EQ(TypedCharacter(0xff08, "\x7f", 1), 0u);
}

}  // namespace
}  // namespace taxa::gui
