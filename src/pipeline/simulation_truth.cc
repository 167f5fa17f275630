#include "pipeline/simulation_truth.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "io/column_mapping.h"
#include "io/csv_reader.h"
#include "io/record_source.h"

namespace clearpoint::pipeline {

namespace {

// Every row's value of `value_column`, keyed AGENCY/LIST/RECORD_ID.
std::map<std::string, std::string> truth_by_record(const std::string& truth_path,
                                                   const std::string& value_column) {
  std::map<std::string, std::string> out;
  io::CsvReader truth(truth_path, {});
  io::CsvRow row;
  truth.next(row);
  // Columns by name, in any order, so a truth written by hand for another benchmark (FEBRL) reads too.
  const auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    const auto it = std::find(row.fields.begin(), row.fields.end(), name);
    if (it == row.fields.end()) return std::nullopt;
    return static_cast<std::size_t>(it - row.fields.begin());
  };
  const auto person = column("person_id");
  const auto agency = column("agency");
  const auto list = column("list");
  const auto record = column("record_id");
  const auto value = column(value_column);
  if (!person || !agency || !list || !record) {
    throw core::UserError(
        fmt::format("{}:1: the truth file needs the columns person_id, agency, list and record_id",
                    truth_path),
        "give the truth.csv `clearpoint simulate` wrote, or a CSV with those four columns (one row per "
        "record; records of one person share person_id)");
  }
  if (!value) {
    throw core::UserError(fmt::format("{}:1: the truth file has no column '{}'", truth_path, value_column),
                          "name one of the truth file's header columns");
  }
  const std::size_t needed = std::max({*person, *agency, *list, *record, *value}) + 1;
  while (truth.next(row)) {
    if (row.fields.size() < needed) {
      throw core::UserError(fmt::format("{}:{}: the row has {} fields but the header has at least {}",
                                        truth_path, row.line, row.fields.size(), needed),
                            "every row needs person_id, agency, list and record_id");
    }
    // simulate's truth also lists persons no agency identified, with empty agency.
    if (!row.fields[*agency].empty()) {
      out[row.fields[*agency] + "/" + row.fields[*list] + "/" + row.fields[*record]] = row.fields[*value];
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> true_person_of_records(const std::string& truth_path) {
  return truth_by_record(truth_path, "person_id");
}

std::map<std::string, std::string> truth_column_of_records(const std::string& truth_path,
                                                           const std::string& column) {
  return truth_by_record(truth_path, column);
}

void for_each_true_person(const std::string& truth_path, const core::CountrySet& countries,
                          const std::function<void(const records::CaseRecord&)>& visit) {
  const std::vector<std::pair<std::string, std::string>> columns = {{"person_id", "record_id"},
                                                                    {"agency", ""},
                                                                    {"list", ""},
                                                                    {"record_id", ""},
                                                                    {"errors", ""},
                                                                    {"nationality", ""},
                                                                    {"given_names", ""},
                                                                    {"surnames", ""},
                                                                    {"avoids_authorities", ""},
                                                                    {"frailty", ""},
                                                                    {"origin", "origin_countries"},
                                                                    {"transit", "transit_countries"},
                                                                    {"destination", "destination_countries"}};
  const auto mapping = io::ColumnMapping::from_columns(columns);
  io::SourceOptions options;
  options.agency = "TRUTH";
  options.list = "persons";
  options.mapping = &mapping;
  options.countries = &countries;
  auto source = io::open_record_source(truth_path, options);
  io::SourceRow row;
  std::string last;
  while (source->next(row)) {
    if (!row.problems.empty()) throw core::UserError(std::vector<core::Diagnostic>{row.problems.front()});
    if (row.record.record_id == last) continue;  // a person's rows are consecutive
    last = row.record.record_id;
    visit(row.record);
  }
}

}  // namespace clearpoint::pipeline
