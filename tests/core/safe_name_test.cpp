// core::IsSafeName: the character rule calibration round and proposal names share.
#include <gtest/gtest.h>

#include "taxa/core/calibration_round.h"
#include "taxa/core/text.h"

namespace taxa::core {
namespace {

TEST(SafeName, TakesLettersDigitsAndThreePunctuationMarks) {
  EXPECT_TRUE(IsSafeName("a"));
  EXPECT_TRUE(IsSafeName("Round-2_b.x"));
  EXPECT_TRUE(IsSafeName("9lives"));
  EXPECT_TRUE(IsSafeName(std::string(64, 'z')));
}

TEST(SafeName, RefusesEmptyLongLeadingPunctuationAndOtherBytes) {
  EXPECT_FALSE(IsSafeName(""));
  EXPECT_FALSE(IsSafeName(std::string(65, 'z')));
  EXPECT_FALSE(IsSafeName("-a"));
  EXPECT_FALSE(IsSafeName(".a"));
  EXPECT_FALSE(IsSafeName("_a"));
  EXPECT_FALSE(IsSafeName("a b"));
  EXPECT_FALSE(IsSafeName("a/b"));
  EXPECT_FALSE(IsSafeName("caf\xc3\xa9"));  // letters outside ASCII
  EXPECT_FALSE(IsSafeName("\xe9t\xe9"));      // a Latin-1 letter first
}

TEST(SafeName, IsTheRuleOfRoundNames) {
  for (const char* name : {"r1", "a.b-c_d", "", "-r", "r/1", "r 1", "\xc3\xa9"})
    EXPECT_EQ(CheckRoundName(name).ok(), IsSafeName(name)) << name;
}

}  // namespace
}  // namespace taxa::core
