// Encodings of agency files. The legacy bytes below are taken from the published code page tables
// (Microsoft's Windows-1250 and Windows-1251, ISO/IEC 8859-5), checked against Python's codecs, not
// produced by the code under test.
#include "io/text_encoding.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "io/record_source.h"
#include "io/reference_data.h"
#include "testing/temp_dir.h"

namespace clearpoint::io {
namespace {

using testing::TempDir;

const std::string kHeader = "record_id,given_names,surnames,sex\n";
// "r1,Марија,Петровић,female" in Windows-1251 and in ISO-8859-5; "r2,Đorđević,Šćepan,male" in
// Windows-1250 (name and surname order as in the bytes).
const std::string kCp1251 = "r1,\xCC\xE0\xF0\xE8\xBC\xE0,\xCF\xE5\xF2\xF0\xEE\xE2\xE8\x9E,female\n";
const std::string kIso5 = "r1,\xBC\xD0\xE0\xD8\xF8\xD0,\xBF\xD5\xE2\xE0\xDE\xD2\xD8\xFB,female\n";
const std::string kCp1250 = "r2,\xD0or\xF0\x65vi\xE6,\x8A\xE6\x65pan,male\n";

std::string refusal(const std::string& path) {
  try {
    require_utf8_text(path, "list.csv");
  } catch (const core::UserError& error) {
    return error.diagnostics().front().to_string();
  }
  return "";
}

TEST(TextEncoding, WorkbooksUtf16AndBinaryAreRefusedUpFrontWithWhatTheyAre) {
  const TempDir dir;
  const auto zip = dir.write("a.csv", std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "xl/workbook.xml");
  EXPECT_NE(refusal(zip).find("zip archive (an Excel .xlsx"), std::string::npos) << refusal(zip);
  const auto xls = dir.write("b.csv", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  EXPECT_NE(refusal(xls).find("old Excel (.xls)"), std::string::npos);
  // "record_id" in UTF-16LE with a byte-order mark, and without one.
  const std::string utf16le("r\0e\0c\0o\0r\0d\0_\0i\0d\0\n\0", 20);
  EXPECT_NE(refusal(dir.write("c.csv", "\xFF\xFE" + utf16le)).find("--encoding UTF-16"), std::string::npos);
  EXPECT_NE(refusal(dir.write("d.csv", utf16le)).find("--encoding UTF-16LE"), std::string::npos);
  // The start of an ELF executable: zeros in both bytes of many pairs.
  const std::string elf(
      "\x7F"
      "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3E\x00",
      20);
  EXPECT_NE(refusal(dir.write("e.csv", elf)).find("binary data"), std::string::npos)
      << refusal(dir.file("e.csv"));
  EXPECT_EQ(refusal(dir.write("f.csv", kHeader + "r1,Марија,Петровић,female\n")), "");
}

TEST(TextEncoding, LegacyFilesAreNamedWithTheRegionalEncodingTheyReadAs) {
  const TempDir dir;
  EXPECT_NE(refusal(dir.write("a.csv", kHeader + kCp1251)).find("reads best as windows-1251"),
            std::string::npos)
      << refusal(dir.file("a.csv"));
  EXPECT_NE(refusal(dir.write("b.csv", kHeader + kIso5)).find("reads best as ISO-8859-5"), std::string::npos)
      << refusal(dir.file("b.csv"));
  EXPECT_NE(refusal(dir.write("c.csv", kHeader + kCp1250)).find("reads best as windows-1250"),
            std::string::npos)
      << refusal(dir.file("c.csv"));
  EXPECT_NE(refusal(dir.file("a.csv")).find("list.csv:1:1: the file is not UTF-8 text (first at line 2)"),
            std::string::npos);
}

TEST(TextEncoding, WithItsEncodingAFileIsReadAsTheSameRecordsAsInUtf8) {
  const TempDir dir;
  const auto countries = load_countries(find_data_dir());
  const auto read_names = [&](const std::string& path, const std::string& encoding) {
    SourceOptions options;
    options.agency = "A";
    options.countries = &countries;
    options.encoding = encoding;
    const auto source = open_record_source(path, options);
    std::vector<std::string> names;
    SourceRow row;
    while (source->next(row)) {
      EXPECT_TRUE(row.problems.empty()) << row.problems.front().to_string();
      EXPECT_EQ(source->file_name(), path);  // messages name the agency's file, not the copy
      names.push_back(row.record.given_names + " " + row.record.surnames);
    }
    return names;
  };
  EXPECT_EQ(read_names(dir.write("a.csv", kHeader + kCp1251), "windows-1251"),
            std::vector<std::string>{"Марија Петровић"});
  EXPECT_EQ(read_names(dir.write("b.csv", kHeader + kIso5), "ISO-8859-5"),
            std::vector<std::string>{"Марија Петровић"});
  EXPECT_EQ(read_names(dir.write("c.csv", kHeader + kCp1250), "windows-1250"),
            std::vector<std::string>{"Đorđević Šćepan"});
  EXPECT_THROW(read_names(dir.write("d.csv", kHeader), "klingon"), core::UserError);
}

TEST(TextEncoding, BytesTheEncodingDoesNotDefineAreRefusedWithTheirLine) {
  const TempDir dir;
  // 0x98 is undefined in Windows-1251.
  const auto path = dir.write("a.csv", kHeader + kCp1251 + "r2,\x98,x,female\n");
  try {
    Utf8Copy copy(path, "windows-1251");
    FAIL() << "an undefined byte was converted";
  } catch (const core::UserError& error) {
    EXPECT_NE(error.diagnostics().front().to_string().find(":3:1: a byte of this line is not a character"),
              std::string::npos)
        << error.diagnostics().front().to_string();
  }
}

}  // namespace
}  // namespace clearpoint::io
