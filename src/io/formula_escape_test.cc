#include "io/formula_escape.h"

#include <gtest/gtest.h>

namespace clearpoint::io {
namespace {

// OWASP's CSV injection characters: = + - @ tab and carriage return start a formula in a spreadsheet.
TEST(FormulaEscape, FormulaCellsGetOneApostropheAndComeBackExactly) {
  EXPECT_EQ(escape_formula("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(escape_formula("+381 11"), "'+381 11");
  EXPECT_EQ(escape_formula("-5"), "'-5");
  EXPECT_EQ(escape_formula("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(escape_formula("\tx"), "'\tx");
  EXPECT_EQ(escape_formula("Đorđević"), "Đorđević");
  EXPECT_EQ(escape_formula("'quoted"), "'quoted");
  EXPECT_EQ(escape_formula("'=x"), "''=x");
  EXPECT_EQ(escape_formula(""), "");
  for (const std::string text : {"=1+1", "'=1+1", "''-2", "'plain", "plain", "-", "'", "''", "@", "a=b"}) {
    EXPECT_EQ(unescape_formula(escape_formula(text)), text) << text;
  }
  EXPECT_EQ(unescape_formula("'plain"), "'plain");  // not an escape: kept as written
}

}  // namespace
}  // namespace clearpoint::io
