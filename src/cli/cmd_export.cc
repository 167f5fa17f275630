#include <fmt/format.h>

#include "cli/commands.h"
#include "pipeline/export_records.h"

namespace clearpoint::cli {

namespace {
struct ExportArgs {
  std::string out;
  std::string format;
  std::string separator = ",";
  store::RecordFilter filter;
  std::int64_t batch = 0;
  bool force = false;
  bool with_person = false;
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
  command->add_flag("--force", args->force, "Replace --out when it is an existing regular file");
  command->add_flag("--with-person", args->with_person,
                    "Add each record's person and link probability from the last `clearpoint link` (for "
                    "reading: import does not take these columns back)");
  command->callback([&options, args] {
    if (args->batch > 0) args->filter.batch_id = args->batch;
    const pipeline::ExportSettings settings{args->out,    args->format, args->separator[0],
                                            args->filter, args->force,  args->with_person};
    const auto count = pipeline::export_records(options, settings);
    if (args->out != "-") fmt::print(stderr, "exported {} records to {}\n", count, args->out);
  });
}

}  // namespace clearpoint::cli
