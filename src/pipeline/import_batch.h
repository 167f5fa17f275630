// Importing a batch: one agency file (CSV or JSON Lines) read through its column mapping and stored whole
// or not at all; importing the same bytes with the same settings again changes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "io/column_mapping.h"
#include "io/record_source.h"
#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

struct ImportSettings {
  std::string agency;
  std::string list = "main";
  bool list_given = false;    // --list was given: a list column that differs is an error
  std::string mapping_path;   // empty: the canonical headers
  std::string saved_mapping;  // the agency's mapping saved under this name (pipeline/saved_mappings.h)
  std::string format;         // "csv", "jsonl", "xlsx" or empty: from the file name
  std::string separator;      // ",", ";", "tab" or empty: detected
  std::string encoding;       // empty: UTF-8 (anything else refused, named); else converted with ICU
  // Store the valid rows and write the invalid ones, with their errors, to a reject file (by default
  // FILE.rejects.csv or .jsonl beside the input).
  bool skip_invalid = false;
  std::string rejects_path;
  bool force = false;  // replace an existing reject file
  // Hears each file's progress, named by its label.
  std::function<void(const std::string& label, std::uint64_t done, std::uint64_t total)> progress;
};

struct ImportOutcome {
  std::string label;            // the file name, as `batches` shows it
  store::ImportResult result;   // the batch, accepted and rejected rows, or "already present"
  std::string rejects_written;  // the reject file, when rows were rejected; else empty
  io::SourceNotes notes;        // dates the mapping made unknown, and where the first was
};

// Imports one file into `store`. Throws core::UserError listing every problem located in the file, then
// one line saying nothing was stored.
ImportOutcome import_batch(store::Store& store, const Workspace& workspace, const std::string& file,
                           const ImportSettings& settings, const io::ColumnMapping* mapping,
                           const core::CountrySet& countries);

// Imports several files, each its own batch, with one mapping loaded once; `on_done` hears each outcome
// as it is stored (a later file's failure leaves the earlier batches stored).
void import_batches(const Workspace& workspace, const std::vector<std::string>& files,
                    const ImportSettings& settings, const std::function<void(const ImportOutcome&)>& on_done);

}  // namespace clearpoint::pipeline
