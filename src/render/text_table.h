// A plain-text table for the terminal: columns sized to their widest cell (in characters, so Cyrillic
// and accented names line up), numbers right-aligned.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace clearpoint::render {

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

}  // namespace clearpoint::render
