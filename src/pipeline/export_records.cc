#include "pipeline/export_records.h"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <optional>

#include "io/record_writer.h"
#include "io/safe_output.h"

namespace clearpoint::pipeline {

std::int64_t export_records(const Workspace& workspace, const ExportSettings& settings) {
  const auto format = io::output_format(settings.format, settings.out);
  auto store = workspace.open_store();
  std::optional<io::SafeOutput> file;
  if (settings.out != "-")
    file.emplace(settings.out, io::SafeOutputOptions{settings.force, {workspace.db}, "--out"});
  std::ostream& out = file ? file->stream() : std::cout;
  std::map<std::int64_t, store::Store::PersonLink> person;
  if (settings.with_person) {
    for (auto& link : store.person_links()) person[link.record] = std::move(link);
    if (person.empty()) {
      throw core::UserError("--with-person asks for the persons, but nothing has been linked yet",
                            "run `clearpoint link` first");
    }
  }
  auto writer =
      io::make_record_writer(format, out, settings.separator,
                             settings.with_person ? std::vector<std::string>{"person", "link_probability"}
                                                  : std::vector<std::string>{});
  std::vector<std::string> extras;
  const auto count =
      store.for_each_record_with_id(settings.filter, [&](std::int64_t id, const records::CaseRecord& r) {
        extras.clear();
        if (settings.with_person) {
          const auto it = person.find(id);
          // A record imported after the last link has no person yet: the cell stays empty, never a guess.
          extras.push_back(it == person.end() ? std::string() : it->second.person);
          extras.push_back(it == person.end() || !it->second.probability
                               ? std::string()
                               : fmt::format("{:.4f}", *it->second.probability));
        }
        writer->write(r, extras);
      });
  out.flush();
  if (!out) throw core::UserError(fmt::format("writing {} failed", settings.out), "check the disk has space");
  if (file) file->commit();
  store.record_export(workspace.audit_actor(), settings.filter, count,
                      format == io::FileFormat::kCsv ? "csv" : "jsonl");
  return count;
}

records::RecordStats record_stats(const Workspace& workspace, const store::RecordFilter& filter) {
  const auto store = workspace.open_store();
  records::RecordStats stats;
  store.for_each_record(filter, [&](const records::CaseRecord& r) { stats.add(r); });
  return stats;
}

}  // namespace clearpoint::pipeline
