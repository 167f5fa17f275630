// Publishing a release: its tables counted from the store, protected together, written with the
// structure an auditor needs; and the audit of a published release from its files alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/workspace.h"
#include "publish/cell_protection.h"
#include "publish/release.h"

namespace clearpoint::pipeline {

struct PublishSettings {
  std::string release_path;
  std::string out_dir;
  bool force = false;  // replace files of an earlier run in out_dir
  // The report's estimate (when the release asks for one): a coverage file (link/list_coverage.h), the
  // seed and threads of the sampler.
  std::string coverage_path;
  std::uint64_t seed = 1;
  int threads = 0;
  bool pdf = false;  // report.pdf beside report.html, printed by headless Chromium
};

struct PublishedTable {
  publish::TableDefinition definition;
  std::size_t first_cell = 0;  // its cells in PublishOutcome::cells
  std::size_t cell_count = 0;
};

// Every framework beside the release's reference framework, on the persons (or records) identified in the
// release's years whatever their verdict: for each framework a table of the reference's verdict by its
// own (qualifies, does not, undetermined, and the margins), protected like the release's tables.
struct FrameworkSideBySide {
  std::string reference;  // the release's framework, or palermo-2000
  std::string reference_name;
  std::vector<std::string> frameworks;      // the others, in the order of the tables
  std::vector<std::string> names;           // their names, same order
  std::vector<publish::ReleaseCell> cells;  // every table's cells (table = the framework's id)
  std::vector<publish::CellStatus> status;
  std::int64_t lp_solves = 0;
  // When the reference's own counts are small enough to be withheld, the tables cannot be protected one by
  // one (they would meet in a withheld margin): only each framework's own counts are published then.
  bool crossed = true;
};

struct PublishOutcome {
  publish::ReleaseDefinition release;
  std::int64_t counted = 0;                  // persons or records in the tables' grand total
  std::int64_t outside_years = 0;            // identified in another year (unknown years are counted)
  std::int64_t not_qualifying = 0;           // under the release's framework
  std::int64_t undetermined = 0;             // under the release's framework: not counted, said here
  std::int64_t assistance_not_recorded = 0;  // population = assisted: no record lists assistance
  std::size_t microcells = 0;
  std::vector<publish::ReleaseCell> cells;  // every table's cells, in table order
  std::vector<PublishedTable> tables;
  publish::Protection protection;
  std::optional<FrameworkSideBySide> frameworks;  // when the release's [report] asks for them
  std::int64_t htcds_rows = 0;                    // with [htcds]: persons (or records) exported
  std::vector<std::int64_t> htcds_suppressed;     // per column of publish::htcds_header()
  std::string data_state;                         // the active batches and linkage run counted
  std::string estimate_problem;      // why the report has no estimate, when the release asked for one
  std::vector<std::string> written;  // files, in out_dir
  // Earlier releases of this store: counted from the same data (protected against: no differencing), or
  // from other data (batches or linkage changed since; differencing across such changes is not checked).
  std::vector<std::string> earlier_same_data;
  std::vector<std::string> earlier_other_data;
  // A revision: the earlier release of the same definition whose batches are all still active, protected
  // together with this one against an attacker who assumes records were only added; and how many cells of
  // the additions (this release less that one) hold a small count and are protected too.
  std::string revises;
  std::int64_t additions_protected = 0;
};

// Writes into out_dir one CSV per table (and its statutory layout), the workbook, release.json, and the
// report (report.html; report.pdf when asked).
// The release is protected together with the earlier releases of the store counted from the same data
// (their published numbers known to the attacker, their small cells kept hidden), and is kept in the
// store for the releases after it. Throws core::UserError for a bad release file, an unknown framework,
// persons that are missing or out of date (unit = persons), or an output folder that may not be written.
PublishOutcome publish_release(const Workspace& workspace, const PublishSettings& settings);

struct ReleaseAudit {
  std::string id;
  std::int64_t cells = 0;
  std::int64_t withheld = 0;
  std::int64_t base = 0;                               // a rounded release's base
  std::vector<std::string> published_below_threshold;  // "table: categories = n" (rounded: not a multiple)
  std::vector<std::string> exposed;                    // "table: categories in [low, high]"
  bool ok() const { return published_below_threshold.empty() && exposed.empty(); }
};

// The attacker's view: reads release.json and the table files of a published release and, for every
// withheld cell, solves the attacker's LPs over everything published. A withheld cell is exposed when its
// interval is narrower than the release's protection and holds a count between 1 and threshold − 1 (the
// attacker would learn that a small count is there; zeros too when the release withholds zeros); a
// published count between 1 and threshold − 1 is a failure too.
ReleaseAudit audit_published_release(const std::string& dir);

}  // namespace clearpoint::pipeline
