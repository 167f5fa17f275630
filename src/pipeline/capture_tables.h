// Capture tables from the store: the linked persons' capture histories (which lists each person is on),
// optionally per stratum, as the CSV table of `clearpoint histories` and as the bitmask tables the
// estimation stage reads — both from the same persons, with no text in between.
#pragma once

#include <string>
#include <vector>

#include "link/capture_histories.h"
#include "mse/capture_table.h"
#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

// The stored persons' histories. Throws core::UserError when nothing is linked (`hint` says what to do),
// and when the persons are stale — records imported or withdrawn since the last link — unless
// `stale_ok`, when `stale_note` (if given) receives what the histories leave out. With coverage — the file
// `coverage_path`, else the coverage saved in the store; "none": neither (pipeline/coverage_source.h) —
// every history also says which lists could have caught its persons.
link::CaptureHistories capture_histories_from_store(const Workspace& workspace,
                                                    const std::vector<link::Stratum>& strata,
                                                    const std::string& hint = "run `clearpoint link` first",
                                                    bool stale_ok = false, std::string* stale_note = nullptr,
                                                    const std::string& coverage_path = {});

// The histories as estimation tables: one per stratum (in increasing order of the stratum values), bit j
// of a history set when the person is on the j-th list in sorted order. Throws core::UserError when there
// are more lists than a capture table holds.
mse::StratifiedTables capture_tables(const link::CaptureHistories& histories,
                                     const std::vector<link::Stratum>& strata);

}  // namespace clearpoint::pipeline
