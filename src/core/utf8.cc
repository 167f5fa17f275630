#include "core/utf8.h"

#include <unicode/utf8.h>

namespace clearpoint::core {

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(text.size());
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, n, c);
    out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  return out;
}

void append_utf8(std::string& out, char32_t code_point) {
  char buffer[4];
  std::int32_t n = 0;
  U8_APPEND_UNSAFE(buffer, n, static_cast<UChar32>(code_point));
  out.append(buffer, static_cast<std::size_t>(n));
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  for (const char32_t c : code_points) append_utf8(out, c);
  return out;
}

}  // namespace clearpoint::core
