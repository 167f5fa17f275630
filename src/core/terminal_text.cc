#include "core/terminal_text.h"

#include <fmt/format.h>

#include "core/utf8.h"

namespace clearpoint::core {

bool is_invisible_control(char32_t c) {
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

std::string terminal_safe(std::string_view text, bool keep_newlines) {
  bool plain = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || byte >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(text);  // the common case: ASCII without controls
  std::string out;
  for (const char32_t c : decode_utf8(text)) {
    if (c == U'\n' && keep_newlines) {
      out += '\n';
    } else if (c < 0x80 && is_invisible_control(c)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (is_invisible_control(c)) {
      out += fmt::format("\\u{{{:04X}}}", static_cast<unsigned>(c));
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

}  // namespace clearpoint::core
