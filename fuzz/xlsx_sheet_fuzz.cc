// Fuzz target: a workbook's sheet XML (the part an agency's file shapes most) is read row by row or refused
// with a located user error. The input becomes xl/worksheets/sheet1.xml of a workbook built here with
// libzip beside fixed shared strings and styles, so the fuzzer spends its time in the XML, not in zip's
// checksums.
#include <zip.h>

#include <string>

#include "fuzz/fuzz_input.h"
#include "io/xlsx_sheet.h"

namespace {

constexpr char kWorkbook[] =
    R"(<workbook xmlns:r="r"><workbookPr date1904="0"/><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>)";
constexpr char kRelations[] =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";
constexpr char kStrings[] =
    R"(<sst><si><t>record_id</t></si><si><r><t>Ма</t></r><r><t>рија</t></r></si></sst>)";
constexpr char kStyles[] =
    R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>)";

bool add(zip_t* archive, const char* name, const void* data, std::size_t size) {
  zip_source_t* source = zip_source_buffer(archive, data, size, 0);
  if (source == nullptr) return false;
  if (zip_file_add(archive, name, source, ZIP_FL_OVERWRITE) < 0) {
    zip_source_free(source);
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(nullptr, 0, ".xlsx");
  int error = 0;
  zip_t* archive = zip_open(input.path().c_str(), ZIP_TRUNCATE | ZIP_CREATE, &error);
  if (archive == nullptr) return 0;
  const bool built = add(archive, "xl/workbook.xml", kWorkbook, sizeof kWorkbook - 1) &&
                     add(archive, "xl/_rels/workbook.xml.rels", kRelations, sizeof kRelations - 1) &&
                     add(archive, "xl/sharedStrings.xml", kStrings, sizeof kStrings - 1) &&
                     add(archive, "xl/styles.xml", kStyles, sizeof kStyles - 1) &&
                     add(archive, "xl/worksheets/sheet1.xml", data, size);
  if (!built || zip_close(archive) != 0) {
    zip_discard(archive);
    return 0;
  }
  try {
    io::XlsxSheet sheet(input.path(), "fuzz.xlsx");
    io::CsvRow row;
    while (sheet.next(row)) {
      // The reader's promise: a column number for every field, and rows in sheet order.
      if (row.columns.size() != row.fields.size()) __builtin_trap();
    }
  } catch (const core::UserError&) {
  }
  return 0;
}
