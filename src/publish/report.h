// Report: what the clearing point's annual report says, as plain values — the release's protected tables
// with their unit, period, definition and source, the routes and country roles drawn from those tables,
// the frameworks side by side (protected the same way), the hidden-total estimate with its spread across
// methods and its flags, published figures traced to their sources, the batches counted and the methods.
// Nothing here is a raw record: every count is a cell of a protected table or withheld (std::nullopt).
// render_report_html (report_html.h) turns it into one self-contained page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "publish/cell_protection.h"

namespace clearpoint::publish {

using PublishedCount = std::optional<std::int64_t>;  // none: withheld

struct ReportTable {
  std::string id;
  std::string title;
  std::vector<std::string> variables;
  std::vector<ReleaseCell> cells;  // as MicrocellSpace::table orders them
  std::vector<CellStatus> status;
};

struct RouteFlow {
  std::string from;
  std::string to;
  std::int64_t count = 0;
};

struct RoleRow {
  std::string country;
  std::string name;
  PublishedCount as_origin;
  PublishedCount as_destination;
  std::string tiers;  // the TIP tiers of the report years, e.g. "2003: 3 → 2 (9/2003) · 2004: 2 …"
  std::string label;  // the published role label of the years, with its source; empty: none
};

struct FrameworkRow {
  std::string id;
  std::string name;
  PublishedCount qualifies, does_not, undetermined;
  PublishedCount only_reference;  // qualifies under the reference framework and does not under this one
  PublishedCount only_this;       // qualifies under this one and does not under the reference
};

struct EstimateLine {
  std::string method;
  std::string interval_kind;
  std::string assumes;
  bool ok = false;
  std::string problem;
  double estimate = 0, lower = 0, upper = 0;
  bool chosen = false;
};

struct ReportEstimate {
  std::string method;
  double observed = 0;  // persons found on the lists (the published total of persons in the estimate)
  double level = 0.95;
  std::uint64_t seed = 0;
  std::vector<EstimateLine> lines;
  std::vector<std::string> flags;
};

struct ClaimLine {
  int depth = 0;
  std::string text;  // value, unit, region, period, who published it, attributed to, method
  std::vector<std::string> flags;
};

struct SourceBatch {
  std::int64_t id = 0;
  std::string agency, list, imported_at, content_hash;
  std::int64_t records = 0;
};

struct ReportContent {
  std::string title, release_id, unit, unit_definition, period, who_counts;
  std::string framework;  // the release's; empty: every case counts, nothing is judged
  std::string generated_at, version, data_state, release_file_hash;
  std::int64_t threshold = 5, protection = 5;
  std::int64_t rounding_base = 0;  // controlled rounding instead of suppression: every count a multiple
  std::int64_t counted = 0;
  PublishedCount not_qualifying, undetermined, outside_years;
  std::int64_t cells = 0, microcells = 0, primary = 0, secondary = 0, lost = 0, lp_solves = 0;
  std::vector<std::string> protected_with;  // earlier releases this one was protected together with
  std::vector<std::string> not_modelled;    // earlier releases of other data, only named
  std::vector<ReportTable> tables;
  std::vector<std::pair<std::string, std::string>> variable_definitions;  // variable, what it means

  std::string routes_table;          // empty: no routes section
  std::vector<RouteFlow> routes;     // the published cells of the routes table, origin × destination
  std::int64_t routes_withheld = 0;  // cells of the routes table withheld
  std::vector<RoleRow> roles;

  std::string reference_framework;  // empty: no frameworks section
  bool frameworks_crossed = true;
  std::vector<FrameworkRow> frameworks;  // the reference first

  std::optional<ReportEstimate> estimate;
  std::string estimate_problem;  // why no estimate is shown, when one was asked for

  std::vector<std::pair<std::string, std::vector<ClaimLine>>> claims;  // claim id → its trace
  std::vector<SourceBatch> sources;
  std::vector<std::pair<std::string, std::string>> methods;  // heading → paragraph
};

}  // namespace clearpoint::publish
