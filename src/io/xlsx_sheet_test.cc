// Workbooks written by another library (libxlsxwriter: shared strings, a date cell in a custom format, a
// number, a blank row, a short row) read as the agency sees them in Excel, and imported with every problem
// located as Sheet!C12.
#include "io/xlsx_sheet.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <string_view>

#include "core/diagnostic.h"
#include "pipeline/import_batch.h"
#include "testing/police_workbook.h"
#include "testing/temp_dir.h"

namespace clearpoint::io {
namespace {

TEST(XlsxSheet, ReadsTheFirstSheetAsTheAgencySeesIt) {
  testing::TempDir dir;
  const auto path = dir.file("police.xlsx");
  ASSERT_TRUE(testing::write_police_workbook(path, "1985-02-01"));
  XlsxSheet sheet(path, "police.xlsx");
  EXPECT_EQ(sheet.sheet_name(), "Victims");
  CsvRow row;
  ASSERT_TRUE(sheet.next(row));
  EXPECT_EQ(row.line, 1);
  ASSERT_EQ(row.fields.size(), 7U);
  EXPECT_EQ(row.fields[4], "birth_date");
  ASSERT_TRUE(sheet.next(row));
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.fields[1], "Марија");
  EXPECT_EQ(row.fields[4], "1990-05-17") << "a date cell reads as the date Excel shows";
  EXPECT_EQ(row.fields[5], "2004");
  EXPECT_EQ(row.columns[4], 5);
  ASSERT_TRUE(sheet.next(row));
  EXPECT_EQ(row.line, 3);
  ASSERT_TRUE(sheet.next(row));
  EXPECT_EQ(row.line, 5) << "the blank row 4 is skipped, the row keeps its number";
  ASSERT_EQ(row.fields.size(), 7U) << "padded to the header's width";
  EXPECT_EQ(row.fields[0], "17");
  EXPECT_EQ(row.fields[6], "");
  EXPECT_FALSE(sheet.next(row));
}

TEST(XlsxSheet, ImportLocatesProblemsAsSheetAndCell) {
  testing::TempDir dir;
  pipeline::Workspace workspace;
  workspace.db = dir.file("s.db");
  workspace.init_store();
  const auto path = dir.file("police.xlsx");
  ASSERT_TRUE(testing::write_police_workbook(path, "31.31.1985"));
  pipeline::ImportSettings settings;
  settings.agency = "MUP-RS";
  settings.list = "victims";
  auto store = workspace.open_store();
  try {
    pipeline::import_batch(store, workspace, path, settings, nullptr, workspace.countries());
    FAIL() << "an impossible date was imported";
  } catch (const core::UserError& error) {
    ASSERT_FALSE(error.diagnostics().empty());
    const auto& first = error.diagnostics().front();
    EXPECT_TRUE(first.where.to_string().ends_with("police.xlsx: Victims!E3")) << first.where.to_string();
    EXPECT_EQ(first.field, "birth_date");
    EXPECT_EQ(std::string(error.what()).find("Ana"), std::string::npos);
  }
  EXPECT_TRUE(store.batches().empty());
  ASSERT_TRUE(testing::write_police_workbook(path, "1985-02-01"));
  const auto outcome =
      pipeline::import_batch(store, workspace, path, settings, nullptr, workspace.countries());
  EXPECT_EQ(outcome.result.accepted, 3);
  EXPECT_EQ(outcome.result.batch.format, "xlsx");
  std::vector<records::CaseRecord> stored;
  store.for_each_record({}, [&](const records::CaseRecord& r) { stored.push_back(r); });
  ASSERT_EQ(stored.size(), 3U);
  EXPECT_EQ(stored[0].given_names, "Марија");
  EXPECT_EQ(stored[2].record_id, "17");
}

TEST(XlsxSheet, WhatIsNotAWorkbookIsNamed) {
  testing::TempDir dir;
  const auto text = dir.write("list.xlsx", "record_id,given_names\nR1,Ana\n");
  try {
    XlsxSheet sheet(text, "list.xlsx");
    FAIL() << "a text file was read as a workbook";
  } catch (const core::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("not an Excel workbook"), std::string::npos) << error.what();
  }
}

// A workbook whose only sheet is `sheet_xml`, built with libzip as a hostile or broken writer might.
bool write_raw_workbook(const std::string& path, std::string_view sheet_xml) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) return false;
  const auto add = [&](const char* name, std::string_view text) {
    zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
    return source != nullptr && zip_file_add(archive, name, source, ZIP_FL_OVERWRITE) >= 0;
  };
  const bool built =
      add("xl/workbook.xml", R"(<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>)") &&
      add("xl/_rels/workbook.xml.rels",
          R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)") &&
      add("xl/worksheets/sheet1.xml", sheet_xml);
  if (!built) {
    zip_discard(archive);
    return false;
  }
  return zip_close(archive) == 0;
}

TEST(XlsxSheet, CellReferencesPastTheLastColumnDoNotOverflow) {
  // Found by the fuzzer: a reference of 15 letters overflowed the column number (undefined behaviour).
  testing::TempDir dir;
  const auto path = dir.file("hostile.xlsx");
  ASSERT_TRUE(write_raw_workbook(
      path, R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>record_id</t></is></c>)"
            R"(<c r="ZZZZZZZZZZZZZZZ1"><v>7</v></c><c r="XFE1"><v>8</v></c></row>)"
            R"(<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row></sheetData></worksheet>)"));
  XlsxSheet sheet(path, "hostile.xlsx");
  CsvRow row;
  ASSERT_TRUE(sheet.next(row));
  ASSERT_EQ(row.fields.size(), 1U) << "cells past Excel's last column (XFD) are not columns of the list";
  EXPECT_EQ(row.fields[0], "record_id");
  ASSERT_TRUE(sheet.next(row));
  EXPECT_EQ(row.fields[0], "1");
}

TEST(XlsxSheet, SpreadsheetColumnLetters) {
  EXPECT_EQ(core::spreadsheet_column_letters(1), "A");
  EXPECT_EQ(core::spreadsheet_column_letters(26), "Z");
  EXPECT_EQ(core::spreadsheet_column_letters(27), "AA");
  EXPECT_EQ(core::spreadsheet_column_letters(16384), "XFD");  // Excel's last column
}

}  // namespace
}  // namespace clearpoint::io
