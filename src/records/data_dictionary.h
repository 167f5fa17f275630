// The data dictionary: the field catalogue as a Markdown table, for `clearpoint fields` and
// docs/data-dictionary.md (a test keeps the document equal to what this prints).
#pragma once

#include <string>

namespace clearpoint::records {

std::string data_dictionary_markdown();

}  // namespace clearpoint::records
