#include "pipeline/person_table.h"

#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/diagnostic.h"
#include "io/csv_writer.h"
#include "io/formula_escape.h"
#include "io/record_writer.h"
#include "io/safe_output.h"

namespace clearpoint::pipeline {

std::vector<PersonRow> person_rows(const Workspace& workspace, const store::RecordFilter& filter) {
  const auto store = workspace.open_store();
  std::map<std::int64_t, store::Store::PersonLink> link_of;
  for (auto& link : store.person_links()) link_of[link.record] = std::move(link);
  if (link_of.empty()) throw core::UserError("nothing has been linked yet", "run `clearpoint link` first");
  // The lists of each person, over all its records (the filter only chooses the rows shown).
  std::map<std::string, std::set<std::string>> lists_of;
  std::int64_t unlinked = 0;
  store.for_each_record_with_id({},
                                [&](std::int64_t id, const records::CaseRecord& r) {
                                  const auto it = link_of.find(id);
                                  if (it == link_of.end()) {
                                    ++unlinked;
                                    return;
                                  }
                                  lists_of[it->second.person].insert(r.agency + "/" + r.list);
                                },
                                {"agency", "list"});
  if (unlinked > 0) {
    throw core::UserError(
        fmt::format(
            "{} stored records were imported after the last `clearpoint link` and belong to no person yet",
            unlinked),
        "run `clearpoint link` again");
  }
  std::vector<PersonRow> rows;
  store.for_each_record_with_id(
      filter,
      [&](std::int64_t id, const records::CaseRecord& r) {
        const auto& link = link_of.at(id);
        const auto& lists = lists_of[link.person];
        rows.push_back({r.agency, r.list, r.record_id, link.person, link.probability,
                        std::vector<std::string>(lists.begin(), lists.end())});
      },
      {"agency", "list", "record_id"});
  return rows;
}

std::int64_t export_persons(const Workspace& workspace, const PersonExportSettings& settings) {
  const auto format = io::output_format(settings.format, settings.out);
  const auto rows = person_rows(workspace, settings.filter);
  std::optional<io::SafeOutput> file;
  if (settings.out != "-")
    file.emplace(settings.out, io::SafeOutputOptions{settings.force, {workspace.db}, "--out"});
  std::ostream& out = file ? file->stream() : std::cout;
  const auto probability = [](const PersonRow& row) {
    return row.link_probability ? fmt::format("{:.4f}", *row.link_probability) : std::string();
  };
  if (format == io::FileFormat::kCsv) {
    io::CsvWriter csv(out, ',');
    csv.write_row(std::vector<std::string>{"agency", "list", "record_id", "person", "link_probability",
                                           "person_lists", "lists"});
    for (const auto& row : rows) {
      std::string lists;
      for (const auto& list : row.person_lists) lists += (lists.empty() ? "" : "|") + list;
      csv.write_row(std::vector<std::string>{
          io::escape_formula(row.agency), io::escape_formula(row.list), io::escape_formula(row.record_id),
          row.person, probability(row), std::to_string(row.person_lists.size()), io::escape_formula(lists)});
    }
  } else {
    for (const auto& row : rows) {
      nlohmann::ordered_json object = {
          {"agency", row.agency}, {"list", row.list}, {"record_id", row.record_id}, {"person", row.person}};
      // Four decimals, as in the CSV: more would suggest a precision the model does not have.
      if (row.link_probability) object["link_probability"] = std::round(*row.link_probability * 1e4) / 1e4;
      object["person_lists"] = row.person_lists;
      out << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    }
  }
  out.flush();
  if (!out) throw core::UserError(fmt::format("writing {} failed", settings.out), "check the disk has space");
  if (file) file->commit();
  auto store = workspace.open_store();
  store.record_export(workspace.audit_actor(), settings.filter, static_cast<std::int64_t>(rows.size()),
                      format == io::FileFormat::kCsv ? "persons-csv" : "persons-jsonl");
  return static_cast<std::int64_t>(rows.size());
}

}  // namespace clearpoint::pipeline
