#include "io/record_source.h"

#include <gtest/gtest.h>

#include "io/reference_data.h"
#include "testing/temp_dir.h"

namespace clearpoint::io {
namespace {

const core::CountrySet& countries() {
  static const core::CountrySet set = load_countries(find_data_dir());
  return set;
}

SourceOptions options_for(std::string agency, const ColumnMapping* mapping = nullptr, char separator = 0) {
  SourceOptions options;
  options.agency = std::move(agency);
  options.mapping = mapping;
  options.separator = separator;
  return options;
}

std::vector<SourceRow> read_rows(const std::string& path, SourceOptions options = {}) {
  options.countries = &countries();
  auto source = open_record_source(path, options);
  std::vector<SourceRow> rows;
  SourceRow row;
  while (source->next(row)) rows.push_back(row);
  return rows;
}

std::vector<core::Diagnostic> open_problems(const std::string& path, SourceOptions options = {}) {
  options.countries = &countries();
  try {
    open_record_source(path, options);
  } catch (const core::UserError& e) {
    return e.diagnostics();
  }
  return {};
}

TEST(CountriesData, HoldsIsoCodesAndTheRegionsHistoricalEntities) {
  EXPECT_GE(countries().size(), 250u);
  for (const auto* code : {"RS", "BA", "MK", "AL", "ME", "HR", "XK", "YU", "CS", "MD", "UA", "IT"}) {
    EXPECT_TRUE(countries().contains(code)) << code;
  }
  EXPECT_EQ(countries().name("CS"), "Serbia and Montenegro");
  EXPECT_FALSE(countries().contains("QQ"));
}

TEST(RecordSource, ReadsCanonicalCsvIntoRecords) {
  testing::TempDir dir;
  const auto path =
      dir.write("p.csv",
                "record_id,given_names,surnames,birth_date,citizenship,transit_countries,means_deception\n"
                "A1,Ђорђе,Ђорђевић,about 17 on 2004-05-01,rs,AL|ME|IT,yes\n");
  const auto rows = read_rows(path, options_for("MUP"));
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(rows[0].problems.empty()) << rows[0].problems[0].to_string();
  const auto& r = rows[0].record;
  EXPECT_EQ(r.agency, "MUP");
  EXPECT_EQ(r.list, "main");
  EXPECT_EQ(r.surnames, "Ђорђевић");  // exactly as written
  EXPECT_EQ(r.citizenship, (std::vector<std::string>{"RS"}));
  EXPECT_EQ(r.transit_countries, (std::vector<std::string>{"AL", "ME", "IT"}));  // order kept
  EXPECT_EQ(r.element(records::LegalElement::kMeansDeception), core::TriState::kYes);
  EXPECT_EQ(r.element(records::LegalElement::kMeansForce),
            core::TriState::kUnknown);  // absent column: unknown
}

TEST(RecordSource, EveryBadValueIsLocatedAndNamesNoPerson) {
  testing::TempDir dir;
  const auto path = dir.write("bad.csv",
                              "record_id,surnames,sex,birth_date,citizenship,identification_year\n"
                              "A1,Petrović,femle,31.02.1985,SRB,04\n"
                              "A2,Petrov\tić,female,,,\n");
  const auto rows = read_rows(path, options_for("MUP"));
  ASSERT_EQ(rows.size(), 2u);
  std::vector<std::string> fields;
  for (const auto& p : rows[0].problems) {
    fields.push_back(p.field);
    EXPECT_EQ(p.where.file, path);
    EXPECT_EQ(p.where.line, 2);
    EXPECT_FALSE(p.hint.empty());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"sex", "birth_date", "citizenship", "identification_year"}));
  EXPECT_EQ(rows[0].problems[0].where.column, 13);  // "A1,Petrović," is 12 characters (14 bytes)
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].problems[0].field, "surnames");
  EXPECT_EQ(rows[1].problems[0].to_string().find("Petrov"), std::string::npos);  // names are never echoed
}

TEST(RecordSource, UnknownColumnIsRefusedWithASuggestion) {
  testing::TempDir dir;
  const auto path = dir.write("u.csv", "record_id,surname,colour\nA1,X,red\n");
  const auto problems = open_problems(path);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].where.line, 1);
  EXPECT_EQ(problems[0].where.column, 11);
  EXPECT_NE(problems[0].hint.find("surnames"), std::string::npos);
  EXPECT_NE(problems[1].problem.find("column 3 (C)"), std::string::npos) << problems[1].problem;
}

// A file without its header row: the first person stands where the headers should be. Every cell is
// refused, located, and none of them is repeated in a message.
TEST(RecordSource, AMissingHeaderRowNeverPrintsThePersonInIt) {
  testing::TempDir dir;
  const auto path = dir.write("h.csv", "MUP-7,Jovana,Petrović,1986-04-02\nMUP-8,Ana,Ilić,1990\n");
  const auto problems = open_problems(path);
  ASSERT_EQ(problems.size(), 4u);  // one per column
  for (const auto& p : problems) {
    for (const auto* secret : {"MUP-7", "Jovana", "Petrovi", "1986"}) {
      EXPECT_EQ(p.to_string().find(secret), std::string::npos) << p.to_string();
    }
  }
}

TEST(RecordSource, WrongSeparatorIsExplained) {
  testing::TempDir dir;
  const auto path = dir.write("s.csv", "record_id;surnames\nA1;X\n");
  const auto problems = open_problems(path, options_for("", nullptr, ','));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].hint.find("separator"), std::string::npos);
}

TEST(RecordSource, RowWithTheWrongNumberOfFieldsIsLocated) {
  testing::TempDir dir;
  const auto path = dir.write("f.csv", "record_id,surnames\nA1,X\nA2;Y\n");
  const auto rows = read_rows(path, options_for("MUP"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].problems.empty());
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].problems[0].where.line, 3);
  EXPECT_NE(rows[1].problems[0].problem.find("1 fields but the header has 2"), std::string::npos);
}

TEST(RecordSource, MissingRecordIdColumnIsRefused) {
  testing::TempDir dir;
  const auto problems = open_problems(dir.write("m.csv", "surnames\nX\n"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "record_id");
}

TEST(RecordSource, AgencyColumnMustMatchTheBatchAgency) {
  testing::TempDir dir;
  const auto rows = read_rows(dir.write("a.csv", "agency,record_id\nMUP,1\nNGO,2\n"), options_for("MUP"));
  EXPECT_TRUE(rows[0].problems.empty());
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].problems[0].field, "agency");
}

TEST(RecordSource, MappingTranslatesHeadersWordsAndConstants) {
  testing::TempDir dir;
  const auto mapping_path = dir.write("m.toml", R"(
[columns]
"Broj predmeta" = "record_id"
"Prezime" = "surnames"
"Pol" = "sex"
"Vrsta" = "exploitation_types"
"Obmana" = "means_deception"
"Napomena" = ""
[constants]
list = "zrtve"
[values.sex]
"Ž" = "female"
[values.exploitation_types]
"seksualna" = "sexual"
"prosjačenje" = "begging"
[values.tristate]
"da" = "yes"
"ne" = "no"
)");
  const auto mapping = ColumnMapping::load(mapping_path);
  const auto path = dir.write("p.csv",
                              "Broj predmeta;Prezime;Pol;Vrsta;Obmana;Napomena\n"
                              "2004/17;Jovanović;Ž;seksualna|prosjačenje;da;free text\n");
  const auto rows = read_rows(path, options_for("MUP", &mapping));
  ASSERT_TRUE(rows[0].problems.empty()) << rows[0].problems[0].to_string();
  const auto& r = rows[0].record;
  EXPECT_EQ(r.record_id, "2004/17");
  EXPECT_EQ(r.list, "zrtve");
  EXPECT_EQ(r.sex, "female");
  EXPECT_EQ(r.exploitation_types, (std::vector<std::string>{"sexual", "begging"}));
  EXPECT_EQ(r.element(records::LegalElement::kMeansDeception), core::TriState::kYes);
}

TEST(ColumnMapping, SyntaxErrorsAndUnknownFieldsAreLocated) {
  testing::TempDir dir;
  try {
    ColumnMapping::load(dir.write("bad.toml", "[columns]\n\"Ime\" = given_names\n"));
    FAIL() << "a TOML syntax error must be refused";
  } catch (const core::UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].where.line, 2);
  }
  try {
    ColumnMapping::load(dir.write("field.toml", "[columns]\n\"Ime\" = \"given_name\"\n"));
    FAIL() << "an unknown field must be refused";
  } catch (const core::UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].where.line, 2);
    EXPECT_NE(e.diagnostics()[0].hint.find("given_names"), std::string::npos);
  }
}

TEST(RecordSource, JsonLinesTypesAndErrors) {
  testing::TempDir dir;
  const auto path =
      dir.write("j.jsonl",
                "{\"record_id\":\"J1\",\"identification_year\":2004,\"aliases\":[\"Nataša\",\"Nata\"],"
                "\"means_force\":true,\"means_threat\":null}\n"
                "\n"
                "{\"record_id\":\"J2\",\"colour\":\"red\"}\n"
                "{not json}\n"
                "{\"record_id\":\"J3\",\"aliases\":\"x\",\"sex\":[\"female\"]}\n");
  const auto rows = read_rows(path, options_for("IOM"));
  ASSERT_EQ(rows.size(), 4u);
  ASSERT_TRUE(rows[0].problems.empty()) << rows[0].problems[0].to_string();
  EXPECT_EQ(rows[0].record.identification_year, 2004);
  EXPECT_EQ(rows[0].record.aliases.size(), 2u);
  EXPECT_EQ(rows[0].record.element(records::LegalElement::kMeansForce), core::TriState::kYes);
  EXPECT_EQ(rows[0].record.element(records::LegalElement::kMeansThreat), core::TriState::kUnknown);
  ASSERT_EQ(rows[1].problems.size(), 1u);
  EXPECT_EQ(rows[1].problems[0].where.line, 3);
  EXPECT_EQ(rows[1].problems[0].where.column, 19);  // where "colour" opens
  EXPECT_EQ(rows[2].problems.size(), 1u);
  EXPECT_EQ(rows[2].problems[0].where.line, 4);
  ASSERT_EQ(rows[3].problems.size(),
            1u);  // a one-item alias list may be a plain string; sex may not be a list
  EXPECT_EQ(rows[3].problems[0].field, "sex");
}

}  // namespace
}  // namespace clearpoint::io
