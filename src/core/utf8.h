// UTF-8 in and out by code point, for the code that works on letters rather than bytes.
#pragma once

#include <string>
#include <string_view>

namespace clearpoint::core {

// Malformed sequences become U+FFFD; input is expected to be validated UTF-8 already.
std::u32string decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(std::u32string_view code_points);

}  // namespace clearpoint::core
