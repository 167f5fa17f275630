// Formula escaping: a CSV cell that starts with = + - @ (or a tab or carriage return) is run as a formula
// by Excel and LibreOffice when the file is opened — a name field holding =HYPERLINK(…) would act on the
// reader's machine. Exports therefore write such a cell with one leading apostrophe, which spreadsheets
// show as text; imports of CSV files remove it again, so export → import gives back the same records.
// Cells that already start with apostrophes before such a character get one more, so the escape is
// exactly reversible.
#pragma once

#include <string>
#include <string_view>

namespace clearpoint::io {

// `text`, with one apostrophe in front when it would start a formula.
std::string escape_formula(std::string_view text);
// The cell as written before escape_formula: one leading apostrophe removed when apostrophes precede a
// formula character; any other cell unchanged.
std::string_view unescape_formula(std::string_view cell);

}  // namespace clearpoint::io
