#include "records/field_catalogue.h"

#include <gtest/gtest.h>

#include <set>

#include "io/reference_data.h"
#include "records/data_dictionary.h"
#include "testing/temp_dir.h"

namespace clearpoint::records {
namespace {

const core::CountrySet& countries() {
  static const core::CountrySet set = io::load_countries(io::find_data_dir());
  return set;
}

TEST(FieldCatalogue, NamesAreUniqueAndEveryLegalElementHasOneField) {
  std::set<std::string_view> names;
  std::set<LegalElement> elements;
  for (const auto& field : field_catalogue()) {
    EXPECT_TRUE(names.insert(field.name).second) << field.name;
    if (const auto* e = std::get_if<LegalElement>(&field.member)) {
      EXPECT_TRUE(elements.insert(*e).second);
    }
    if (field.kind == FieldKind::kCode || field.kind == FieldKind::kCodeList) {
      EXPECT_FALSE(field.allowed.empty());
    }
    EXPECT_FALSE(field.description.empty()) << field.name;
    EXPECT_FALSE(field.htcds.empty()) << field.name;
  }
  EXPECT_EQ(elements.size(), kLegalElementCount);
  EXPECT_EQ(find_field("surnames")->kind, FieldKind::kText);
  EXPECT_EQ(find_field("nonsense"), nullptr);
}

TEST(FieldCatalogue, EveryKindReadsBackItsCanonicalText) {
  const std::vector<std::pair<std::string_view, std::string_view>> samples = {
      {"record_id", "2004/117-A"},
      {"given_names", "Јелена Марија"},
      {"aliases", "Lena|Ленка"},
      {"sex", "female"},
      {"birth_date", "about 16 on 2002-11-03"},
      {"citizenship", "XK|AL"},
      {"birth_country", "YU"},
      {"identification_year", "2003"},
      {"transit_countries", "RS|ME|AL"},
      {"exploitation_types", "sexual|begging"},
      {"minor_at_recruitment", "yes"},
      {"means_fraud", "no"},
      {"consent_recorded", "unknown"}};
  for (const auto& [name, text] : samples) {
    CaseRecord record;
    const auto* field = find_field(name);
    ASSERT_NE(field, nullptr) << name;
    EXPECT_FALSE(assign_field(record, *field, text, countries()).has_value()) << name;
    EXPECT_EQ(field_text(record, *field), text) << name;
  }
}

// clear() must reset every field, including ones added later: fill each through the catalogue.
TEST(CaseRecord, ClearResetsEveryField) {
  CaseRecord record;
  for (const auto& field : field_catalogue()) {
    const std::string_view value = field.kind == FieldKind::kTriState      ? "yes"
                                   : field.kind == FieldKind::kDate        ? "1985"
                                   : field.kind == FieldKind::kYear        ? "2004"
                                   : field.kind == FieldKind::kCountry     ? "RS"
                                   : field.kind == FieldKind::kCountryList ? "RS|ME"
                                   : !field.allowed.empty()                ? field.allowed[0]
                                                                           : "x";
    ASSERT_FALSE(assign_field(record, field, value, countries())) << field.name;
    ASSERT_EQ(field_text(record, field), value) << field.name;
  }
  record.clear();
  EXPECT_EQ(record, CaseRecord{});
}

TEST(FieldCatalogue, InputIsNormalisedToCanonicalForm) {
  CaseRecord record;
  EXPECT_FALSE(assign_field(record, *find_field("citizenship"), "rs|Md", countries()));
  EXPECT_EQ(record.citizenship, (std::vector<std::string>{"RS", "MD"}));
  EXPECT_FALSE(assign_field(record, *find_field("sex"), "Female", countries()));
  EXPECT_EQ(record.sex, "female");
  EXPECT_FALSE(assign_field(record, *find_field("sex"), "unknown", countries()));
  EXPECT_EQ(record.sex, "");
  EXPECT_FALSE(assign_field(record, *find_field("means_force"), "Y", countries()));
  EXPECT_EQ(record.element(LegalElement::kMeansForce), core::TriState::kYes);
}

TEST(FieldCatalogue, BadValuesAreRefusedWithAHint) {
  const std::vector<std::pair<std::string_view, std::string_view>> bad = {{"sex", "f"},
                                                                          {"citizenship", "SRB"},
                                                                          {"citizenship", "RS||MD"},
                                                                          {"identification_year", "04"},
                                                                          {"identification_year", "1949"},
                                                                          {"exploitation_types", "sex"},
                                                                          {"means_fraud", "maybe"},
                                                                          {"record_id", "has space"},
                                                                          {"birth_date", "1985-02-30"}};
  for (const auto& [name, text] : bad) {
    CaseRecord record;
    const auto problem = assign_field(record, *find_field(name), text, countries());
    ASSERT_TRUE(problem.has_value()) << name << "=" << text;
    EXPECT_FALSE(problem->hint.empty()) << name;
  }
}

TEST(FieldCatalogue, ProblemsWithNamesAndIdentifiersNeverQuoteThem) {
  const std::string secret = "Секретић" + std::string(600, 'x');
  for (const auto& field : field_catalogue()) {
    if (!field.identifying) continue;
    CaseRecord record;
    const auto problem = assign_field(record, field, secret + "\x01 !", countries());
    ASSERT_TRUE(problem.has_value()) << field.name;
    EXPECT_EQ(problem->problem.find("Секретић"), std::string::npos) << field.name;
    EXPECT_EQ(problem->hint.find("Секретић"), std::string::npos) << field.name;
  }
}

TEST(FieldCatalogue, RecordChecksCatchRequiredFieldsAndImpossibleDates) {
  CaseRecord record;
  auto problems = check_record(record);
  std::set<std::string_view> fields;
  for (const auto& p : problems) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string_view>{"agency", "list", "record_id"}));

  record.agency = "A";
  record.list = "main";
  record.record_id = "1";
  record.birth_date = *core::PartialDate::parse("2005-06-01").value;
  record.identification_year = 2004;
  problems = check_record(record);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "birth_date");
  record.identification_year = 2005;
  EXPECT_TRUE(check_record(record).empty());

  // Dates that cannot have happened yet (2091 typed for 1991) are refused, the year too.
  record.birth_date = *core::PartialDate::parse("2091-06-01").value;
  record.identification_year = 2099;
  problems = check_record(record);
  fields.clear();
  for (const auto& p : problems) fields.insert(p.field);
  EXPECT_TRUE(fields.count("birth_date") == 1 && fields.count("identification_year") == 1);
  for (const auto& p : problems) {
    if (p.field == "identification_year") {
      EXPECT_EQ(p.problem.problem, "lies in the future");
    }
  }
}

TEST(DataDictionary, DocumentHoldsTheGeneratedTable) {
  const std::string doc =
      testing::read_file(std::string(CLEARPOINT_SOURCE_DATA_DIR) + "/../docs/data-dictionary.md");
  EXPECT_NE(doc.find(data_dictionary_markdown()), std::string::npos)
      << "docs/data-dictionary.md is out of date: paste the output of `clearpoint fields` into it";
}

}  // namespace
}  // namespace clearpoint::records
