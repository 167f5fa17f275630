#include "pipeline/import_batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <tuple>

#include "io/content_hash.h"
#include "io/private_folder.h"
#include "io/record_source.h"
#include "io/safe_output.h"
#include "io/text_encoding.h"
#include "pipeline/saved_mappings.h"

namespace clearpoint::pipeline {

namespace {

std::string default_rejects_path(const std::string& file, io::FileFormat format) {
  const std::filesystem::path path(file);
  return (path.parent_path() /
          (path.stem().string() + ".rejects" + (format == io::FileFormat::kCsv ? ".csv" : ".jsonl")))
      .string();
}

io::SourceOptions source_options(const ImportSettings& settings, const io::ColumnMapping* mapping,
                                 const core::CountrySet& countries) {
  io::SourceOptions options;
  if (settings.format == "csv") options.format = io::FileFormat::kCsv;
  if (settings.format == "jsonl") options.format = io::FileFormat::kJsonLines;
  options.workbook = settings.format == "xlsx";
  // No separator given: 0, detected from the header line.
  options.separator =
      settings.separator.empty() ? '\0' : (settings.separator == "tab" ? '\t' : settings.separator[0]);
  options.agency = settings.agency;
  options.list = settings.list;
  options.list_given = settings.list_given;
  options.mapping = mapping;
  options.countries = &countries;
  options.encoding = settings.encoding;
  return options;
}

// Every located problem, then one line that says the batch was refused whole.
[[noreturn]] void refuse(const std::string& label, const core::UserError& error) {
  auto diagnostics = error.diagnostics();
  const auto count = diagnostics.size();
  const core::UserError summary(
      fmt::format("{} was not imported: {} problem{} found; nothing was stored", label, count,
                  count == 1 ? "" : "s"),
      fmt::format("fix {} and import again, or add --skip-invalid to store the valid rows and write the "
                  "others to a reject file",
                  count == 1 ? "it" : "them"));
  diagnostics.insert(diagnostics.end(), summary.diagnostics().begin(), summary.diagnostics().end());
  throw core::UserError(std::move(diagnostics));
}

// --agency and --list become every record's agency and list, so they obey the identifier rule the file's
// own columns obey (a space or a Cyrillic letter accepted here broke every later command); an agency
// or list differing from a stored one only in letter case is refused, or one agency would become two.
void check_batch_names(const store::Store& store, const ImportSettings& settings) {
  std::vector<core::Diagnostic> problems;
  records::CaseRecord scratch;
  for (const auto& [option, field, value] :
       {std::tuple{"--agency", "agency", settings.agency}, std::tuple{"--list", "list", settings.list}}) {
    if (value.empty()) continue;
    if (auto problem = records::assign_field(scratch, *records::find_field(field), value, {})) {
      problems.push_back(
          {{},
           {},
           fmt::format("{} {}", option, problem->problem),
           "use the agency's short code, e.g. MUP-RS, IOM-RS, SHELTER-NS, and a list name such "
           "as victims"});
    }
  }
  const auto same_but_case = [](const std::string& a, const std::string& b) {
    return a != b && a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(x) == std::tolower(y);
           });
  };
  std::set<std::string> reported;
  for (const auto& batch : store.batches()) {
    for (const auto& [option, stored, given] : {std::tuple{"--agency", batch.agency, settings.agency},
                                                std::tuple{"--list", batch.list, settings.list}}) {
      if (!given.empty() && same_but_case(stored, given) && reported.insert(option).second) {
        problems.push_back(
            {{},
             {},
             fmt::format("{} '{}' differs only in letter case from the stored '{}'", option, given, stored),
             fmt::format("use '{}' (one agency or list, one spelling)", stored)});
      }
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
}

}  // namespace

ImportOutcome import_batch(store::Store& store, const Workspace& workspace, const std::string& file,
                           const ImportSettings& settings, const io::ColumnMapping* mapping,
                           const core::CountrySet& countries) {
  check_batch_names(store, settings);
  const auto options = source_options(settings, mapping, countries);
  const std::string hash = io::batch_content_hash(
      file,
      {settings.agency, settings.list, settings.format, std::string(1, options.separator),
       io::is_utf8_name(settings.encoding) ? std::string() : settings.encoding},
      settings.mapping_path);
  auto source = io::open_record_source(file, options);

  ImportOutcome outcome;
  outcome.label = std::filesystem::path(file).filename().string();
  const std::string rejects_path =
      settings.rejects_path.empty() ? default_rejects_path(file, source->format()) : settings.rejects_path;
  // Rejects go through io::SafeOutput: never over the input, its mapping or the store, an existing reject
  // file (perhaps corrected by hand) only with --force, renamed into place only when rows were rejected.
  std::optional<io::SafeOutput> rejects;
  if (settings.skip_invalid) {
    std::vector<std::string> inputs = {file, workspace.db};
    if (!settings.mapping_path.empty()) inputs.push_back(settings.mapping_path);
    rejects.emplace(rejects_path, io::SafeOutputOptions{settings.force, std::move(inputs), "--rejects"});
  }
  store::ImportOptions import_options;
  import_options.label = outcome.label;
  import_options.actor = workspace.audit_actor();
  import_options.content_hash = hash;
  import_options.skip_invalid = settings.skip_invalid;
  import_options.rejects = rejects ? &rejects->stream() : nullptr;
  if (settings.progress) {
    import_options.progress = [&settings, &outcome](std::uint64_t done, std::uint64_t total) {
      settings.progress(outcome.label, done, total);
    };
  }
  try {
    outcome.result = store.import_batch(*source, import_options);
  } catch (const core::UserError& error) {
    refuse(outcome.label, error);  // the reject file's temporary goes with `rejects`
  }
  outcome.notes = source->notes();
  if (rejects && outcome.result.rejected > 0 && !outcome.result.already_present) {
    rejects->commit();
    outcome.rejects_written = rejects_path;
  }
  return outcome;
}

void import_batches(const Workspace& workspace, const std::vector<std::string>& files,
                    const ImportSettings& settings,
                    const std::function<void(const ImportOutcome&)>& on_done) {
  const auto countries = workspace.countries();
  auto store = store::Store::open(workspace.db, countries, workspace.key_source());
  // A saved mapping is read like a mapping file (its bytes go into the batch's content hash alike), from a
  // private copy that lives as long as the import.
  ImportSettings effective = settings;
  std::optional<io::PrivateFolder> saved_copy;
  std::optional<io::ColumnMapping> mapping;
  if (!settings.saved_mapping.empty()) {
    if (!settings.mapping_path.empty())
      throw core::UserError("both --mapping and --saved-mapping were given", "choose one of them");
    if (settings.agency.empty())
      throw core::UserError("a saved mapping belongs to an agency", "name it with --agency");
    const std::string text = saved_mapping_text(workspace, settings.agency, settings.saved_mapping);
    mapping = load_mapping_text(workspace, text, fmt::format("mapping '{}'", settings.saved_mapping));
    saved_copy.emplace(workspace.db);
    effective.mapping_path = saved_copy->path() + "/mapping.toml";
    io::write_private_file(effective.mapping_path, text);
  } else if (!settings.mapping_path.empty()) {
    mapping = io::ColumnMapping::load(settings.mapping_path);
  }
  if (!settings.rejects_path.empty() && files.size() > 1) {
    throw core::UserError("--rejects names one file but several batches are imported",
                          "leave --rejects out: each batch gets its own FILE.rejects.csv");
  }
  for (const auto& file : files) {
    on_done(import_batch(store, workspace, file, effective, mapping ? &*mapping : nullptr, countries));
  }
}

}  // namespace clearpoint::pipeline
