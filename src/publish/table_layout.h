// Table layout: a protected release table as rows of text, in clearpoint's own layout or in the shape a
// statutory collection asks for, so the CSV files and the workbook's sheets are written from one source.
//
//   plain     one column per variable, then count and flag: every combination of categories and every
//             margin ("Total"); a withheld count is empty with flag "c" (Eurostat's flag for confidential).
//   eurostat  long, SDMX-CSV style as Eurostat's crim_thb tables read: freq, unit, one coded column per
//             variable (sex F/M/OTH/UNK/T; age Y_LT18/Y_GE18/UNK/TOTAL; citizen as ISO 3166 with Eurostat's
//             EL and UK, UNK, TOTAL; org for identified_by; others as recorded, UNK, TOTAL), TIME_PERIOD,
//             OBS_VALUE, OBS_FLAG. Rows summed over years are left out (Eurostat publishes years); rows of
//             unknown year are kept with TIME_PERIOD "unknown", so nothing is dropped. A table without year
//             gives the release's span of years as TIME_PERIOD ("2000-2025").
//   glotip    wide, as UNODC's GLOTIP questionnaire asks: one row per category of the table's other variable
//             (and Total), one column per group — Women, Men, Girls, Boys, Unknown, Total; withheld: "c".
#pragma once

#include <string>
#include <vector>

#include "publish/cell_protection.h"
#include "publish/release.h"

namespace clearpoint::publish {

inline constexpr std::string_view kWithheldFlag = "c";

struct LaidOutTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// `cells` and `status` are the table's own, in MicrocellSpace::table's order.
LaidOutTable lay_out(const TableDefinition& table, TableLayout layout, const std::vector<ReleaseCell>& cells,
                     const std::vector<CellStatus>& status, const ReleaseDefinition& release);

// The file name suffix of a statutory layout ("" for plain, ".eurostat", ".glotip").
std::string layout_suffix(TableLayout layout);

}  // namespace clearpoint::publish
