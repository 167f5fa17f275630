#include "records/field_catalogue.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

#include "core/terminal_text.h"
#include "core/utf8.h"

namespace clearpoint::records {

namespace {

using core::TriState;
using SV = std::string_view;

constexpr std::array<SV, 3> kSexes = {"female", "male", "other"};
// "none": the agency established that the person was not exploited (a smuggled migrant, say) — a no
// the practices can count, where an empty cell only says nothing was recorded.
constexpr std::array<SV, 10> kExploitationTypes = {
    "sexual",          "forced_labour", "begging",          "criminal_activity",
    "forced_marriage", "organ_removal", "illegal_adoption", "surrogacy",
    "other",           "none"};
constexpr std::array<SV, 9> kRecruitmentTypes = {
    "job_offer", "relationship",   "family", "friend_or_acquaintance", "abduction", "advertisement",
    "online",    "sold_by_family", "other"};
constexpr std::array<SV, 5> kRecruiterRelations = {"family", "partner", "acquaintance", "stranger", "other"};
constexpr std::array<SV, 16> kMeansOfControl = {
    "physical_threats",        "threats_law_enforcement", "threats_family",        "debt_bondage",
    "false_promises",          "physical_abuse",          "sexual_abuse",          "takes_earnings",
    "restricts_finances",      "restricts_medical_care",  "withholds_necessities", "psychological_abuse",
    "psychoactive_substances", "excessive_working_hours", "withholds_documents",   "other"};
constexpr std::array<SV, 7> kIdentifiers = {
    "police", "ngo", "iom", "self_referral", "social_services", "labour_inspection", "other"};
constexpr std::array<SV, 9> kAssistance = {"shelter", "medical",       "psychological", "legal",
                                           "return",  "reintegration", "financial",     "education_training",
                                           "other"};

struct ElementEntry {
  SV name;
  LegalElement element;
  SV htcds;
  SV description;
};

constexpr SV kNoHtcds = "none (legal element)";

constexpr std::array<ElementEntry, kLegalElementCount> kElements = {{
    {"act_recruitment", LegalElement::kActRecruitment, kNoHtcds, "Act: the person was recruited."},
    {"act_transportation", LegalElement::kActTransportation, "hte_Type=Transit",
     "Act: the person was transported."},
    {"act_transfer", LegalElement::kActTransfer, kNoHtcds, "Act: the person was transferred (handed over)."},
    {"act_harbouring", LegalElement::kActHarbouring, kNoHtcds,
     "Act: the person was harboured (kept, housed)."},
    {"act_receipt", LegalElement::kActReceipt, kNoHtcds, "Act: the person was received."},
    {"act_exchange_of_control", LegalElement::kActExchangeOfControl, kNoHtcds,
     "Act: control over the person was exchanged or transferred (EU 2011/36 Art. 2(1))."},
    {"means_threat", LegalElement::kMeansThreat, "vic_MethodsOfControl=PhysicalThreats",
     "Means: threat of force."},
    {"means_force", LegalElement::kMeansForce, "vic_MethodsOfControl=PhysicalAbuse", "Means: use of force."},
    {"means_coercion", LegalElement::kMeansCoercion, kNoHtcds, "Means: other forms of coercion."},
    {"means_abduction", LegalElement::kMeansAbduction, kNoHtcds, "Means: abduction."},
    {"means_fraud", LegalElement::kMeansFraud, kNoHtcds, "Means: fraud."},
    {"means_deception", LegalElement::kMeansDeception, "vic_MethodsOfControl=FalsePromises",
     "Means: deception."},
    {"means_abuse_of_power", LegalElement::kMeansAbuseOfPower, kNoHtcds, "Means: abuse of power."},
    {"means_abuse_of_vulnerability", LegalElement::kMeansAbuseOfVulnerability, "vic_Vulnerabilities",
     "Means: abuse of a position of vulnerability (no real or acceptable alternative but to submit)."},
    {"means_payments", LegalElement::kMeansPayments, kNoHtcds,
     "Means: giving or receiving payments or benefits to a person having control over the victim."},
    {"purpose_sexual_exploitation", LegalElement::kPurposeSexualExploitation,
     "vic_TypeOfExploitation=SexualExploitation",
     "Purpose: exploitation of the prostitution of others or other sexual exploitation."},
    {"purpose_forced_labour", LegalElement::kPurposeForcedLabour, "vic_TypeOfExploitation=ForcedLabour",
     "Purpose: forced labour or services."},
    {"purpose_slavery", LegalElement::kPurposeSlavery, kNoHtcds,
     "Purpose: slavery or practices similar to slavery."},
    {"purpose_servitude", LegalElement::kPurposeServitude, "vic_TypeOfExploitation=Servitude",
     "Purpose: servitude."},
    {"purpose_debt_bondage", LegalElement::kPurposeDebtBondage, "vic_MethodsOfControl=DebtBondage",
     "Purpose: debt bondage or peonage (US TVPA)."},
    {"purpose_organ_removal", LegalElement::kPurposeOrganRemoval, "vic_TypeOfExploitation=OrganRemoval",
     "Purpose: removal of organs."},
    {"purpose_begging", LegalElement::kPurposeBegging, "vic_TypeOfExploitation=ForcedBegging",
     "Purpose: forced begging (EU 2011/36 Art. 2(3))."},
    {"purpose_criminal_activity", LegalElement::kPurposeCriminalActivity, kNoHtcds,
     "Purpose: exploitation of criminal activities (EU 2011/36 Art. 2(3))."},
    {"purpose_forced_marriage", LegalElement::kPurposeForcedMarriage, "vic_TypeOfExploitation=ForcedMarriage",
     "Purpose: forced marriage (EU 2024/1712)."},
    {"purpose_illegal_adoption", LegalElement::kPurposeIllegalAdoption,
     "vic_TypeOfExploitation=ForcedAdoption", "Purpose: illegal adoption (EU 2024/1712)."},
    {"purpose_surrogacy", LegalElement::kPurposeSurrogacy, "vic_TypeOfExploitation=Surrogacy",
     "Purpose: exploitation of surrogacy (EU 2024/1712)."},
    {"commercial_sex_act", LegalElement::kCommercialSexAct, "vic_TypeOfSexExploitation=Prostitution",
     "A commercial sex act took place or was intended (US TVPA 22 U.S.C. 7102)."},
    {"illegal_entry_procured", LegalElement::kIllegalEntryProcured, kNoHtcds,
     "Someone procured the person's illegal entry into a state (UN Smuggling Protocol Art. 3(a))."},
    {"material_benefit", LegalElement::kMaterialBenefit, kNoHtcds,
     "Someone obtained a financial or other material benefit from the entry (UN Smuggling Protocol Art. "
     "3(a))."},
}};

std::vector<FieldSpec> build_catalogue() {
  using K = FieldKind;
  using G = FieldGroup;
  using R = CaseRecord;
  std::vector<FieldSpec> fields = {
      {"agency",
       K::kIdentifier,
       G::kProvenance,
       &R::agency,
       true,
       false,
       {},
       "org_Name",
       "The submitting agency, e.g. MUP-RS or ASTRA. Taken from `import --agency` when the file has no such "
       "column."},
      {"list",
       K::kIdentifier,
       G::kProvenance,
       &R::list,
       true,
       false,
       {},
       "none (an agency's register)",
       "Which of the agency's lists the record belongs to, e.g. victims or hotline. Default `main`."},
      {"record_id",
       K::kIdentifier,
       G::kProvenance,
       &R::record_id,
       true,
       true,
       {},
       "cas_Number (case number)",
       "The agency's own identifier of the record; unique within agency and list."},
      {"registered_on",
       K::kDate,
       G::kProvenance,
       &R::registered_on,
       false,
       false,
       {},
       "cas_IncomingReferralDate",
       "When the agency registered the case."},
      {"given_names",
       K::kText,
       G::kPerson,
       &R::given_names,
       false,
       true,
       {},
       "prs_FirstName (+ prs_MiddleName)",
       "Given names exactly as written, in any script."},
      {"surnames",
       K::kText,
       G::kPerson,
       &R::surnames,
       false,
       true,
       {},
       "prs_SecondName",
       "Surnames exactly as written, in any script."},
      {"father_name",
       K::kText,
       G::kPerson,
       &R::father_name,
       false,
       true,
       {},
       "none (regional practice)",
       "Father's given name as written; common in Balkan and post-Soviet registers."},
      {"aliases",
       K::kTextList,
       G::kPerson,
       &R::aliases,
       false,
       true,
       {},
       "none",
       "Aliases and nicknames as written."},
      {"sex", K::kCode, G::kPerson, &R::sex, false, false, kSexes, "prs_Gender (Feminine/Masculine/other)",
       "Sex as recorded; empty when unknown."},
      {"birth_date",
       K::kDate,
       G::kPerson,
       &R::birth_date,
       false,
       false,
       {},
       "prs_Birthdate, vic_AgeWhenTrafficked",
       "Date of birth at whatever precision is known: full date, month, year, range, or age on a day."},
      {"citizenship",
       K::kCountryList,
       G::kPerson,
       &R::citizenship,
       false,
       false,
       {},
       "prs_Citizenship",
       "Citizenships, ISO 3166-1 alpha-2 or a historical code (YU, CS, XK, SU)."},
      {"birth_country",
       K::kCountry,
       G::kPerson,
       &R::birth_country,
       false,
       false,
       {},
       "none",
       "Country of birth."},
      {"identity_number",
       K::kText,
       G::kPerson,
       &R::identity_number,
       false,
       true,
       {},
       "prs_IdentityNumber",
       "A national identity, passport or social-security number as written; compared allowing one typo."},
      {"address_street",
       K::kText,
       G::kPerson,
       &R::address_street,
       false,
       true,
       {},
       "prs_MailingStreet",
       "Street (and house) of the last known address, as written."},
      {"address_city",
       K::kText,
       G::kPerson,
       &R::address_city,
       false,
       true,
       {},
       "prs_MailingCity",
       "Town or city of the last known address, as written."},
      {"address_postcode",
       K::kText,
       G::kPerson,
       &R::address_postcode,
       false,
       true,
       {},
       "prs_MailingPostalCode",
       "Postal code of the last known address."},
      {"address_region",
       K::kText,
       G::kPerson,
       &R::address_region,
       false,
       true,
       {},
       "prs_MailingState",
       "Region, state or province of the last known address."},
      {"identification_year",
       K::kYear,
       G::kCase,
       &R::identification_year,
       false,
       false,
       {},
       "vic_TraffickingStatus decision date (year)",
       "Year the person was identified as a (presumed) victim."},
      {"origin_countries",
       K::kCountryList,
       G::kCase,
       &R::origin_countries,
       false,
       false,
       {},
       "hte_Country where hte_Type=Recruitment",
       "Countries of origin (recruitment)."},
      {"transit_countries",
       K::kCountryList,
       G::kCase,
       &R::transit_countries,
       false,
       false,
       {},
       "hte_Country where hte_Type=Transit",
       "Transit countries in the order travelled."},
      {"destination_countries",
       K::kCountryList,
       G::kCase,
       &R::destination_countries,
       false,
       false,
       {},
       "hte_Country where hte_Type=Exploitation",
       "Countries of exploitation or destination."},
      {"exploitation_types", K::kCodeList, G::kCase, &R::exploitation_types, false, false, kExploitationTypes,
       "vic_TypeOfExploitation",
       "Forms of exploitation the person suffered (observed, not legal purpose); none when the agency "
       "established there was none."},
      {"recruitment_type", K::kCode, G::kCase, &R::recruitment_type, false, false, kRecruitmentTypes,
       "vic_MethodOfRecruitment", "How the person was recruited."},
      {"recruiter_relation", K::kCode, G::kCase, &R::recruiter_relation, false, false, kRecruiterRelations,
       "vic_RelationshipToTrafficker (Familial/Acquainted/Unacquainted)",
       "The recruiter's relation to the person."},
      {"means_of_control", K::kCodeList, G::kCase, &R::means_of_control, false, false, kMeansOfControl,
       "vic_MethodsOfControl", "Means of control the agency recorded."},
      {"recruitment_date",
       K::kDate,
       G::kCase,
       &R::recruitment_date,
       false,
       false,
       {},
       "hte_Date where hte_Type=Recruitment; vic_AgeWhenTrafficked",
       "When the person was recruited (or the exploitation began, if that is what is known), at whatever "
       "precision is known: the legal definitions take the age at the act, not at identification."},
      {"minor_at_recruitment",
       K::kTriState,
       G::kCase,
       &R::minor_at_recruitment,
       false,
       false,
       {},
       "vic_AgeWhenTrafficked < 18",
       "Whether the person was under 18 when recruited, as the agency recorded it."},
      {"border_crossed",
       K::kTriState,
       G::kCase,
       &R::border_crossed,
       false,
       false,
       {},
       "hte_ events in >1 country",
       "Whether an international border was crossed."},
      {"consent_recorded",
       K::kTriState,
       G::kCase,
       &R::consent_recorded,
       false,
       false,
       {},
       "none",
       "Whether the file records the person's consent to the exploitation (irrelevant once a means is "
       "used)."},
      {"identified_by", K::kCode, G::kCase, &R::identified_by, false, false, kIdentifiers,
       "vic_TraffickingStatusDecisionMakingOrg", "Who identified the person."},
      {"assistance", K::kCodeList, G::kCase, &R::assistance, false, false, kAssistance, "spl_ (support plan)",
       "Assistance the person received."},
  };
  for (const auto& e : kElements) {
    fields.push_back(
        {e.name, K::kTriState, G::kLegalElement, e.element, false, false, {}, e.htcds, e.description});
  }
  return fields;
}

bool is_identifier_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '/' || c == ':' || c == '#';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  std::size_t begin = 0;
  while (true) {
    const std::size_t bar = text.find(kListSeparator, begin);
    items.push_back(text.substr(begin, bar == std::string_view::npos ? std::string_view::npos : bar - begin));
    if (bar == std::string_view::npos) break;
    begin = bar + 1;
  }
  return items;
}

std::string allowed_list(std::span<const SV> allowed) {
  std::string out;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) out += ", ";
    out += allowed[i];
  }
  return out;
}

constexpr std::size_t kMaxTextBytes = 512;

std::optional<FieldProblem> check_text(std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    return FieldProblem{fmt::format("is {} bytes long; at most {} are allowed", text.size(), kMaxTextBytes),
                        "check that the column mapping points at the right column"};
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return FieldProblem{"contains a control character (line break, tab or similar)",
                          "remove it; names and texts must be on one line"};
    }
  }
  // C1 controls, text-direction overrides and line separators make a name print as something it is not.
  for (const char32_t c : core::decode_utf8(text)) {
    if (core::is_invisible_control(c)) {
      return FieldProblem{fmt::format("contains an invisible control or text-direction character (U+{:04X})",
                                      static_cast<unsigned>(c)),
                          "remove it: names are stored exactly as written, so they must read as they are"};
    }
  }
  return std::nullopt;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (c != b[i]) return false;
  }
  return true;
}

std::optional<FieldProblem> parse_code(const FieldSpec& field, std::string_view raw, std::string& out) {
  const std::string_view code = trim(raw);
  out.clear();
  if (code.empty() || equals_ignoring_ascii_case(code, "unknown")) return std::nullopt;
  const auto it = std::find_if(field.allowed.begin(), field.allowed.end(), [&](std::string_view allowed) {
    return equals_ignoring_ascii_case(code, allowed);
  });
  if (it == field.allowed.end()) {
    return FieldProblem{
        fmt::format("'{}' is not an allowed value", raw),
        fmt::format("use one of: {} (or leave it empty when unknown); map your own words with a "
                    "[values.{}] table in the column mapping",
                    allowed_list(field.allowed), field.name)};
  }
  out.assign(*it);
  return std::nullopt;
}

std::optional<FieldProblem> parse_country(std::string_view raw, const core::CountrySet& countries,
                                          std::string& out) {
  const std::string_view code = trim(raw);
  if (code.empty()) {
    out.clear();
    return std::nullopt;
  }
  if (!countries.contains(code)) {
    return FieldProblem{
        fmt::format("'{}' is not a known country code", raw),
        "use ISO 3166-1 alpha-2 (RS Serbia, BA Bosnia and Herzegovina, MK North Macedonia, AL "
        "Albania, ME Montenegro) or YU, CS, XK; the full list is data/countries.csv"};
  }
  out.assign(code);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return std::nullopt;
}

// Parses the items straight into `out`; on a problem `out` is left empty.
template <typename ParseOne>
std::optional<FieldProblem> parse_list(std::string_view text, std::vector<std::string>& out,
                                       ParseOne parse_one) {
  out.clear();
  for (const std::string_view item : split_list(text)) {
    std::string& value = out.emplace_back();
    if (auto problem = parse_one(item, value)) {
      problem->problem = "an item " + problem->problem;
      out.clear();
      return problem;
    }
    if (value.empty()) {
      out.clear();
      return FieldProblem{"has an empty item", "separate items with a single '|' and leave none empty"};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::kIdentifier:
      return "identifier";
    case FieldKind::kText:
      return "text";
    case FieldKind::kTextList:
      return "text list";
    case FieldKind::kCode:
      return "code";
    case FieldKind::kCodeList:
      return "code list";
    case FieldKind::kCountry:
      return "country";
    case FieldKind::kCountryList:
      return "country list";
    case FieldKind::kDate:
      return "partial date";
    case FieldKind::kYear:
      return "year";
    case FieldKind::kTriState:
      return "yes/no/unknown";
  }
  return "?";
}

std::string_view to_string(FieldGroup group) {
  switch (group) {
    case FieldGroup::kProvenance:
      return "provenance";
    case FieldGroup::kPerson:
      return "person";
    case FieldGroup::kCase:
      return "case";
    case FieldGroup::kLegalElement:
      return "legal element";
  }
  return "?";
}

std::span<const FieldSpec> field_catalogue() {
  static const std::vector<FieldSpec> catalogue = build_catalogue();
  return catalogue;
}

const FieldSpec* find_field(std::string_view name) {
  const auto fields = field_catalogue();
  const auto it =
      std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

std::optional<FieldProblem> assign_field(CaseRecord& record, const FieldSpec& field, std::string_view text,
                                         const core::CountrySet& countries) {
  switch (field.kind) {
    case FieldKind::kIdentifier: {
      auto& target = record.*std::get<std::string CaseRecord::*>(field.member);
      if (text.size() > 128)
        return FieldProblem{"is longer than 128 characters", "use the agency's short identifier"};
      if (!std::all_of(text.begin(), text.end(), is_identifier_char)) {
        return FieldProblem{"may contain only letters A-Z, digits and . _ - / : #",
                            "remove spaces and other characters (the value is not shown here to protect it)"};
      }
      target = std::string(text);
      return std::nullopt;
    }
    case FieldKind::kText: {
      if (auto problem = check_text(text)) return problem;
      record.*std::get<std::string CaseRecord::*>(field.member) = std::string(text);
      return std::nullopt;
    }
    case FieldKind::kTextList:
      return parse_list(text, record.*std::get<std::vector<std::string> CaseRecord::*>(field.member),
                        [](std::string_view item, std::string& out) {
                          if (auto problem = check_text(item)) return problem;
                          out = std::string(item);
                          return std::optional<FieldProblem>{};
                        });
    case FieldKind::kCode: {
      std::string value;
      if (auto problem = parse_code(field, text, value)) return problem;
      record.*std::get<std::string CaseRecord::*>(field.member) = std::move(value);
      return std::nullopt;
    }
    case FieldKind::kCodeList:
      return parse_list(
          text, record.*std::get<std::vector<std::string> CaseRecord::*>(field.member),
          [&](std::string_view item, std::string& out) { return parse_code(field, item, out); });
    case FieldKind::kCountry: {
      std::string value;
      if (auto problem = parse_country(text, countries, value)) return problem;
      record.*std::get<std::string CaseRecord::*>(field.member) = std::move(value);
      return std::nullopt;
    }
    case FieldKind::kCountryList:
      return parse_list(
          text, record.*std::get<std::vector<std::string> CaseRecord::*>(field.member),
          [&](std::string_view item, std::string& out) { return parse_country(item, countries, out); });
    case FieldKind::kDate: {
      auto parsed = core::PartialDate::parse(text);
      if (!parsed.value) {
        // A person's birth date beside a line number identifies her: the date is not repeated.
        if (field.group == FieldGroup::kPerson)
          return FieldProblem{fmt::format("the date {}", parsed.problem), parsed.hint};
        return FieldProblem{fmt::format("'{}' {}", text.substr(0, 40), parsed.problem), parsed.hint};
      }
      record.*std::get<core::PartialDate CaseRecord::*>(field.member) = *parsed.value;
      return std::nullopt;
    }
    case FieldKind::kYear: {
      const std::string_view digits = trim(text);
      auto& target = record.*std::get<std::optional<int> CaseRecord::*>(field.member);
      if (digits.empty()) {
        target.reset();
        return std::nullopt;
      }
      int year = 0;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), year);
      if (error != std::errc{} || end != digits.data() + digits.size() || year < 1950 || year > 2100) {
        return FieldProblem{fmt::format("'{}' is not a year between 1950 and 2100", text.substr(0, 40)),
                            "write the four-digit year, e.g. 2004, or leave it empty"};
      }
      target = year;
      return std::nullopt;
    }
    case FieldKind::kTriState: {
      const auto value = core::parse_tristate(trim(text));
      if (!value) {
        return FieldProblem{fmt::format("'{}' is not yes, no or unknown", text.substr(0, 40)),
                            "write yes, no or unknown (empty means unknown); map other words with a [values."
                            "<field>] table in the column mapping"};
      }
      if (const auto* element = std::get_if<LegalElement>(&field.member)) {
        record.set_element(*element, *value);
      } else {
        record.*std::get<core::TriState CaseRecord::*>(field.member) = *value;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void write_field_text(const CaseRecord& record, const FieldSpec& field, std::string& out) {
  out.clear();
  std::visit(
      [&](const auto& member) {
        using M = std::decay_t<decltype(member)>;
        if constexpr (std::is_same_v<M, std::string CaseRecord::*>) {
          out += record.*member;
        } else if constexpr (std::is_same_v<M, std::vector<std::string> CaseRecord::*>) {
          const auto& items = record.*member;
          for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += kListSeparator;
            out += items[i];
          }
        } else if constexpr (std::is_same_v<M, core::PartialDate CaseRecord::*>) {
          if ((record.*member).known()) out += (record.*member).canonical();
        } else if constexpr (std::is_same_v<M, std::optional<int> CaseRecord::*>) {
          if (record.*member) out += std::to_string(*(record.*member));
        } else if constexpr (std::is_same_v<M, core::TriState CaseRecord::*>) {
          out += core::to_string(record.*member);
        } else {
          out += core::to_string(record.element(member));
        }
      },
      field.member);
}

core::TriState tristate_value(const CaseRecord& record, const FieldSpec& field) {
  if (const auto* element = std::get_if<LegalElement>(&field.member)) return record.element(*element);
  return record.*std::get<core::TriState CaseRecord::*>(field.member);
}

std::string field_text(const CaseRecord& record, const FieldSpec& field) {
  std::string out;
  write_field_text(record, field, out);
  return out;
}

std::vector<RecordProblem> check_record(const CaseRecord& record) {
  std::vector<RecordProblem> problems;
  const auto require = [&](std::string_view field, const std::string& value) {
    if (value.empty())
      problems.push_back({field, {"is required but empty", "fill it in, or pass it on the command line"}});
  };
  require("agency", record.agency);
  require("list", record.list);
  require("record_id", record.record_id);
  // Dates that cannot have happened yet: a typed year (2091 for 1991) rather than a fact.
  const auto today = core::CivilDate::from_days(static_cast<core::DayNumber>(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch().count()));
  for (const auto& [field, date] :
       {std::pair{"birth_date", &record.birth_date}, std::pair{"registered_on", &record.registered_on},
        std::pair{"recruitment_date", &record.recruitment_date}}) {
    if (const auto interval = date->interval(); interval && interval->first > today.to_days()) {
      problems.push_back(
          {field, {"lies in the future", "check the year; a mistyped digit is the usual cause"}});
    }
  }
  if (record.identification_year && *record.identification_year > today.year) {
    problems.push_back({"identification_year", {"lies in the future", "check the year"}});
  }
  const auto birth = record.birth_date.interval();
  if (birth && record.identification_year) {
    const core::CivilDate year_end{*record.identification_year, 12, 31};
    if (birth->first > year_end.to_days()) {
      problems.push_back(
          {"birth_date",
           {"lies after the year of identification",
            "check both fields; a day and month written the wrong way round is a common cause"}});
    }
  }
  if (record.exploitation_types.size() > 1 &&
      std::find(record.exploitation_types.begin(), record.exploitation_types.end(), "none") !=
          record.exploitation_types.end()) {
    problems.push_back({"exploitation_types",
                        {"says none together with a form of exploitation", "keep either none or the forms"}});
  }
  const auto recruited = record.recruitment_date.interval();
  if (recruited && birth && recruited->last < birth->first) {
    problems.push_back({"recruitment_date", {"lies before the birth date", "check both dates"}});
  }
  if (recruited && record.identification_year &&
      recruited->first > core::CivilDate{*record.identification_year, 12, 31}.to_days()) {
    problems.push_back({"recruitment_date",
                        {"lies after the year of identification",
                         "a person is recruited before being identified; check both fields"}});
  }
  const auto registered = record.registered_on.interval();
  if (birth && registered && birth->first > registered->last) {
    problems.push_back({"birth_date", {"lies after the registration date", "check both dates"}});
  }
  return problems;
}

}  // namespace clearpoint::records
