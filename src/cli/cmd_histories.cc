#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "cli/commands.h"
#include "io/csv_writer.h"

namespace clearpoint::cli {

void add_histories_command(CLI::App& app, GlobalOptions& options) {
  auto out = std::make_shared<std::string>("-");
  auto* command = app.add_subcommand(
      "histories", "The capture-history table of the linked persons (one 0/1 column per list, then count)");
  command->add_option("--out", *out, "Output CSV, or - for standard output")->capture_default_str();
  command->callback([&options, out] {
    const auto store = open_store(options);
    std::map<std::int64_t, std::string> person_of;
    for (const auto& [record, person] : store.persons()) person_of[record] = person;
    if (person_of.empty()) throw core::UserError("no persons are stored", "run `clearpoint link` first");
    std::set<std::string> lists;
    std::map<std::string, std::set<std::string>> lists_of_person;
    store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
      const auto p = person_of.find(id);
      if (p == person_of.end()) return;
      lists.insert(r.agency + "/" + r.list);
      lists_of_person[p->second].insert(r.agency + "/" + r.list);
    });
    std::map<std::vector<std::string>, std::int64_t> counts;  // the 0/1 row → persons
    for (const auto& [person, on] : lists_of_person) {
      std::vector<std::string> history;
      for (const auto& list : lists) history.emplace_back(on.count(list) ? "1" : "0");
      ++counts[history];
    }
    std::ofstream file;
    if (*out != "-") file.open(*out, std::ios::binary | std::ios::trunc);
    std::ostream& stream = *out == "-" ? std::cout : file;
    io::CsvWriter csv(stream, ',');
    std::vector<std::string> header(lists.begin(), lists.end());
    header.emplace_back("count");
    csv.write_row(header);
    for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
      std::vector<std::string> row = it->first;
      row.push_back(std::to_string(it->second));
      csv.write_row(row);
    }
    if (*out != "-") fmt::print(stderr, "{} persons on {} lists: {} observed histories written to {}\n",
                                lists_of_person.size(), lists.size(), counts.size(), *out);
  });
}

}  // namespace clearpoint::cli
