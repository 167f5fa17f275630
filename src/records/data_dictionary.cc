#include "records/data_dictionary.h"

#include <fmt/format.h>

#include "records/field_catalogue.h"

namespace clearpoint::records {

namespace {
std::string allowed_values(const FieldSpec& field) {
  switch (field.kind) {
    case FieldKind::kCode:
    case FieldKind::kCodeList: {
      std::string out;
      for (const auto value : field.allowed) out += (out.empty() ? "" : ", ") + std::string(value);
      return out;
    }
    case FieldKind::kTriState:
      return "yes, no, unknown (empty = unknown)";
    case FieldKind::kCountry:
    case FieldKind::kCountryList:
      return "codes in data/countries.csv";
    case FieldKind::kDate:
      return "YYYY-MM-DD, DD.MM.YYYY, YYYY-MM, YYYY, A/B, N on DATE, about N on DATE";
    case FieldKind::kYear:
      return "1950–2100";
    case FieldKind::kIdentifier:
      return "A–Z a–z 0–9 . _ - / : #";
    default:
      return "any script, as written";
  }
}
}  // namespace

std::string data_dictionary_markdown() {
  std::string out = "| field | group | type | required | allowed values | HTCDS v2.0 | description |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const auto& field : field_catalogue()) {
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", field.name, to_string(field.group),
                       to_string(field.kind), field.required ? "yes" : "", allowed_values(field), field.htcds,
                       field.description);
  }
  return out;
}

}  // namespace clearpoint::records
