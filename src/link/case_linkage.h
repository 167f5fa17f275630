// Case linkage: what clearpoint compares when it links case records into persons — the fields, their
// comparisons, the blocking rules and the EM training sessions — in one place for the CLI, the tests
// and the benchmarks (docs/linkage.md explains each choice).
#pragma once

#include <string>
#include <vector>

#include "link/linker.h"
#include "records/case_record.h"

namespace clearpoint::link {

// The record fields linkage reads: the compared ones and those that name a record (agency, list, id).
std::vector<std::string> case_linkage_fields();

// The compared values of a record, in the order case_comparisons() indexes them.
std::vector<std::string> case_linkage_row(const records::CaseRecord& record);

// Given names (nicknames known), surnames (gender forms known), birth date as an interval, sex, the
// year of identification, and where an agency holds them the identity number (one typo allowed) and the
// address (street and city as names, postcode with one typo, region exact).
std::vector<FieldComparison> case_comparisons();

// Candidates: the same surname skeleton; the same given name and birth year; the same surname prefix and
// birth year; the same given name and surname prefix; the same two names in either order (swaps).
std::vector<BlockingRule> case_blocking_rules();

// EM sessions: pairs with the same given name and surname teach the date's, sex's and year's m; pairs
// born on the same day teach the names'.
std::vector<BlockingRule> case_training_rules();

}  // namespace clearpoint::link
