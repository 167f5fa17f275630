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

// Cases whose legal elements and recorded age are each yes, no or unknown at random (a fixed-seed LCG, so
// a failure names a reproducible case number): for checking files that repeat another's rules.
class RandomCases {
 public:
  explicit RandomCases(std::uint64_t seed) : state_(seed) {}
  records::CaseRecord next() {
    records::CaseRecord r = adult_case();
    for (std::size_t e = 0; e < records::kLegalElementCount; ++e) r.elements[e] = draw();
    r.minor_at_recruitment = draw();
    return r;
  }

 private:
  TriState draw() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto k = (state_ >> 33) % 3;
    return k == 0 ? TriState::kNo : (k == 1 ? TriState::kYes : TriState::kUnknown);
  }
  std::uint64_t state_;
};

Verdict verdict(std::string_view id, const records::CaseRecord& r) {
  return judge(framework(id), r).verdict;
}

TEST(Frameworks, AllShippedFilesLoad) {
  EXPECT_EQ(shipped().size(), 11u);
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

// EU 2011/36 Art. 2(3) names forced labour or services "including begging"; Palermo Art. 3(a) and CoE
// Art. 4(a) list exploitation "at a minimum": forced begging is work or service exacted under the menace of
// a penalty, i.e. forced labour or services (ILO Convention No. 29, Art. 2(1)), so it qualifies there too.
// The TVPA's 7102(11)(B) list is closed: begging alone is none of its purposes.
TEST(Frameworks, PalermoArt3a_OpenList_ForcedBeggingIsForcedServicesAsUnderEu2011Art2_3) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kMeansCoercion, TriState::kYes);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeBegging, TriState::kYes);
  r.set_element(LegalElement::kCommercialSexAct, TriState::kNo);
  EXPECT_EQ(verdict("eu-2011-36", r), Verdict::kQualifies);
  const auto palermo = judge(framework("palermo-2000"), r);
  EXPECT_EQ(palermo.verdict, Verdict::kQualifies);
  EXPECT_NE(palermo.explanation.find("ILO C29 Art. 2(1)"), std::string::npos) << palermo.explanation;
  EXPECT_NE(palermo.explanation.find("purpose_begging=yes"), std::string::npos) << palermo.explanation;
  EXPECT_EQ(verdict("coe-2005", r), Verdict::kQualifies);
  EXPECT_EQ(verdict("tvpa-severe", r), Verdict::kDoesNotQualify);
}

// Palermo Art. 3(a), open list: a child used for pickpocketing is exploited — forced criminal activity is a
// service exacted under menace (ILO C29 Art. 2(1)); and a child needs no means (Art. 3(c)).
TEST(Frameworks, PalermoArt3a_OpenList_ChildUsedForPickpocketingQualifies) {
  records::CaseRecord r = adult_case();
  r.minor_at_recruitment = TriState::kYes;
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  no_means(r);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeCriminalActivity, TriState::kYes);
  for (const auto* id : {"palermo-2000", "coe-2005", "eu-2011-36", "eu-2024-1712"}) {
    EXPECT_EQ(verdict(id, r), Verdict::kQualifies) << id;
  }
}

// Palermo Art. 3(a) "slavery or practices similar to slavery": a woman given in marriage for a payment to her
// family without the right to refuse is in a servile marriage (1956 Supplementary Convention Art. 1(c)(i)).
// Without a payment recorded, forced marriage is an open question under the open lists — undetermined, never
// no — while Directive (EU) 2024/1712 names it outright.
TEST(Frameworks, PalermoArt3a_OpenList_ServileMarriageQualifiesForcedMarriageIsAnOpenQuestion) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  r.set_element(LegalElement::kMeansForce, TriState::kYes);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeForcedMarriage, TriState::kYes);
  r.set_element(LegalElement::kCommercialSexAct, TriState::kNo);
  r.set_element(LegalElement::kMeansPayments, TriState::kNo);
  EXPECT_EQ(verdict("eu-2024-1712", r), Verdict::kQualifies);
  for (const auto* id : {"eu-2011-36", "palermo-2000", "coe-2005"}) {
    const auto j = judge(framework(id), r);
    EXPECT_EQ(j.verdict, Verdict::kUndetermined) << id;
    EXPECT_NE(j.explanation.find("an open question"), std::string::npos) << j.explanation;
    EXPECT_NE(j.explanation.find("purpose_forced_marriage=yes"), std::string::npos) << j.explanation;
  }
  EXPECT_EQ(verdict("tvpa-severe", r), Verdict::kDoesNotQualify);  // a closed list: not named, not counted
  r.set_element(LegalElement::kMeansPayments, TriState::kYes);     // given in marriage for a payment
  for (const auto* id : {"eu-2011-36", "palermo-2000", "coe-2005"}) {
    const auto j = judge(framework(id), r);
    EXPECT_EQ(j.verdict, Verdict::kQualifies) << id;
    EXPECT_NE(j.explanation.find("1956 Supplementary Convention Art. 1(c)"), std::string::npos)
        << j.explanation;
  }
}

// Palermo Art. 3(a): illegal adoption and surrogacy are neither named nor clearly covered — undetermined, not
// no; Directive (EU) 2024/1712 names both. A case with every purpose denied stays a clean no.
TEST(Frameworks, PalermoArt3a_OpenList_IllegalAdoptionAndSurrogacyAreOpenQuestionsNotNo) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActTransfer, TriState::kYes);
  r.set_element(LegalElement::kMeansPayments, TriState::kYes);
  no_purposes(r);
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kDoesNotQualify);
  for (const auto form : {LegalElement::kPurposeIllegalAdoption, LegalElement::kPurposeSurrogacy}) {
    no_purposes(r);
    r.set_element(form, TriState::kYes);
    EXPECT_EQ(verdict("palermo-2000", r), Verdict::kUndetermined);
    EXPECT_EQ(verdict("coe-2005", r), Verdict::kUndetermined);
    EXPECT_EQ(verdict("eu-2011-36", r), Verdict::kUndetermined);
    EXPECT_EQ(verdict("eu-2024-1712", r), Verdict::kQualifies);
  }
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
  // Before the amendment the open list leaves it undetermined (the test above); the TVPA's closed list says
  // no.
  for (const auto* id : {"eu-2011-36", "palermo-2000", "coe-2005"}) {
    EXPECT_EQ(verdict(id, r), Verdict::kUndetermined) << id;
  }
  EXPECT_EQ(verdict("tvpa-severe", r), Verdict::kDoesNotQualify);
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
// UN Smuggling Protocol Art. 3(a) has no element of exploitation, and Art. 6(3) makes exploitation an
// aggravating circumstance of smuggling: a person smuggled and then trafficked is smuggled too. The derived
// tag "smuggled, not trafficked" is what separates the two.
TEST(Frameworks, SmugglingProtocolArt3a_SmuggledEvenWhenExploitedArt6_3_TheTagSeparatesTrafficking) {
  records::CaseRecord r = adult_case();
  r.set_element(LegalElement::kActTransportation, TriState::kYes);
  r.set_element(LegalElement::kIllegalEntryProcured, TriState::kYes);
  r.set_element(LegalElement::kMaterialBenefit, TriState::kYes);
  no_means(r);
  no_purposes(r);
  EXPECT_EQ(verdict("un-smuggling-2000", r), Verdict::kQualifies);
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kDoesNotQualify);
  EXPECT_EQ(verdict("tag-smuggling-not-trafficking", r), Verdict::kQualifies);
  r.set_element(LegalElement::kMeansDeception, TriState::kYes);  // deceived and exploited after the crossing
  r.set_element(LegalElement::kPurposeForcedLabour, TriState::kYes);
  EXPECT_EQ(verdict("un-smuggling-2000", r), Verdict::kQualifies);  // still smuggled (Art. 6(3))
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kQualifies);
  EXPECT_EQ(verdict("tag-smuggling-not-trafficking", r), Verdict::kDoesNotQualify);
  r.set_element(LegalElement::kMaterialBenefit, TriState::kUnknown);  // nobody recorded a payment
  EXPECT_EQ(verdict("un-smuggling-2000", r), Verdict::kUndetermined);
}

// The tag repeats the two protocols' rules so its file stands alone; it must agree with them on every case:
// smuggled (un-smuggling-2000) and not trafficked (palermo-2000), in Kleene logic. Checked over cases whose
// elements, age and recruitment date are drawn at random (fixed seed), unknowns included.
TEST(Frameworks, TagSmugglingNotTraffickingAgreesWithBothProtocols) {
  RandomCases cases(12345);
  const auto expected = [](Verdict smuggled, Verdict trafficked) {
    const auto s = smuggled == Verdict::kQualifies        ? TriState::kYes
                   : smuggled == Verdict::kDoesNotQualify ? TriState::kNo
                                                          : TriState::kUnknown;
    const auto t = trafficked == Verdict::kQualifies        ? TriState::kYes
                   : trafficked == Verdict::kDoesNotQualify ? TriState::kNo
                                                            : TriState::kUnknown;
    return verdict_of(core::tri_and(s, core::tri_not(t)));
  };
  std::array<int, 3> seen{};
  for (int i = 0; i < 20000; ++i) {
    const records::CaseRecord r = cases.next();
    const auto tag = verdict("tag-smuggling-not-trafficking", r);
    ASSERT_EQ(tag, expected(verdict("un-smuggling-2000", r), verdict("palermo-2000", r))) << i;
    ++seen[static_cast<std::size_t>(tag)];
  }
  for (const int n : seen) EXPECT_GT(n, 0);  // every verdict occurred
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
  // 18 or 19 in 2004, but with no recruitment date she may have been recruited before her 18th birthday.
  EXPECT_NE(j.explanation.find("minor=unknown (no recruitment date: the person turned 18 on 2003-02-10"),
            std::string::npos)
      << j.explanation;
  no_means(r);
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kUndetermined);    // Art. 3(c) may still apply
  r.recruitment_date = *core::PartialDate::parse("2004-01").value;  // recruited at 18: an adult, no means
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kDoesNotQualify);
}

// Palermo Art. 3(d), CoE Art. 4(d), EU 2011/36 Art. 2(6): a child is under 18 at the time of the act. The
// issue's case: born October 1985, identified in 2004, recruitment date unknown, no means recorded — she may
// have been 17 when recruited in 2003, so no framework may say "does not qualify"; the explanation names the
// date that would decide. A recruitment date in 2003 before her birthday makes her a child (Art. 3(c)), one
// after it an adult.
TEST(Frameworks, PalermoArt3d_AgeAtTheActNotAtIdentification) {
  records::CaseRecord r = adult_case();
  r.minor_at_recruitment = TriState::kUnknown;
  r.birth_date = *core::PartialDate::parse("1985-10").value;
  r.identification_year = 2004;
  r.set_element(LegalElement::kActRecruitment, TriState::kYes);
  no_means(r);
  no_purposes(r);
  r.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  r.set_element(LegalElement::kCommercialSexAct, TriState::kYes);
  for (const auto* id : {"palermo-2000", "coe-2005", "eu-2011-36", "eu-2024-1712"}) {
    const auto j = judge(framework(id), r);
    EXPECT_EQ(j.verdict, Verdict::kUndetermined) << id;
    EXPECT_NE(j.explanation.find("turned 18 between 2003-10-01 and 2003-10-31"), std::string::npos)
        << j.explanation;
  }
  r.recruitment_date = *core::PartialDate::parse("2003-05").value;  // 17
  for (const auto* id : {"palermo-2000", "coe-2005", "eu-2011-36", "eu-2024-1712", "tvpa-severe"}) {
    EXPECT_EQ(verdict(id, r), Verdict::kQualifies) << id;
  }
  r.recruitment_date = *core::PartialDate::parse("2003-11-15").value;  // 18
  for (const auto* id : {"palermo-2000", "coe-2005", "eu-2011-36", "eu-2024-1712", "tvpa-severe"}) {
    EXPECT_EQ(verdict(id, r), Verdict::kDoesNotQualify) << id;
  }
  r.recruitment_date = *core::PartialDate::parse("2003").value;  // 17 or 18: the year does not decide
  EXPECT_EQ(verdict("palermo-2000", r), Verdict::kUndetermined);
  r.minor_at_recruitment = TriState::kNo;  // recorded by the agency: decides
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
  // 19 or 20 in 2004, but recruited when? Only a recruitment date (or a recorded age) can say "adult".
  EXPECT_EQ(minor_for("1984"), TriState::kUnknown);
  EXPECT_EQ(minor_for(""), TriState::kUnknown);
  r.recruitment_date = *core::PartialDate::parse("2003-06").value;
  EXPECT_EQ(minor_for("1984"), TriState::kNo);             // 18 or 19 in June 2003
  EXPECT_EQ(minor_for("1986-02"), TriState::kYes);         // 17 in June 2003
  EXPECT_EQ(minor_for("1985-06-15"), TriState::kUnknown);  // turned 18 within that month
  r.recruitment_date = {};
  r.minor_at_recruitment = TriState::kYes;  // a recorded fact wins over the dates
  EXPECT_EQ(minor_for("1984"), TriState::kYes);
}

// Files that repeat the Palermo rules to stand alone must read Palermo as palermo-2000.toml does: their
// "palermo" / "trafficking" rule agrees with its verdict on random cases, unknowns included.
TEST(Frameworks, FilesRepeatingPalermoArt3AgreeWithIt) {
  RandomCases cases(99);
  for (const auto& [id, rule] : {std::pair{"practice-foreign-women-migrants", "palermo"},
                                 std::pair{"tag-smuggling-not-trafficking", "trafficking"}}) {
    const auto& f = framework(id);
    std::size_t slot = 0;
    for (std::size_t s = 0; s < f.slots(); ++s) {
      if (f.slot_name(s) == rule) slot = s;
    }
    ASSERT_NE(slot, 0U) << id;
    std::vector<TriState> slots;
    for (int i = 0; i < 5000; ++i) {
      const records::CaseRecord r = cases.next();
      judge_fast(f, r, slots);
      ASSERT_EQ(verdict_of(slots[slot]), verdict("palermo-2000", r)) << id << " case " << i;
    }
  }
}

// The TVPA sex-trafficking file encodes the 2000 text, whose act list has no "patronizing or soliciting"
// (added in 2015): its version and its quoted act list must say the same.
TEST(Frameworks, Tvpa2000Sec103_9_QuotesTheActListOfTheVersionItEncodes) {
  const auto& f = framework("tvpa-sex-trafficking");
  EXPECT_EQ(f.version.substr(0, 4), "2000");
  for (const auto& rule : f.rules) {
    EXPECT_EQ(rule.label.find("patronizing"), std::string::npos) << rule.name;
    EXPECT_EQ(rule.label.find("soliciting"), std::string::npos) << rule.name;
  }
  const auto text = testing::read_file(f.file);
  EXPECT_NE(text.find("recruitment, harboring, transportation, provision, or obtaining of a person"),
            std::string::npos);
}

// exploitation_types = none: the agency established there was no exploitation — a no for the practices,
// where an empty cell is unknown.
TEST(Facts, ExploitationNoneIsANoNotAnUnknown) {
  const auto& facts = FactTable::instance();
  std::vector<TriState> out(facts.size());
  records::CaseRecord r = adult_case();
  facts.evaluate(r, out.data());
  EXPECT_EQ(out[*facts.index_of("exploited_sexual")], TriState::kUnknown);
  EXPECT_EQ(verdict("practice-all-prostitution", r), Verdict::kUndetermined);
  r.exploitation_types = {"none"};
  r.set_element(LegalElement::kCommercialSexAct, TriState::kNo);
  facts.evaluate(r, out.data());
  EXPECT_EQ(out[*facts.index_of("exploited_sexual")], TriState::kNo);
  EXPECT_EQ(verdict("practice-all-prostitution", r), Verdict::kDoesNotQualify);
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
  std::vector<Framework> two = {framework("eu-2011-36"), framework("tvpa-severe")};
  Comparer comparer(two);
  records::CaseRecord begging = adult_case();
  begging.set_element(LegalElement::kActRecruitment, TriState::kYes);
  begging.set_element(LegalElement::kMeansCoercion, TriState::kYes);
  no_purposes(begging);
  begging.set_element(LegalElement::kPurposeBegging, TriState::kYes);
  begging.set_element(LegalElement::kCommercialSexAct, TriState::kNo);
  records::CaseRecord sexual = begging;
  sexual.set_element(LegalElement::kPurposeSexualExploitation, TriState::kYes);
  sexual.set_element(LegalElement::kCommercialSexAct, TriState::kYes);
  records::CaseRecord unknown = adult_case();
  for (const auto* r : {&begging, &begging, &sexual, &unknown}) comparer.add(*r);
  const auto c = comparer.result();
  EXPECT_EQ(c.cases, 4);
  EXPECT_EQ(c.counts[0], (std::array<std::int64_t, 3>{3, 0, 1}));  // EU: begging twice, sexual once
  EXPECT_EQ(c.counts[1], (std::array<std::int64_t, 3>{1, 2, 1}));  // TVPA severe: only the sexual case
  EXPECT_EQ(c.disagree[0][1], 2);
  EXPECT_EQ(c.disagree[1][0], 0);
  // The TVPA fails both of its branches: no commercial sex act for (11)(A), and begging is none of the
  // closed list of (11)(B).
  EXPECT_EQ(c.drivers[0][1], (std::vector<std::pair<std::string, std::int64_t>>{
                                 {"commercial_sex_act=no", 2}, {"servitude_purpose=no", 2}}));
}

}  // namespace
}  // namespace clearpoint::law
