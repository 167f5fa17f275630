#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "io/record_writer.h"

namespace clearpoint::cli {

namespace {
struct ExportArgs {
  std::string out;
  std::string format;
  std::string separator = ",";
  store::RecordFilter filter;
  std::int64_t batch = 0;
};
}  // namespace

void add_export_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ExportArgs>();
  auto* command =
      app.add_subcommand("export", "Write stored records as CSV or JSON Lines (importable again as is)");
  command->add_option("--out", args->out, "Output file, or - for standard output")->required();
  command->add_option("--format", args->format, "csv or jsonl; default from the file name")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  command->add_option("--separator", args->separator, "CSV separator: , or ;")
      ->check(CLI::IsMember({",", ";"}))
      ->capture_default_str();
  command->add_option("--agency", args->filter.agency, "Only this agency's records");
  command->add_option("--list", args->filter.list, "Only this list's records");
  command->add_option("--batch", args->batch, "Only this batch's records");
  command->callback([&options, args] {
    if (args->batch > 0) args->filter.batch_id = args->batch;
    auto format = args->format == "csv"     ? std::optional(io::FileFormat::kCsv)
                  : args->format == "jsonl" ? std::optional(io::FileFormat::kJsonLines)
                                            : io::format_from_path(args->out);
    if (!format) {
      throw core::UserError(fmt::format("cannot tell the format of {} from its name", args->out),
                            "name it .csv or .jsonl, or give --format csv|jsonl");
    }
    auto store = options.open_store();
    const bool to_stdout = args->out == "-";
    // Written to a temporary file and renamed, so a failed export never leaves a truncated file behind.
    const std::string temp = args->out + ".partial";
    std::ofstream file;
    if (!to_stdout) {
      file.open(temp, std::ios::binary | std::ios::trunc);
      if (!file)
        throw core::UserError(fmt::format("cannot write {}", temp),
                              "check the folder exists and is writable");
    }
    std::ostream& out = to_stdout ? std::cout : file;
    auto writer = io::make_record_writer(*format, out, args->separator[0]);
    const auto count =
        store.for_each_record(args->filter, [&](const records::CaseRecord& r) { writer->write(r); });
    out.flush();
    if (!out) throw core::UserError(fmt::format("writing {} failed", args->out), "check the disk has space");
    if (!to_stdout) {
      file.close();
      std::filesystem::rename(temp, args->out);
    }
    store.record_export(options.audit_actor(), args->filter, count,
                        *format == io::FileFormat::kCsv ? "csv" : "jsonl");
    if (!to_stdout) fmt::print(stderr, "exported {} records to {}\n", count, args->out);
  });
}

}  // namespace clearpoint::cli
