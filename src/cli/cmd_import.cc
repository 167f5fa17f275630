#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/progress.h"
#include "pipeline/import_batch.h"

namespace clearpoint::cli {

namespace {

struct ImportArgs {
  std::vector<std::string> files;
  pipeline::ImportSettings settings;
};

void print_outcome(const pipeline::ImportOutcome& outcome) {
  const auto& result = outcome.result;
  if (result.already_present) {
    fmt::print("{}: already stored as batch {} ({} records); nothing changed\n", outcome.label,
               result.batch.id, result.batch.record_count);
    return;
  }
  fmt::print("{}: imported as batch {} — {} records for {}/{}", outcome.label, result.batch.id,
             result.accepted, result.batch.agency, result.batch.list);
  if (result.rejected > 0) {
    fmt::print(", {} rows rejected and written to {}", result.rejected, outcome.rejects_written);
  }
  fmt::print("\n");
  const auto& notes = outcome.notes;
  const auto location = [](const core::SourceLocation& where) {
    return fmt::format("{}:{}:{}", where.file, where.line, where.column);
  };
  if (notes.impossible_dates_made_year > 0) {
    fmt::print(
        "  {} impossible date{} (no such calendar day) stored as the year alone, as the mapping's "
        "impossible_dates = \"year\" asks; the first at {}\n",
        notes.impossible_dates_made_year, notes.impossible_dates_made_year == 1 ? "" : "s",
        location(*notes.first_impossible_date_made_year));
  }
  if (notes.impossible_dates_made_unknown > 0) {
    // With "year", a date with no year either (0000) can only be unknown.
    fmt::print(
        "  {} impossible date{} (no such calendar day{}) stored as unknown, as the mapping's "
        "impossible_dates = \"{}\" asks; the first at {}\n",
        notes.impossible_dates_made_unknown, notes.impossible_dates_made_unknown == 1 ? "" : "s",
        notes.year_asked ? ", nor a year" : "", notes.year_asked ? "year" : "unknown",
        location(*notes.first_impossible_date_made_unknown));
  }
}

void run_import(const GlobalOptions& options, ImportArgs& args) {
  std::unique_ptr<Progress> progress;
  std::string drawing;
  args.settings.progress = [&](const std::string& label, std::uint64_t done, std::uint64_t total) {
    if (!progress || drawing != label) {
      progress = std::make_unique<Progress>("importing " + label);
      drawing = label;
    }
    progress->update(done, total);
  };
  pipeline::import_batches(options, args.files, args.settings, [&](const pipeline::ImportOutcome& outcome) {
    progress.reset();
    print_outcome(outcome);
  });
}

}  // namespace

void add_import_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ImportArgs>();
  auto& s = args->settings;
  auto* command = app.add_subcommand(
      "import",
      "Import agency batch files (CSV or JSON Lines); each file is one batch, stored whole or not at all");
  command->add_option("files", args->files, "Batch files (.csv or .jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--agency", s.agency,
                      "The agency the records belong to (checked against an agency column)");
  command->add_option("--list", s.list, "Which of the agency's lists (when the file has no list column)")
      ->capture_default_str();
  command
      ->add_option("--mapping", s.mapping_path,
                   "Column mapping file (TOML) for the agency's own headers and words")
      ->check(CLI::ExistingFile);
  command->add_option(
      "--saved-mapping", s.saved_mapping,
      "A mapping the agency saved under this name (clearpoint mappings save; needs --agency)");
  command
      ->add_option("--format", s.format, "csv, jsonl or xlsx (the first sheet); default from the file name")
      ->check(CLI::IsMember({"csv", "jsonl", "xlsx"}));
  command->add_option("--encoding", s.encoding,
                      "The file's encoding when it is not UTF-8: windows-1250, windows-1251, ISO-8859-5, "
                      "UTF-16 … (any ICU converter name)");
  command->add_option("--separator", s.separator, "CSV separator: , or ; or tab; default detected")
      ->check(CLI::IsMember({",", ";", "tab"}));
  command->add_flag("--skip-invalid", s.skip_invalid,
                    "Store the valid rows and write every invalid row, with its errors, to a reject file");
  command->add_option("--rejects", s.rejects_path, "Reject file; default FILE.rejects.csv beside the input");
  command->add_flag("--force", s.force, "Replace an existing reject file");
  auto* list_option = command->get_option("--list");
  command->callback([&options, args, list_option] {
    args->settings.list_given = list_option->count() > 0;
    run_import(options, *args);
  });
}

}  // namespace clearpoint::cli
