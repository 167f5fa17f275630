// HTCDS export: the persons of a release as rows of the Human Trafficking Case Data Standard (IOM, v2.0),
// made k-anonymous by local suppression before anything is written.
//
// Columns (HTCDS field names; values from its picklists): prs_Gender (Feminine, Masculine,
// NonSpecifiedUnknown — HTCDS has no value for a sex recorded as "other", which goes there too),
// prs_Citizenship (ISO 3166 alpha-2), vic_TraffickingStatus (under the release's framework: Actual when the
// person qualifies, Possible when undetermined — never Not for an unknown —, NotAVictimOfTrafficking when she
// does not; empty without a framework), vic_TypeOfExploitation (multi-select, ";"-joined: SexualExploitation,
// ForcedLabour, ForcedBegging, ForcedMarriage, OrganRemoval, ForcedAdoption, Surrogacy, Other — criminal
// activity is Other, HTCDS has no value for it), vic_TraffickingStatusDecisionDate (the year of
// identification only), and x_AgeGroup (child / adult at the act: clearpoint's, HTCDS asks for an age in
// years, a finer quasi-identifier than a release should carry). No name, date of birth, identifier, address
// or free text is exported.
//
// k-anonymity: every combination of the exported values must be shared by at least k rows. Rows in smaller
// groups lose values, one column at a time in a fixed order (citizenship, year, exploitation, age group,
// gender, status — the most identifying first), an empty value being a value of its own, until every group
// holds k rows or has nothing left to say. No row is dropped: a person with every value suppressed still
// counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/verdict.h"
#include "records/case_record.h"

namespace clearpoint::publish {

struct HtcdsTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // sorted: the order says nothing of the store's
  std::vector<std::int64_t> suppressed;        // per column: values suppressed
};

// One person's row; `status` only with a framework (`judged`), `age_group` as the release reads it.
std::vector<std::string> htcds_row(const records::CaseRecord& record, bool judged, core::Verdict status,
                                   const std::string& age_group);
const std::vector<std::string>& htcds_header();

// A cell of a release table as HTCDS values: column → value, for each of the cell's variables that is not a
// margin; exploitation matches a row whose multi-select holds it.
using HtcdsCell = std::vector<std::pair<std::size_t, std::string>>;

// The table cell (variables and categories, "Total" for a margin) as HTCDS values; none when a variable
// has no HTCDS column (agency, origin, destination, period, glotip_group), which the rows cannot fall in.
std::optional<HtcdsCell> htcds_cell(const std::vector<std::string>& variables,
                                    const std::vector<std::string>& categories);

// Local suppression to k-anonymity (see above); `rows` as htcds_row gives them. No row may lie wholly inside
// one of the `withheld` cells of the release's tables either (it would show someone where the tables say
// nothing): such a row loses the first of the cell's columns in the suppression order.
HtcdsTable k_anonymous(std::vector<std::vector<std::string>> rows, std::int64_t k,
                       const std::vector<HtcdsCell>& withheld = {});

}  // namespace clearpoint::publish
