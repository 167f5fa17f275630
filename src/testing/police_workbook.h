// Test support: a police list as an Excel workbook written by another library (libxlsxwriter), so the
// workbook reader is tested on files it did not write: shared strings, a date cell in a custom format,
// numbers, a blank row and a row that ends early. Only tests include this.
#pragma once

#include <xlsxwriter.h>

#include <string>

namespace clearpoint::testing {

// The police list as a workbook; `birth_date_of_r2` is written as text, as an officer might type it.
inline bool write_police_workbook(const std::string& path, const char* birth_date_of_r2) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Victims");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd.mm.yyyy");
  const char* header[] = {"record_id",  "given_names",         "surnames",   "sex",
                          "birth_date", "identification_year", "citizenship"};
  for (lxw_col_t c = 0; c < 7; ++c) worksheet_write_string(sheet, 0, c, header[c], nullptr);
  worksheet_write_string(sheet, 1, 0, "R1", nullptr);
  worksheet_write_string(sheet, 1, 1, "Марија", nullptr);
  worksheet_write_string(sheet, 1, 2, "Ђорђевић", nullptr);
  worksheet_write_string(sheet, 1, 3, "female", nullptr);
  lxw_datetime born = {1990, 5, 17, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 4, &born, date);
  worksheet_write_number(sheet, 1, 5, 2004, nullptr);
  worksheet_write_string(sheet, 1, 6, "RS", nullptr);
  worksheet_write_string(sheet, 2, 0, "R2", nullptr);
  worksheet_write_string(sheet, 2, 1, "Ana", nullptr);
  worksheet_write_string(sheet, 2, 2, "Jovanović", nullptr);
  worksheet_write_string(sheet, 2, 3, "female", nullptr);
  worksheet_write_string(sheet, 2, 4, birth_date_of_r2, nullptr);
  worksheet_write_number(sheet, 2, 5, 2005, nullptr);
  worksheet_write_string(sheet, 2, 6, "RS", nullptr);
  // Row 4 left blank; row 5 ends early (the sheet leaves its empty cells out).
  worksheet_write_number(sheet, 4, 0, 17, nullptr);
  worksheet_write_string(sheet, 4, 1, "Ivana", nullptr);
  return workbook_close(workbook) == LXW_NO_ERROR;
}

}  // namespace clearpoint::testing
