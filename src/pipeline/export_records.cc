#include "pipeline/export_records.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "io/record_writer.h"

namespace clearpoint::pipeline {

std::int64_t export_records(const Workspace& workspace, const ExportSettings& settings) {
  const auto format = settings.format == "csv"     ? std::optional(io::FileFormat::kCsv)
                      : settings.format == "jsonl" ? std::optional(io::FileFormat::kJsonLines)
                                                   : io::format_from_path(settings.out);
  if (!format) {
    throw core::UserError(fmt::format("cannot tell the format of {} from its name", settings.out),
                          "name it .csv or .jsonl, or give --format csv|jsonl");
  }
  auto store = workspace.open_store();
  const bool to_stdout = settings.out == "-";
  const std::string temp = settings.out + ".partial";
  std::ofstream file;
  if (!to_stdout) {
    file.open(temp, std::ios::binary | std::ios::trunc);
    if (!file)
      throw core::UserError(fmt::format("cannot write {}", temp), "check the folder exists and is writable");
  }
  std::ostream& out = to_stdout ? std::cout : file;
  auto writer = io::make_record_writer(*format, out, settings.separator);
  const auto count =
      store.for_each_record(settings.filter, [&](const records::CaseRecord& r) { writer->write(r); });
  out.flush();
  if (!out) throw core::UserError(fmt::format("writing {} failed", settings.out), "check the disk has space");
  if (!to_stdout) {
    file.close();
    std::filesystem::rename(temp, settings.out);
  }
  store.record_export(workspace.audit_actor(), settings.filter, count,
                      *format == io::FileFormat::kCsv ? "csv" : "jsonl");
  return count;
}

records::RecordStats record_stats(const Workspace& workspace, const store::RecordFilter& filter) {
  const auto store = workspace.open_store();
  records::RecordStats stats;
  store.for_each_record(filter, [&](const records::CaseRecord& r) { stats.add(r); });
  return stats;
}

}  // namespace clearpoint::pipeline
