#include "render/text_table.h"

#include <algorithm>

#include "core/terminal_text.h"

namespace clearpoint::render {

namespace {
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_number(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' || c == '%';
  });
}
}  // namespace

void print_table(std::ostream& out, const std::vector<std::string>& raw_header,
                 const std::vector<std::vector<std::string>>& raw_rows) {
  // Cells come from agencies' data: escape sequences and direction overrides are shown, not obeyed.
  const auto safe = [](const std::vector<std::string>& row) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (const auto& cell : row) out.push_back(core::terminal_safe(cell));
    return out;
  };
  const auto header = safe(raw_header);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(raw_rows.size());
  for (const auto& row : raw_rows) rows.push_back(safe(row));
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = display_width(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], display_width(row[c]));
  }
  const auto print_row = [&](const std::vector<std::string>& row, bool is_header) {
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : std::string();
      const std::string pad(widths[c] - display_width(cell), ' ');
      if (c > 0) out << "  ";
      if (!is_header && is_number(cell)) {
        out << pad << cell;
      } else if (c + 1 < widths.size()) {
        out << cell << pad;
      } else {
        out << cell;
      }
    }
    out << '\n';
  };
  print_row(header, true);
  std::size_t total = 0;
  for (const auto w : widths) total += w;
  out << std::string(total + 2 * (widths.size() - 1), '-') << '\n';
  for (const auto& row : rows) print_row(row, false);
}

}  // namespace clearpoint::render
