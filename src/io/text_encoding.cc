#include "io/text_encoding.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "core/diagnostic.h"
#include "io/csv_reader.h"

namespace clearpoint::io {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

std::string read_start(const std::string& path, std::size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string start(bytes, '\0');
  in.read(start.data(), static_cast<std::streamsize>(bytes));
  start.resize(static_cast<std::size_t>(in.gcount()));
  return start;
}

// The region's legacy encodings, most common first (a tie goes to the earlier).
constexpr std::array<const char*, 4> kRegionalEncodings = {"windows-1250", "windows-1251", "ISO-8859-5",
                                                           "ISO-8859-2"};

// How much `bytes` read in `encoding` look like names: each word written as names are (capitalised,
// all lower or all upper case) scores its length, letters in words of mixed case score nothing, and
// symbols where letters belong (№, ¤, controls) count against. Reading Windows-1251 Cyrillic as
// ISO-8859-5 gives such symbols and case muddles; reading it as Windows-1250 gives Latin letters of
// mixed case.
long plausibility(std::string_view bytes, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding, &status), ucnv_close);
  if (U_FAILURE(status)) return -1;
  std::vector<UChar> text(bytes.size() + 1);
  const auto length = ucnv_toUChars(converter.get(), text.data(), static_cast<std::int32_t>(text.size()),
                                    bytes.data(), static_cast<std::int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return -1;
  long score = 0;
  std::int32_t word_start = -1;
  const auto close_word = [&](std::int32_t end) {
    if (word_start < 0) return;
    bool rest_lower = true, all_upper = true, latin = false, cyrillic = false;
    for (std::int32_t i = word_start; i < end; ++i) {
      const UChar c = text[static_cast<std::size_t>(i)];
      if (i > word_start && !u_islower(c)) rest_lower = false;
      if (!u_isupper(c)) all_upper = false;
      (c >= 0x0400 && c < 0x0530 ? cyrillic : latin) = true;
    }
    if (latin && cyrillic) {
      score -= end - word_start;  // no name mixes the scripts
    } else if (rest_lower || all_upper) {
      score += end - word_start;
    }
    word_start = -1;
  };
  for (std::int32_t i = 0; i < length; ++i) {
    const UChar c = text[static_cast<std::size_t>(i)];
    if (u_isalpha(c)) {
      if (word_start < 0) word_start = i;
      continue;
    }
    close_word(i);
    if (c >= 0x80) score -= 4;  // a symbol or control decoded from a high byte
  }
  close_word(length);
  return score;
}

// The regional encoding under which `bytes` look most like names.
std::string guess_encoding(std::string_view bytes) {
  long best = -1;
  std::string guess;
  for (const char* encoding : kRegionalEncodings) {
    const long score = plausibility(bytes, encoding);
    if (score > best) {
      best = score;
      guess = encoding;
    }
  }
  return guess;
}

// True when `bytes` hold at least one well-formed multi-byte UTF-8 character.
bool has_valid_multibyte(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    const std::size_t length = lead >= 0xF0 && lead < 0xF5   ? 4
                               : lead >= 0xE0                ? 3
                               : lead >= 0xC2 && lead < 0xE0 ? 2
                                                             : 0;
    if (length == 0 || i + length > bytes.size()) continue;
    if (find_invalid_utf8(bytes.substr(i, length)) == 0) return true;
  }
  return false;
}

[[noreturn]] void refuse(const std::string& display_name, std::string what, std::string hint) {
  throw core::UserError({{{display_name, 1, 1}, {}, std::move(what), std::move(hint)}});
}

std::int64_t line_of_offset(std::string_view bytes, std::size_t offset) {
  return 1 + std::count(bytes.begin(),
                        bytes.begin() + static_cast<std::ptrdiff_t>(std::min(offset, bytes.size())), '\n');
}

}  // namespace

bool is_utf8_name(std::string_view encoding) {
  std::string folded;
  for (const char c : encoding)
    if (c != '-' && c != '_') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return folded.empty() || folded == "utf8";
}

void require_utf8_text(const std::string& path, const std::string& display_name) {
  if (path == "-") return;
  const std::string start = read_start(path, kSniffBytes);
  const std::string_view bytes = start;
  const auto begins = [&](std::string_view magic) { return bytes.starts_with(magic); };
  if (begins(std::string_view("PK\x03\x04", 4))) {
    refuse(display_name,
           "the file is a zip archive (an Excel .xlsx or .ods workbook, perhaps renamed), not text",
           "an .xlsx workbook imports as it is: name it .xlsx or give --format xlsx (its first sheet is "
           "read); an .ods one: save it as .xlsx or as 'CSV UTF-8'");
  }
  if (begins("\xD0\xCF\x11\xE0")) {
    refuse(display_name, "the file is an old Excel (.xls) or Word document, not text",
           "open it and save the sheet as 'CSV UTF-8'");
  }
  if (begins(std::string_view("\xFF\xFE\x00\x00", 4)) || begins(std::string_view("\x00\x00\xFE\xFF", 4))) {
    refuse(display_name, "the file is UTF-32 text", "import it with --encoding UTF-32, or save it as UTF-8");
  }
  if (begins("\xFF\xFE") || begins("\xFE\xFF")) {
    refuse(display_name, "the file is UTF-16 text (Excel's 'Unicode text')",
           "import it with --encoding UTF-16, or save it as 'CSV UTF-8'");
  }
  const auto nul_bytes = std::count(bytes.begin(), bytes.end(), '\0');
  if (nul_bytes > 0) {
    // UTF-16 without a byte-order mark: every other byte of Latin text is zero.
    std::size_t even_zero = 0, odd_zero = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i)
      if (bytes[i] == '\0') ++((i % 2 == 0) ? even_zero : odd_zero);
    // Latin text in UTF-16 has zeros in one byte of each pair and (almost) none in the other.
    const std::size_t half = bytes.size() / 2;
    const bool little = odd_zero * 10 > half * 3 && even_zero * 20 < half;
    const bool big = even_zero * 10 > half * 3 && odd_zero * 20 < half;
    if (half > 0 && (little || big)) {
      refuse(display_name,
             fmt::format("the file looks like UTF-16 text without a byte-order mark ({} order)",
                         odd_zero > even_zero ? "little-endian" : "big-endian"),
             fmt::format("import it with --encoding {}, or save it as 'CSV UTF-8'",
                         odd_zero > even_zero ? "UTF-16LE" : "UTF-16BE"));
    }
    refuse(display_name, "the file holds binary data (NUL bytes), not text",
           "check that this is the exported list; save it as 'CSV UTF-8'");
  }
  // A multi-byte character cut at the end of the sample is not an error.
  std::string_view checked = bytes;
  if (bytes.size() == kSniffBytes) {
    std::size_t cut = bytes.size();
    while (cut > 0 && bytes.size() - cut < 4 && (static_cast<unsigned char>(bytes[cut - 1]) & 0xC0) == 0x80)
      --cut;
    if (cut > 0 && static_cast<unsigned char>(bytes[cut - 1]) >= 0xC0) --cut;
    checked = bytes.substr(0, cut);
  }
  // A file in a legacy encoding has no valid multi-byte UTF-8 sequence at all; one that has some is UTF-8
  // with stray bytes, which the reader locates field by field.
  if (const auto bad = find_invalid_utf8(checked); bad > 0 && !has_valid_multibyte(checked)) {
    const std::string guess = guess_encoding(bytes);
    const std::string line = fmt::format("line {}", line_of_offset(bytes, static_cast<std::size_t>(bad)));
    refuse(display_name,
           guess.empty() || is_utf8_name(guess)
               ? fmt::format("the file is not UTF-8 text (first at {})", line)
               : fmt::format("the file is not UTF-8 text (first at {}); it reads best as {}", line, guess),
           fmt::format("import it with --encoding {} (agencies' exports are often windows-1250, windows-1251 "
                       "or ISO-8859-5), or save it as 'CSV UTF-8'",
                       guess.empty() || is_utf8_name(guess) ? std::string("NAME") : guess));
  }
}

Utf8Copy::Utf8Copy(const std::string& path, const std::string& encoding) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::UserError(fmt::format("cannot open {}: {}", path, std::strerror(errno)),
                          "check the path and that you may read the file");
  }
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> from(ucnv_open(encoding.c_str(), &status), ucnv_close);
  if (U_FAILURE(status)) {
    throw core::UserError(
        fmt::format("--encoding {}: not an encoding clearpoint knows", encoding),
        "use an ICU name such as windows-1250, windows-1251, ISO-8859-5, ISO-8859-2 or UTF-16");
  }
  // Bytes the encoding does not define stop the conversion (no silent U+FFFD in a name).
  ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::unique_ptr<UConverter, decltype(&ucnv_close)> to(ucnv_open("UTF-8", &status), ucnv_close);
  std::string utf8(bytes.size() * 3 + 16, '\0');
  char* target = utf8.data();
  const char* source = bytes.data();
  status = U_ZERO_ERROR;
  ucnv_convertEx(to.get(), from.get(), &target, utf8.data() + utf8.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true, &status);
  if (U_FAILURE(status)) {
    const auto offset = static_cast<std::size_t>(source - bytes.data());
    throw core::UserError(
        {{{path, line_of_offset(bytes, offset), 1},
          {},
          fmt::format("byte {} of the file is not a character in {}", offset + 1, encoding),
          "check the --encoding (windows-1250 for Latin, windows-1251 or ISO-8859-5 for Cyrillic)"}});
  }
  utf8.resize(static_cast<std::size_t>(target - utf8.data()));
  // ICU maps the bytes some code pages leave undefined (0x98 in Windows-1251) to C1 controls; no agency
  // writes those, so they are the same error.
  for (std::size_t i = 0; i + 1 < utf8.size(); ++i) {
    if (utf8[i] == '\xC2' && static_cast<unsigned char>(utf8[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(utf8[i + 1]) <= 0x9F) {
      throw core::UserError({{{path, line_of_offset(utf8, i), 1},
                              {},
                              fmt::format("a byte of this line is not a character in {}", encoding),
                              "check the --encoding (windows-1250 for Latin, windows-1251 or ISO-8859-5 for "
                              "Cyrillic)"}});
    }
  }
  // Skip the byte-order mark a UTF-16 file carries: it is not part of the header's first name.
  const std::string_view text = std::string_view(utf8).starts_with("\xEF\xBB\xBF")
                                    ? std::string_view(utf8).substr(3)
                                    : std::string_view(utf8);
  fd_ = ::memfd_create("clearpoint-utf8", MFD_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("memfd_create failed");
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n <= 0) throw std::runtime_error("writing the converted file failed");
    written += static_cast<std::size_t>(n);
  }
  path_ = fmt::format("/proc/self/fd/{}", fd_);
}

Utf8Copy::~Utf8Copy() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace clearpoint::io
