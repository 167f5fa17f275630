// Release: a declared publication — which tables, counted in which unit, over which years, under which
// legal definition, and the disclosure rules that protect all of them together.
//
// A release file (TOML, docs/publish.md):
//
//   [release]
//   id = "western-balkans-2000-2025"
//   title = "Identified victims of trafficking in human beings"
//   years = [2000, 2025]            # years of identification; "unknown" years are their own category
//   unit = "persons"                # "persons" (after `clearpoint link`) or "records"
//   population = "identified"       # or "assisted": only those with assistance recorded (docs/publish.md)
//   framework = "palermo-2000"      # optional: who counts — cases that qualify under it (a person counts
//                                   # when one of her records does; those undetermined are reported)
//   threshold = 5                   # k: counts 1 … k−1 are withheld (primary suppression)
//   zeros = "publish"               # or "suppress"
//   protection = 5                  # the attacker's interval of a withheld cell must be this wide
//   method = "suppression"          # or "rounding": every cell rounded to a multiple of base, tables
//   additive base = 5                        # rounding's base; default: the threshold periods = [[2000,
//   2004], [2005, 2009], …]   # optional: the years grouped, for the variable period
//
//   [[table]]
//   id = "year-sex"
//   title = "By year of identification and sex"
//   variables = ["year", "sex"]
//   layout = "plain"                # or "eurostat" / "glotip": the statutory file's own layout
//
//   [htcds]                         # optional: the persons as k-anonymous HTCDS rows (htcds_export.h)
//   k = 5                           # default: the threshold
//
//   [report]                        # optional: what the HTML report shows beside the tables
//   routes = "origin-destination"   # the table (origin × destination) the routes diagram is drawn from
//   frameworks = true               # every framework side by side, with its disagreements
//   estimate = "latent-class"       # the hidden total by this method (clearpoint estimate)
//   claims = ["media-iom-120000"]   # published figures traced to their sources
//
// Variables: year, sex, age_group (child / adult at the act, law/facts.h), glotip_group (women, men,
// girls, boys: sex by age group, as UNODC's questionnaire asks), citizenship (the first listed),
// exploitation (the first listed form), agency, origin (the first country of origin) and destination
// (the last country of destination); period (the years grouped as `periods` says: a hierarchy, linked to
// year); citizenship_region (the UN M49 sub-region of the citizenship, data/regions: a hierarchy, linked to
// citizenship). Each takes "unknown" as a category of its own: nothing is dropped.
// identified_by (the kind of organisation that identified her: police, NGO, IOM …). A person's values are
// her earliest record's (by year of identification).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "publish/cell_protection.h"

namespace clearpoint::publish {

// How a table's file is laid out: clearpoint's own (one column per variable, count, flag), or in the
// shape a statutory collection asks for (docs/publish.md, "Statutory outputs").
enum class TableLayout { kPlain, kEurostat, kGlotip };

struct TableDefinition {
  std::string id;
  std::string title;
  std::vector<std::string> variables;
  TableLayout layout = TableLayout::kPlain;
};

// What the report shows beside the release's tables; every figure comes from a protected table or is
// itself protected (docs/publish.md, "The report").
struct ReportDefinition {
  std::string routes_table;  // a table over origin and destination; empty: no routes section
  bool frameworks = false;
  std::string estimate_method;  // empty: no estimate section
  std::vector<std::string> claims;
};

struct ReleaseDefinition {
  std::string id;
  std::string title;
  int first_year = 0;
  int last_year = 0;
  std::vector<std::pair<int, int>> periods;  // consecutive, covering first_year … last_year
  std::string unit = "persons";
  std::string population = "identified";  // or "assisted"
  std::string framework;                  // empty: every case counts
  ProtectionRules rules;
  bool rounding = false;  // controlled rounding instead of suppression (controlled_rounding.h)
  std::int64_t base = 0;  // rounding's base
  std::vector<TableDefinition> tables;
  ReportDefinition report;
  std::int64_t htcds_k = 0;  // 0: no HTCDS export
  std::string file_hash;     // of the release file's bytes
};

// The variables a table may use.
const std::vector<std::string>& release_variables();

// Reads a release file; throws core::UserError with file:line:column for every problem.
ReleaseDefinition load_release(const std::string& path);

}  // namespace clearpoint::publish
