#include "core/terminal_text.h"

#include <gtest/gtest.h>

namespace clearpoint::core {
namespace {

TEST(TerminalText, EscapeSequencesAndDirectionOverridesAreShownNotObeyed) {
  EXPECT_EQ(terminal_safe("Ana Kovač"), "Ana Kovač");
  EXPECT_EQ(terminal_safe("\x1b]0;owned\x07title"), "\\x1b]0;owned\\x07title");
  EXPECT_EQ(terminal_safe("Ana\xE2\x80\xAE"
                          "cirtep"),
            "Ana\\u{202E}cirtep");  // right-to-left override
  EXPECT_EQ(terminal_safe("line\xE2\x80\xA8"
                          "two"),
            "line\\u{2028}two");  // line separator
  EXPECT_EQ(terminal_safe("c1\xC2\x9B"
                          "2J"),
            "c1\\u{009B}2J");  // C1 control sequence introducer
  EXPECT_EQ(terminal_safe("a\nb"), "a\\x0ab");
  EXPECT_EQ(terminal_safe("a\nb", true), "a\nb");
  EXPECT_EQ(terminal_safe("\xff"), "\xEF\xBF\xBD");  // malformed UTF-8 becomes U+FFFD
  EXPECT_FALSE(is_invisible_control(U'Ђ'));
  EXPECT_TRUE(is_invisible_control(0x2066));
}

}  // namespace
}  // namespace clearpoint::core
