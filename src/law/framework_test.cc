// The shipped frameworks against the texts of their articles: each test builds a case by hand and
// checks the verdict the article gives, and the test name cites the article.
#include "law/framework.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/diagnostic.h"
#include "io/reference_data.h"
#include "law/compare.h"
#include "law/facts.h"
#include "testing/temp_dir.h"

namespace clearpoint::law {
namespace {

using core::TriState;
using records::LegalElement;

const std::vector<Framework>& shipped() {
  static const std::vector<Framework> frameworks = load_frameworks(io::find_data_dir() + "/frameworks");
  return frameworks;
}

const Framework& framework(std::string_view id) {
  for (const auto& f : shipped()) {
    if (f.id == id) return f;
  }
  throw std::runtime_error("no framework " + std::string(id));
}

// An adult case where nothing is recorded but what the test sets.
records::CaseRecord adult_case() {
  records::CaseRecord r;
  r.agency = "T";
  r.list = "main";
  r.record_id = "1";
  r.minor_at_recruitment = TriState::kNo;
  return r;
}

void set(records::CaseRecord& r, std::initializer_list<LegalElement> elements, TriState value) {
  for (const auto e : elements) r.set_element(e, value);
}

// Every purpose element set to no, so only the ones a test sets to yes count.
void no_purposes(records::CaseRecord& r) {
  set(r,
      {LegalElement::kPurposeSexualExploitation, LegalElement::kPurposeForcedLabour,
       LegalElement::kPurposeSlavery, LegalElement::kPurposeServitude, LegalElement::kPurposeDebtBondage,
       LegalElement::kPurposeOrganRemoval, LegalElement::kPurposeBegging,
       LegalElement::kPurposeCriminalActivity, LegalElement::kPurposeForcedMarriage,
       LegalElement::kPurposeIllegalAdoption, LegalElement::kPurposeSurrogacy},
      TriState::kNo);
}

void no_means(records::CaseRecord& r) {
  set(r,
      {LegalElement::kMeansThreat, LegalElement::kMeansForce, LegalElement::kMeansCoercion,
       LegalElement::kMeansAbduction, LegalElement::kMeansFraud, LegalElement::kMeansDeception,
       LegalElement::kMeansAbuseOfPower, LegalElement::kMeansAbuseOfVulnerability,
       LegalElement::kMeansPayments},
      TriState::kNo);
}

Verdict verdict(std::string_view id, const records::CaseRecord& r) {
  return judge(framework(id), r).verdict;
}

TEST(Frameworks, AllShippedFilesLoad) {
  EXPECT_EQ(shipped().size(), 10u);
  for (const auto& f : shipped()) {
    EXPECT_FALSE(f.rules.empty()) << f.id;
    EXPECT_EQ(f.content_hash.size(), 32u) << f.id;
  }
}

// Palermo Art. 3(c): recruiting a child for exploitation is trafficking without any means; (d): a child is
// under 18. A 16-year-old recruited by a relative, no means recorded.
TEST(Frameworks, PalermoArt3c_ChildRecruitedByARelativeWithNoMeansRecordedQualifies) {
  records::CaseRecord r = adult_case();
  r.minor_at_recruitment = TriState::kUnknown;
  r.birth_date = *core::PartialDate::parse("16 on 2004-03-01").value;
  r.identification_year = 2004;
  r.recruiter_relation = "family";
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  const auto palermo = judge(framework("palermo-2000"), r);
  EXPECT_EQ(palermo.verdict, Verdict::kQualifies);
  EXPECT_NE(palermo.explanation.find("Art. 3(c)"), std::string::npos) << palermo.explanation;
  EXPECT_EQ(verdict("coe-2005", r), Verdict::kQualifies);    // Art. 4(c)
  EXPECT_EQ(verdict("eu-2011-36", r), Verdict::kQualifies);  // Art. 2(5)
  // A national code that requires the means for everyone cannot decide the case: the means are unknown.
  testing::TempDir dir;
  std::string text = testing::read_file(framework("palermo-2000").file);
  text.replace(text.find("id = \"palermo-2000\""), 19, "id = \"national-no-child-rule\"");
  text.replace(text.find("any = [\"adult_case\", \"child_case\"]"), 34, "any = [\"adult_case\"]");
  const auto national = load_framework(dir.write("national.toml", text));
  EXPECT_EQ(judge(national, r).verdict, Verdict::kUndetermined);
  no_means(r);
  EXPECT_EQ(judge(national, r).verdict, Verdict::kDoesNotQualify);
}

// Palermo Art. 3(b): the consent of a victim is irrelevant where any of the means has been used.
TEST(Frameworks, PalermoArt3b_ConsentAfterDeceptionDoesNotDefeatTheVerdict) {
  records::CaseRecord r = adult_case();
  r.consent_recorded = TriState::kYes;
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kMeansDeception, TriState::kYes);
  r.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  for (const auto* id : {"palermo-2000", "coe-2005", "eu-2011-36", "eu-2024-1712"}) {
    EXPECT_EQ(verdict(id, r), Verdict::kQualifies) << id;
  }
}

// EU 2011/36 Art. 2(3): forced labour or services "including begging"; Palermo Art. 3(a)'s minimum list does
// not name begging.
TEST(Frameworks, Eu2011Art2_3_BeggingQualifiesButIsNotAPalermoArt3aMinimumPurpose) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kMeansCoercion, TriState::kYes);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeBegging, TriState::kYes);
  EXPECT_EQ(verdict("eu-2011-36", r), Verdict::kQualifies);
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kDoesNotQualify);
  EXPECT_EQ(verdict("coe-2005", r), Verdict::kDoesNotQualify);
}

// Directive (EU) 2024/1712 adds forced marriage, illegal adoption and surrogacy to Art. 2(3).
TEST(Frameworks, Eu2024_1712_ForcedMarriageQualifiesOnlyUnderTheAmendedDirective) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kMeansForce, TriState::kYes);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeForcedMarriage, TriState::kYes);
  r.set_element(LegalElement::kCommercialSexAct, TriState::kNo);
  EXPECT_EQ(verdict("eu-2024-1712", r), Verdict::kQualifies);
  for (const auto* id : {"eu-2011-36", "palermo-2000", "coe-2005", "tvpa-severe"}) {
    EXPECT_EQ(verdict(id, r), Verdict::kDoesNotQualify) << id;
  }
}

// 22 U.S.C. 7102: "sex trafficking" is any recruitment ... for the purpose of a commercial sex act; a
// "severe form" needs force, fraud or coercion, or a person under 18.
TEST(Frameworks, Tvpa7102_AdultInCommercialSexWithoutForceFraudOrCoercionIsSexTraffickingButNotSevere) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kCommercialSexAct, TriState::kYes);
  no_means(r);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  EXPECT_EQ(verdict("tvpa-sex-trafficking", r), Verdict::kQualifies);
  EXPECT_EQ(verdict("tvpa-severe", r), Verdict::kDoesNotQualify);
  r.minor_at_recruitment = TriState::kYes;  // 7102(11)(A): under 18, no force, fraud or coercion needed
  EXPECT_EQ(verdict("tvpa-severe", r), Verdict::kQualifies);
}

// UN Smuggling Protocol Art. 3(a): procuring illegal entry for a material benefit; with no exploitation
// the case is tagged as smuggling and does not qualify as trafficking.
TEST(Frameworks, SmugglingProtocolArt3a_PaidIllegalCrossingWithoutExploitationIsTagged) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActTransportation, TriState::kYes);
  r.set_element(LegalElement::kIllegalEntryProcured, TriState::kYes);
  r.set_element(LegalElement::kMaterialBenefit, TriState::kYes);
  no_means(r);
  no_purposes(r);
  EXPECT_EQ(verdict("un-smuggling-2000", r), Verdict::kQualifies);
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kDoesNotQualify);
  r.set_element(LegalElement::kPurposeForcedLabour, TriState::kYes);  // exploited after all: no longer a tag
  EXPECT_EQ(verdict("un-smuggling-2000", r), Verdict::kDoesNotQualify);
}

// Palermo Art. 3(a) needs a means; an unrecorded means keeps the case undetermined, never "no".
TEST(Frameworks, PalermoArt3a_UnknownMeansNeverBecomeNo) {
  records::CaseRecord r = adult_case();
  r.minor_at_recruitment = TriState::kUnknown;
  r.birth_date = *core::PartialDate::parse("1985-02-10").value;
  r.identification_year = 2004;
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  r.set_element(LegalElement::kMeansForce, TriState::kNo);  // one means denied, the others not recorded
  const auto j = judge(framework("palermo-2000"), r);
  EXPECT_EQ(j.verdict, Verdict::kUndetermined);
  EXPECT_NE(j.explanation.find("UNDETERMINED under UN Palermo Protocol"), std::string::npos);
  EXPECT_NE(j.explanation.find("means unknown [Art. 3(a)]"), std::string::npos) << j.explanation;
  EXPECT_NE(j.explanation.find("act yes [Art. 3(a)]: act_recruitment=yes"), std::string::npos)
      << j.explanation;
  EXPECT_NE(j.explanation.find("minor=no (age 18 to 19 in 2004, from the birth date)"), std::string::npos)
      << j.explanation;
  no_means(r);
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kDoesNotQualify);
}

TEST(Facts, MinorFollowsFromTheBirthDateWhenNotRecorded) {
  const auto& facts = FactTable::instance();
  const auto minor = *facts.index_of("minor");
  std::vector<TriState> out(facts.size());
  records::CaseRecord r = adult_case();
  r.minor_at_recruitment = TriState::kUnknown;
  r.identification_year = 2004;
  const auto minor_for = [&](const char* birth) {
    r.birth_date = *core::PartialDate::parse(birth).value;
    facts.evaluate(r, out.data());
    return out[minor];
  };
  EXPECT_EQ(minor_for("1987"), TriState::kYes);            // 16 or 17 throughout 2004
  EXPECT_EQ(minor_for("1986-06-30"), TriState::kUnknown);  // 17 until June, 18 after
  EXPECT_EQ(minor_for("1984"), TriState::kNo);             // 19 or 20
  EXPECT_EQ(minor_for(""), TriState::kUnknown);
  r.minor_at_recruitment = TriState::kYes;  // a recorded fact wins over the dates
  EXPECT_EQ(minor_for("1984"), TriState::kYes);
}

TEST(Facts, ForeignAndObservedExploitation) {
  const auto& facts = FactTable::instance();
  std::vector<TriState> out(facts.size());
  records::CaseRecord r = adult_case();
  facts.evaluate(r, out.data());
  EXPECT_EQ(out[*facts.index_of("foreign")], TriState::kUnknown);
  EXPECT_EQ(out[*facts.index_of("exploited_begging")], TriState::kUnknown);
  r.citizenship = {"MD"};
  r.destination_countries = {"BA"};
  r.exploitation_types = {"sexual"};
  facts.evaluate(r, out.data());
  EXPECT_EQ(out[*facts.index_of("foreign")], TriState::kYes);
  EXPECT_EQ(out[*facts.index_of("exploited_sexual")], TriState::kYes);
  EXPECT_EQ(out[*facts.index_of("exploited_begging")], TriState::kNo);
  r.citizenship = {"MD", "BA"};
  facts.evaluate(r, out.data());
  EXPECT_EQ(out[*facts.index_of("foreign")], TriState::kNo);
}

std::vector<core::Diagnostic> problems_of(const std::string& text) {
  testing::TempDir dir;
  try {
    load_framework(dir.write("bad.toml", text));
  } catch (const core::UserError& e) {
    return e.diagnostics();
  }
  return {};
}

constexpr const char* kHead =
    "[framework]\nid = \"x\"\nname = \"X\"\nversion = \"2020-01-01\"\nkind = \"law\"\nverdict = \"v\"\n";  // 6 lines

TEST(FrameworkFiles, UnknownElementIsLocatedWithASuggestion) {
  const auto p = problems_of(std::string(kHead) + "[rule.v]\nany = [\"means_fraud\", \"means_deceptoin\"]\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].where.line, 8);
  EXPECT_NE(p[0].problem.find("means_deceptoin"), std::string::npos);
  EXPECT_NE(p[0].hint.find("means_deception"), std::string::npos);
}

TEST(FrameworkFiles, RuleThatReferencesNothingIsRefused) {
  const auto p = problems_of(std::string(kHead) + "[rule.v]\nall = []\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].where.line, 7);
  EXPECT_NE(p[0].problem.find("references nothing"), std::string::npos);
}

TEST(FrameworkFiles, CycleIsRefusedWithItsPath) {
  const auto p = problems_of(std::string(kHead) +
                             "[rule.v]\nany = [\"a\"]\n[rule.a]\nall = [\"b\", \"act_receipt\"]\n"
                             "[rule.b]\nnot = \"v\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].problem.find("cycle"), std::string::npos);
  EXPECT_NE(p[0].problem.find("a → b → v → a"), std::string::npos) << p[0].problem;
  EXPECT_GT(p[0].where.line, 6);
}

TEST(FrameworkFiles, MissingVerdictUnknownKeysAndSyntaxErrorsAreLocated) {
  auto p = problems_of(
      "[framework]\nid = \"x\"\nname = \"X\"\nversion = \"1\"\nkind = \"law\"\nverdict = \"nope\"\n"
      "colour = \"red\"\n[rule.v]\nany = [\"act_receipt\"]\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].where.line, 7);  // unknown key
  EXPECT_EQ(p[1].where.line, 6);  // verdict rule that does not exist
  p = problems_of("[framework]\nid = \"x\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].where.line, 2);
}

TEST(FrameworkFiles, ANationalFrameworkIsACopiedFile) {
  testing::TempDir dir;
  std::string text = testing::read_file(framework("eu-2011-36").file);
  text.replace(text.find("id = \"eu-2011-36\""), 17, "id = \"rs-criminal-code-388\"");
  dir.write("eu.toml", testing::read_file(framework("eu-2011-36").file));
  dir.write("rs.toml", text);
  const auto frameworks = load_frameworks(dir.file(""));
  ASSERT_EQ(frameworks.size(), 2u);
  EXPECT_EQ(frameworks[1].id, "rs-criminal-code-388");
  dir.write("rs-copy.toml", text);  // the same id twice is refused
  EXPECT_THROW(load_frameworks(dir.file("")), core::UserError);
}

TEST(Comparison, CountsDisagreementsAndTheirDrivers) {
  std::vector<Framework> two = {framework("eu-2011-36"), framework("palermo-2000")};
  Comparer comparer(two);
  records::CaseRecord begging = adult_case();
  begging.set_element(LegalElement::kActRecruitment, TriState::kYes);
  begging.set_element(LegalElement::kMeansCoercion, TriState::kYes);
  no_purposes(begging);
  begging.set_element(LegalElement::kPurposeBegging, TriState::kYes);
  records::CaseRecord sexual = begging;
  sexual.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  records::CaseRecord unknown = adult_case();
  for (const auto* r : {&begging, &begging, &sexual, &unknown}) comparer.add(*r);
  const auto c = comparer.result();
  EXPECT_EQ(c.cases, 4);
  EXPECT_EQ(c.counts[0], (std::array<std::int64_t, 3>{3, 0, 1}));  // EU: begging twice, sexual once
  EXPECT_EQ(c.counts[1], (std::array<std::int64_t, 3>{1, 2, 1}));  // Palermo: only the sexual case
  EXPECT_EQ(c.disagree[0][1], 2);
  EXPECT_EQ(c.disagree[1][0], 0);
  // Palermo fails both of its branches: no Art. 3(a) purpose, and the person is no child for Art. 3(c).
  EXPECT_EQ(c.drivers[0][1],
            (std::vector<std::pair<std::string, std::int64_t>>{{"minor=no", 2}, {"purpose=no", 2}}));
}

}  // namespace
}  // namespace clearpoint::law
