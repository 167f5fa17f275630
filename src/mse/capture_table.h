// Capture table: how many persons were found on each combination of t lists — the input of Multiple
// Systems Estimation. A capture history is a bitmask (bit j set: on list j); the all-zero history, the
// persons on no list, is what estimation is for and is never observed.
//
// Files use the layout of ../shared/data/mse (and of `clearpoint histories`): one 0/1 column per list,
// then `count` (also `freq`, `Freq`, `frequency` or `n`, as Rcapture and SparseMSE name it; without a
// count column each row is one person, Rcapture's individual format); optional leading `stratum_<name>`
// columns split the table into strata; an optional `coverage` column after them says which lists could have
// caught the persons of the row at all (0/1 per list, in list order, e.g. `11000110`, and `?` for a list
// their records do not decide: counted as covering them by the per-group and pooled methods, placed among
// the groups their records allow by the shared latent-class model; see docs/estimation.md, "List coverage") —
// lists that cannot see a person are structural zeros, not evidence of dependence. Unobserved histories may
// be left out (they count 0). Every problem is refused with its file:line:column: a negative or non-integer
// count, a value other than 0/1, a history given twice, fewer than two lists, a list on which nobody was
// found, an all-zero history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clearpoint::mse {

using History = std::uint32_t;

// The persons whom the same lists could catch: `lists` is the bitmask of those lists; `counts` as in
// CaptureTable (only histories within `lists`).
struct CoverageGroup {
  History lists = 0;
  std::vector<double> counts;
};

struct UndeterminedCell {
  History covered_by = 0;    // the group they are counted in: the lists certain to cover them and these
  History undetermined = 0;  // the lists of covered_by that their records do not decide
  History history = 0;
  double count = 0;
};

struct CaptureTable {
  std::vector<std::string> lists;  // column names, bit j = lists[j]
  // Counts of every history 1 .. 2^t − 1 (index = history; index 0 unused and 0), over every coverage group.
  std::vector<double> counts;
  // Empty: every list could catch everyone. Otherwise the same persons split by coverage; their counts add
  // up to `counts`.
  std::vector<CoverageGroup> coverage = {};
  // Persons whose records do not decide whether some lists could have caught them (a `?` in the coverage
  // column): counted in `coverage` as if those lists could, and listed here as well, so that a model can
  // instead weigh the coverage groups their records allow (mse/latent_class.h).
  std::vector<UndeterminedCell> undetermined = {};

  int list_count() const { return static_cast<int>(lists.size()); }
  double observed() const;     // persons on at least one list
  double overlapping() const;  // persons on two lists or more: what the overlap that estimation reads holds
};

struct StratifiedTables {
  std::vector<std::string> stratum_names;  // without the `stratum_` prefix
  // One table per combination of stratum values found, in file order of first appearance; with no
  // stratum columns, one table with empty `values`.
  struct Stratum {
    std::vector<std::string> values;
    CaptureTable table;
  };
  std::vector<Stratum> strata;
};

// Reads a capture-history CSV; throws core::UserError listing every problem with its location.
StratifiedTables read_capture_tables(const std::string& path);

// Adds `count` persons with `history` whom the lists in `covered_by` could catch (the table's coverage
// groups are kept sorted by their lists); `undetermined`: those of the lists their records do not decide.
void add_covered(CaptureTable& table, History covered_by, History history, double count,
                 History undetermined = 0);

// The persons of one coverage group as a table over only the lists that could catch them (list order kept).
CaptureTable group_table(const CaptureTable& table, const CoverageGroup& group);
// The names of the lists that could catch a coverage group, in the table's order.
std::vector<std::string> group_list_names(const CaptureTable& table, const CoverageGroup& group);

// Checks a table for estimation (≥ 2 lists, each list seen, counts finite and ≥ 0); throws
// core::UserError naming `where` (a file or stratum) when it is not fit.
void check_table(const CaptureTable& table, const std::string& where);

// A checksum of the table (BLAKE2b-128 over the list names and counts, "blake2b:" and 32 hex digits), stamped
// on every result so a figure can be traced to the exact input it came from.
std::string table_checksum(const CaptureTable& table);

}  // namespace clearpoint::mse
