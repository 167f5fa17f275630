#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/progress.h"
#include "io/column_mapping.h"
#include "io/content_hash.h"
#include "io/record_source.h"

namespace clearpoint::cli {

namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string agency;
  std::string list = "main";
  std::string mapping;
  std::string format;
  std::string separator;
  std::string rejects;
  bool skip_invalid = false;
};

std::string default_rejects_path(const std::string& file, io::FileFormat format) {
  const std::filesystem::path path(file);
  return (path.parent_path() /
          (path.stem().string() + ".rejects" + (format == io::FileFormat::kCsv ? ".csv" : ".jsonl")))
      .string();
}

void import_one(const GlobalOptions& options, store::Store& store, const ImportArgs& args,
                const std::string& file, const io::ColumnMapping* mapping,
                const core::CountrySet& countries) {
  io::SourceOptions source_options;
  if (args.format == "csv") source_options.format = io::FileFormat::kCsv;
  if (args.format == "jsonl") source_options.format = io::FileFormat::kJsonLines;
  source_options.separator =
      args.separator.empty() ? 0 : (args.separator == "tab" ? '\t' : args.separator[0]);
  source_options.agency = args.agency;
  source_options.list = args.list;
  source_options.mapping = mapping;
  source_options.countries = &countries;

  const std::string hash = io::batch_content_hash(
      file, {args.agency, args.list, args.format, std::string(1, source_options.separator)}, args.mapping);
  auto source = io::open_record_source(file, source_options);

  const std::string label = std::filesystem::path(file).filename().string();
  const std::string rejects_path =
      args.rejects.empty() ? default_rejects_path(file, source->format()) : args.rejects;
  // Rejects are written beside the final file and renamed into place, so a crash leaves no half file.
  const std::string rejects_temp = rejects_path + ".partial";
  std::ofstream rejects;
  if (args.skip_invalid) {
    rejects.open(rejects_temp, std::ios::binary | std::ios::trunc);
    if (!rejects)
      throw core::UserError(fmt::format("cannot write {}", rejects_temp), "check the folder is writable");
  }

  Progress progress("importing " + label);
  store::ImportOptions import_options;
  import_options.label = label;
  import_options.actor = actor(options);
  import_options.content_hash = hash;
  import_options.skip_invalid = args.skip_invalid;
  import_options.rejects = args.skip_invalid ? &rejects : nullptr;
  import_options.progress = [&progress](std::uint64_t done, std::uint64_t total) {
    progress.update(done, total);
  };

  store::ImportResult result;
  try {
    result = store.import_batch(*source, import_options);
  } catch (const core::UserError& error) {
    if (args.skip_invalid) std::filesystem::remove(rejects_temp);
    for (const auto& d : error.diagnostics()) fmt::print(stderr, "error: {}\n", d.to_string());
    throw core::UserError(
        fmt::format("{} was not imported: {} problem{} found; nothing was stored", label,
                    error.diagnostics().size(), error.diagnostics().size() == 1 ? "" : "s"),
        "fix them and import again, or add --skip-invalid to store the valid rows and write the others to a "
        "reject file");
  }
  if (args.skip_invalid) {
    rejects.close();
    if (result.rejected > 0 && !result.already_present) {
      std::filesystem::rename(rejects_temp, rejects_path);
    } else {
      std::filesystem::remove(rejects_temp);
    }
  }
  if (result.already_present) {
    fmt::print("{}: already stored as batch {} ({} records); nothing changed\n", label, result.batch.id,
               result.batch.record_count);
    return;
  }
  fmt::print("{}: imported as batch {} — {} records for {}/{}", label, result.batch.id, result.accepted,
             result.batch.agency, result.batch.list);
  if (result.rejected > 0) fmt::print(", {} rows rejected and written to {}", result.rejected, rejects_path);
  fmt::print("\n");
}

}  // namespace

void add_import_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ImportArgs>();
  auto* command = app.add_subcommand(
      "import",
      "Import agency batch files (CSV or JSON Lines); each file is one batch, stored whole or not at all");
  command->add_option("files", args->files, "Batch files (.csv or .jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--agency", args->agency,
                      "The agency the records belong to (checked against an agency column)");
  command->add_option("--list", args->list, "Which of the agency's lists (when the file has no list column)")
      ->capture_default_str();
  command
      ->add_option("--mapping", args->mapping,
                   "Column mapping file (TOML) for the agency's own headers and words")
      ->check(CLI::ExistingFile);
  command->add_option("--format", args->format, "csv or jsonl; default from the file name")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  command->add_option("--separator", args->separator, "CSV separator: , or ; or tab; default detected")
      ->check(CLI::IsMember({",", ";", "tab"}));
  command->add_flag("--skip-invalid", args->skip_invalid,
                    "Store the valid rows and write every invalid row, with its errors, to a reject file");
  command->add_option("--rejects", args->rejects, "Reject file; default FILE.rejects.csv beside the input");
  command->callback([&options, args] {
    const auto country_set = countries(options);
    auto store = store::Store::open(options.db, country_set);
    std::optional<io::ColumnMapping> mapping;
    if (!args->mapping.empty()) mapping = io::ColumnMapping::load(args->mapping);
    if (!args->rejects.empty() && args->files.size() > 1) {
      throw core::UserError("--rejects names one file but several batches are imported",
                            "leave --rejects out: each batch gets its own FILE.rejects.csv");
    }
    for (const auto& file : args->files) {
      import_one(options, store, *args, file, mapping ? &*mapping : nullptr, country_set);
    }
  });
}

}  // namespace clearpoint::cli
