#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "io/csv_writer.h"
#include "link/capture_histories.h"

namespace clearpoint::cli {

void add_histories_command(CLI::App& app, GlobalOptions& options) {
  auto out = std::make_shared<std::string>("-");
  auto strata = std::make_shared<std::vector<std::string>>();
  auto* command = app.add_subcommand(
      "histories", "The capture-history table of the linked persons (one 0/1 column per list, then count)");
  command->add_option("--out", *out, "Output CSV, or - for standard output")->capture_default_str();
  command
      ->add_option("--strata", *strata,
                   "One table per stratum, as leading stratum_<name> columns: sex, age, citizenship, year")
      ->delimiter(',');
  command->callback([&options, out, strata] {
    const auto chosen = parse_strata(*strata);
    const auto store = open_store(options);
    std::map<std::int64_t, std::string> person_of;
    for (const auto& [record, person] : store.persons()) person_of[record] = person;
    if (person_of.empty()) throw core::UserError("no persons are stored", "run `clearpoint link` first");
    link::CaptureHistories histories(chosen);
    store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
      const auto p = person_of.find(id);
      if (p != person_of.end()) histories.add(p->second, r.agency + "/" + r.list, r);
    });
    const auto rows = histories.rows();
    std::ofstream file;
    if (*out != "-") file.open(*out, std::ios::binary | std::ios::trunc);
    std::ostream& stream = *out == "-" ? std::cout : file;
    io::CsvWriter csv(stream, ',');
    csv.write_row(histories.header());
    for (const auto& row : rows) csv.write_row(row);
    if (*out != "-") {
      fmt::print(stderr, "{} persons on {} lists: {} observed histories written to {}\n", histories.persons(),
                 histories.lists(), rows.size(), *out);
    }
  });
}

}  // namespace clearpoint::cli
