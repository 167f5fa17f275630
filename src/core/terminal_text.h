// Terminal text: what may reach a user's terminal from data.
//
// A message or table can carry text from an agency's file: a header cell, a sex code, an agency name, a
// whole line of a binary file renamed .csv. An escape sequence there would drive the terminal (move the
// cursor, rewrite earlier lines, set the window title), and a right-to-left override (U+202E) or a line
// separator (U+2028) makes a name read differently from what is stored. Such characters are refused in
// names and texts at import (records::check_text) and shown escaped wherever text is printed.
#pragma once

#include <string>
#include <string_view>

namespace clearpoint::core {

// C0 and C1 controls, DEL, the Unicode text-direction controls (U+061C, U+200E-U+200F, U+202A-U+202E,
// U+2066-U+2069) and the line and paragraph separators (U+2028, U+2029).
bool is_invisible_control(char32_t code_point);

// The text with every such character (and any malformed UTF-8) written visibly as \x1b or \u{202E};
// a line break is kept only when `keep_newlines`.
std::string terminal_safe(std::string_view text, bool keep_newlines = false);

}  // namespace clearpoint::core
