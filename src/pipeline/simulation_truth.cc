#include "pipeline/simulation_truth.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "io/column_mapping.h"
#include "io/csv_reader.h"
#include "io/record_source.h"

namespace clearpoint::pipeline {

std::map<std::string, std::string> true_person_of_records(const std::string& truth_path) {
  std::map<std::string, std::string> true_person;
  io::CsvReader truth(truth_path, {});
  io::CsvRow row;
  truth.next(row);
  if (row.fields.size() < 4 || row.fields[0] != "person_id") {
    throw core::UserError(fmt::format("{} is not a truth.csv written by clearpoint simulate", truth_path),
                          "give the truth.csv from the folder the linked batches came from");
  }
  while (truth.next(row)) {
    if (!row.fields[1].empty())
      true_person[row.fields[1] + "/" + row.fields[2] + "/" + row.fields[3]] = row.fields[0];
  }
  return true_person;
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
