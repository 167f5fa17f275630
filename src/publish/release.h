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
//   framework = "palermo-2000"      # optional: who counts — cases that qualify under it (a person counts
//                                   # when one of her records does; those undetermined are reported)
//   threshold = 5                   # k: counts 1 … k−1 are withheld (primary suppression)
//   zeros = "publish"               # or "suppress"
//   protection = 5                  # the attacker's interval of a withheld cell must be this wide
//
//   [[table]]
//   id = "year-sex"
//   title = "By year of identification and sex"
//   variables = ["year", "sex"]
//
// Variables: year, sex, age_group (child / adult at the act, law/facts.h), citizenship (the first
// listed), exploitation (the first listed form), agency. Each takes "unknown" as a category of its own:
// nothing is dropped. A person's values are her earliest record's (by year of identification).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "publish/cell_protection.h"

namespace clearpoint::publish {

struct TableDefinition {
  std::string id;
  std::string title;
  std::vector<std::string> variables;
};

struct ReleaseDefinition {
  std::string id;
  std::string title;
  int first_year = 0;
  int last_year = 0;
  std::string unit = "persons";
  std::string framework;  // empty: every case counts
  ProtectionRules rules;
  std::vector<TableDefinition> tables;
  std::string file_hash;  // of the release file's bytes
};

// The variables a table may use.
const std::vector<std::string>& release_variables();

// Reads a release file; throws core::UserError with file:line:column for every problem.
ReleaseDefinition load_release(const std::string& path);

}  // namespace clearpoint::publish
