// Excel workbook: a release's sheets written as one .xlsx file (libxlsxwriter), for the officers who
// fill statutory questionnaires in a spreadsheet.
//
// libxlsxwriter writes to a file name of its own choosing, so the workbook is assembled in a folder
// created 0700 beside the target and its bytes then go through io::SafeOutput like every other file
// (exclusive, 0600, never over the store or an input, replaced only with --force); the folder is removed
// whatever happens. A cell that reads as a whole number is written as a number, so sums work in the sheet.
#pragma once

#include <string>
#include <vector>

#include "io/safe_output.h"

namespace clearpoint::publish {

struct Sheet {
  std::string name;  // at most 31 characters, unique, none of []:*?/\ (Excel's rules; checked)
  std::vector<std::vector<std::string>> rows;  // the first row is written bold
};

// Throws core::UserError when the file may not be written or libxlsxwriter fails.
void write_workbook(const std::vector<Sheet>& sheets, const std::string& target,
                    const io::SafeOutputOptions& options);

// A sheet name from `wanted` that Excel accepts and `taken` does not hold yet.
std::string sheet_name(const std::string& wanted, const std::vector<std::string>& taken);

}  // namespace clearpoint::publish
