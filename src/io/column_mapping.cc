#include "io/column_mapping.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <vector>

#include "core/diagnostic.h"
#include "core/suggest.h"
#include "io/toml_file.h"

namespace clearpoint::io {

namespace {

const records::FieldSpec* first_tristate_field() {
  for (const auto& field : records::field_catalogue())
    if (field.kind == records::FieldKind::kTriState) return &field;
  throw std::logic_error("the catalogue has no yes/no/unknown field");
}

// The problem with `value` as a value of `field`, for the kinds whose values the catalogue alone decides
// (codes, yes/no/unknown, years, dates, identifiers); countries are checked against data/countries.csv
// when rows are read.
std::optional<records::FieldProblem> check_mapped_value(const records::FieldSpec& field,
                                                        const std::string& value) {
  using records::FieldKind;
  if (field.kind == FieldKind::kCountry || field.kind == FieldKind::kCountryList ||
      field.kind == FieldKind::kText || field.kind == FieldKind::kTextList || value.empty())
    return std::nullopt;
  records::CaseRecord scratch;
  return records::assign_field(scratch, field, value, {});
}

}  // namespace

std::string nearest_field_name(std::string_view text) {
  std::vector<std::string> names;
  for (const auto& field : records::field_catalogue()) names.emplace_back(field.name);
  return core::nearest_name(text, names);
}

ColumnMapping ColumnMapping::load(const std::string& path) {
  const toml::table root = parse_toml_file(path, "the column mapping",
                                           "fix the TOML syntax; see docs/import.md for an example mapping");

  ColumnMapping mapping;
  std::vector<core::Diagnostic> problems;
  const auto field_named = [&](const toml::node& node, std::string_view name) -> const records::FieldSpec* {
    const auto* field = records::find_field(name);
    if (field == nullptr) {
      const std::string guess = nearest_field_name(name);
      problems.push_back(toml_problem(path, &node, fmt::format("'{}' is not a clearpoint field", name),
                                      guess.empty() ? "see docs/data-dictionary.md for the field names"
                                                    : fmt::format("did you mean '{}'?", guess)));
    }
    return field;
  };

  for (const auto& [key, node] : root) {
    if (key != "columns" && key != "constants" && key != "values" && key != "format") {
      problems.push_back(toml_problem(path, &node, fmt::format("unknown section [{}]", key.str()),
                                      "use [columns], [constants], [values.<field>] or [format]"));
    }
  }
  if (const auto* columns = root["columns"].as_table()) {
    for (const auto& [header, node] : *columns) {
      const auto* target = node.as_string();
      if (target == nullptr) {
        problems.push_back(toml_problem(path, &node, "a column must map to a field name in quotes",
                                        "write \"Header\" = \"field_name\", or \"\" to ignore the column"));
        continue;
      }
      if (target->get().empty()) {
        mapping.columns_[std::string(header.str())] = nullptr;
        continue;
      }
      if (const auto* field = field_named(node, target->get()))
        mapping.columns_[std::string(header.str())] = field;
    }
  }
  if (const auto* constants = root["constants"].as_table()) {
    for (const auto& [name, node] : *constants) {
      if (field_named(node, name.str()) == nullptr) continue;
      const auto* value = node.as_string();
      if (value == nullptr) {
        problems.push_back(
            toml_problem(path, &node, "a constant must be a text in quotes", "write field = \"value\""));
        continue;
      }
      mapping.constants_[std::string(name.str())] = value->get();
      if (auto problem = check_mapped_value(*records::find_field(name.str()), value->get())) {
        problems.push_back(toml_problem(
            path, &node,
            fmt::format("the constant {} cannot hold this value: {}", name.str(), problem->problem),
            problem->hint.empty() ? fmt::format("see `clearpoint fields` for the values of {}", name.str())
                                  : problem->hint));
      }
    }
  }
  if (const auto* values = root["values"].as_table()) {
    for (const auto& [name, node] : *values) {
      if (name.str() != "tristate" && field_named(node, name.str()) == nullptr) continue;
      const auto* table = node.as_table();
      if (table == nullptr) {
        problems.push_back(toml_problem(path, &node, "[values.<field>] must be a table of words",
                                        "write \"agency word\" = \"clearpoint value\" lines under it"));
        continue;
      }
      auto& words = mapping.values_[std::string(name.str())];
      const records::FieldSpec* field =
          name.str() == "tristate" ? first_tristate_field() : records::find_field(name.str());
      for (const auto& [word, value] : *table) {
        if (const auto* text = value.as_string()) {
          words[std::string(word.str())] = text->get();
          // Checked here, once: a word mapped to an impossible value would fail every row that uses it.
          if (auto problem = check_mapped_value(*field, text->get())) {
            problems.push_back(
                toml_problem(path, &value,
                             fmt::format("\"{}\" maps to a value {} cannot hold: {}", word.str(), name.str(),
                                         problem->problem),
                             problem->hint.empty()
                                 ? fmt::format("see `clearpoint fields` for the values of {}", name.str())
                                 : problem->hint));
          }
        } else {
          problems.push_back(toml_problem(path, &value, "a value must be a text in quotes",
                                          "write \"agency word\" = \"clearpoint value\""));
        }
      }
    }
  }
  if (const auto* format = root["format"].as_table()) {
    for (const auto& [name, node] : *format) {
      const auto* text = node.as_string();
      if (name.str() == "separator" && text != nullptr &&
          (text->get() == "," || text->get() == ";" || text->get() == "\t")) {
        mapping.separator_ = text->get()[0];
      } else if (name.str() == "list_separator" && text != nullptr && text->get().size() == 1 &&
                 text->get() != "\"") {
        mapping.list_separator_ = text->get()[0];
      } else if (name.str() == "trim" && node.as_boolean() != nullptr) {
        mapping.trim_ = node.as_boolean()->get();
      } else if (name.str() == "date_format" && text != nullptr) {
        mapping.date_format_ = DateFormat::parse(text->get());
        if (!mapping.date_format_) {
          problems.push_back(toml_problem(path, &node, fmt::format("'{}' is not a date format", text->get()),
                                          "use YYYY, MM or M, DD or D once each, with any separators, e.g. "
                                          "\"YYYYMMDD\" or \"D/M/YYYY\""));
        }
      } else if (name.str() == "impossible_dates" && text != nullptr &&
                 (text->get() == "unknown" || text->get() == "year" || text->get() == "reject")) {
        mapping.impossible_dates_ = text->get() == "unknown" ? ImpossibleDates::kUnknown
                                    : text->get() == "year"  ? ImpossibleDates::kYear
                                                             : ImpossibleDates::kReject;
      } else {
        problems.push_back(toml_problem(
            path, &node, fmt::format("unknown or invalid format setting '{}'", name.str()),
            "known settings: separator = \",\" | \";\" | \"\\t\", list_separator = one character, trim = "
            "true | false, date_format = \"YYYYMMDD\" (or another layout), impossible_dates = \"unknown\" | "
            "\"year\" | \"reject\""));
      }
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  return mapping;
}

ColumnMapping ColumnMapping::from_columns(const std::vector<std::pair<std::string, std::string>>& columns) {
  ColumnMapping mapping;
  for (const auto& [header, field] : columns) {
    const records::FieldSpec* spec = field.empty() ? nullptr : records::find_field(field);
    if (!field.empty() && spec == nullptr) throw std::invalid_argument("no field " + field);
    mapping.columns_[header] = spec;
  }
  return mapping;
}

std::optional<const records::FieldSpec*> ColumnMapping::field_for(std::string_view header) const {
  if (const auto it = columns_.find(header); it != columns_.end()) return it->second;
  if (const auto* field = records::find_field(header)) return field;
  return std::nullopt;
}

std::string_view ColumnMapping::translate(const records::FieldSpec& field, std::string_view text) const {
  if (values_.empty()) return text;
  if (const auto it = values_.find(field.name); it != values_.end()) {
    if (const auto word = it->second.find(text); word != it->second.end()) return word->second;
  }
  if (field.kind == records::FieldKind::kTriState) {
    if (const auto it = values_.find("tristate"); it != values_.end()) {
      if (const auto word = it->second.find(text); word != it->second.end()) return word->second;
    }
  }
  return text;
}

}  // namespace clearpoint::io
