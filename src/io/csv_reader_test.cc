#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace clearpoint::io {
namespace {

std::vector<CsvRow> read_all(const std::string& path, CsvOptions options = {}) {
  CsvReader reader(path, options);
  std::vector<CsvRow> rows;
  CsvRow row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

TEST(CsvReader, ReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
  testing::TempDir dir;
  const auto path = dir.write("a.csv", "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,end\n");
  const auto rows = read_all(path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"plain", "", "end"}));
  EXPECT_EQ(rows[2].line, 4);  // the quoted line break moved it down a line
  EXPECT_TRUE(rows[1].problems.empty());
}

TEST(CsvReader, SkipsTheByteOrderMarkAndDetectsSemicolons) {
  testing::TempDir dir;
  const auto path = dir.write("excel.csv", "\xEF\xBB\xBFime;prezime\r\nЈелена;Петровић\r\n\r\n");
  CsvReader reader(path, {});
  EXPECT_EQ(reader.separator(), ';');
  CsvRow row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.fields[0], "ime");  // no BOM glued to the first header
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.fields[1], "Петровић");
  EXPECT_FALSE(reader.next(row));  // the blank last line is not a row
}

TEST(CsvReader, ColumnsCountCharactersNotBytes) {
  testing::TempDir dir;
  const auto path = dir.write("c.csv", "a,b\nĐorđe,x\n");
  const auto rows = read_all(path);
  EXPECT_EQ(rows[1].columns, (std::vector<std::int64_t>{1, 7}));
}

TEST(CsvReader, MalformedUtf8IsLocatedToTheCharacter) {
  testing::TempDir dir;
  // Windows-1250 "Đorđević" is not UTF-8: 0xD0 starts a two-byte sequence that 'o' does not continue.
  const auto path = dir.write("w.csv", "id,name\n7,Ab\xD0orevi\x9A\n");
  const auto rows = read_all(path);
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].problems[0].where.line, 2);
  EXPECT_EQ(rows[1].problems[0].where.column,
            5);  // field starts at column 3, bad byte is its third character
  EXPECT_NE(rows[1].problems[0].problem.find("UTF-8"), std::string::npos);
}

TEST(CsvReader, EmbeddedNulIsAProblemNotACrash) {
  testing::TempDir dir;
  const auto path = dir.write("n.csv", std::string("a,b\nx,y\0z\n", 10));
  const auto rows = read_all(path);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].problems[0].where.column, 3);
  EXPECT_NE(rows[1].problems[0].problem.find("NUL"), std::string::npos);
}

TEST(CsvReader, TenMegabyteFieldIsCutAndReported) {
  testing::TempDir dir;
  const auto path = dir.write("big.csv", "a,b\n1," + std::string(10 << 20, 'x') + "\n2,ok\n");
  const auto rows = read_all(path);
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_LE(rows[1].fields[1].size(), 64u * 1024u);
  EXPECT_EQ(rows[1].problems[0].where.line, 2);
  EXPECT_TRUE(rows[2].problems.empty());  // reading goes on with the next row
  EXPECT_EQ(rows[2].fields[1], "ok");
}

TEST(CsvReader, UnterminatedQuoteIsLocatedWhereTheQuoteOpens) {
  testing::TempDir dir;
  const auto path = dir.write("q.csv", "a,b\n1,\"never closed\n2,x\n");
  const auto rows = read_all(path);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_FALSE(rows[1].problems.empty());
  EXPECT_EQ(rows[1].problems[0].where.line, 2);
  EXPECT_EQ(rows[1].problems[0].where.column, 3);
}

TEST(CsvReader, TextAfterAClosingQuoteIsAProblem) {
  testing::TempDir dir;
  const auto path = dir.write("t.csv", "a,b\n\"x\"y,z\n");
  const auto rows = read_all(path);
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].fields[0], "xy");
}

TEST(CsvReader, GivenSeparatorWinsOverDetection) {
  testing::TempDir dir;
  const auto path = dir.write("s.csv", "a;b,c\n1;2,3\n");
  EXPECT_EQ(read_all(path, CsvOptions{',', 1024, {}})[1].fields.size(), 2u);
  EXPECT_EQ(read_all(path, CsvOptions{';', 1024, {}})[1].fields, (std::vector<std::string>{"1", "2,3"}));
}

TEST(CsvReader, MissingFileIsAUserError) {
  EXPECT_THROW(CsvReader("/nonexistent/x.csv", {}), core::UserError);
}

TEST(CsvReader, IntegerCellsOfReferenceTablesAreWholeNumbersOrALocatedError) {
  testing::TempDir dir;
  const auto path = dir.write("labels.csv", "country,first_year\nBA,2001\nAL,2001x\n");
  const auto rows = read_csv_table(path, 2);
  EXPECT_EQ(integer_cell(rows[0], 1, path, "first_year"), 2001);
  try {
    integer_cell(rows[1], 1, path, "first_year");
    FAIL() << "2001x was taken as a number";
  } catch (const core::UserError& e) {
    EXPECT_EQ(e.diagnostics().front().where.line, 3);
    EXPECT_EQ(e.diagnostics().front().where.column, 4);
    EXPECT_EQ(e.diagnostics().front().field, "first_year");
  }
}

TEST(Utf8, ValidatorAgreesOnEdgeCases) {
  EXPECT_EQ(find_invalid_utf8("Ђорђевић Đorđević ë ç"), 0);
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 1);           // overlong '/'
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 3);     // UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("a\xF4\x90\x80\x80"), 2);  // beyond U+10FFFF
  EXPECT_EQ(find_invalid_utf8("abc\xE2\x82"), 4);        // truncated at the end
}

}  // namespace
}  // namespace clearpoint::io
