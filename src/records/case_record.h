// CaseRecord: one agency's record of one identified (or presumed) victim of trafficking.
//
// A record is what one agency wrote about one person in one list; the same person may have records in
// several lists, and linking them is the linkage stage's job. Values are kept in canonical form (see
// field_catalogue.h for every field's type, allowed values and HTCDS counterpart); names are kept exactly
// as written, in any script, because the linkage stage needs the original spelling.
//
// Legal elements are tri-state: the legal stage evaluates frameworks over them and must see "unknown"
// where the agency recorded nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/partial_date.h"
#include "core/tristate.h"

namespace clearpoint::records {

// The elements of the legal definitions of trafficking and of smuggling, as facts about one case.
enum class LegalElement : std::uint8_t {
  // Acts (Palermo Art. 3(a); EU 2011/36 Art. 2(1) adds exchange or transfer of control).
  kActRecruitment,
  kActTransportation,
  kActTransfer,
  kActHarbouring,
  kActReceipt,
  kActExchangeOfControl,
  // Means.
  kMeansThreat,
  kMeansForce,
  kMeansCoercion,
  kMeansAbduction,
  kMeansFraud,
  kMeansDeception,
  kMeansAbuseOfPower,
  kMeansAbuseOfVulnerability,
  kMeansPayments,
  // Purposes (intended exploitation; it need not have happened).
  kPurposeSexualExploitation,
  kPurposeForcedLabour,
  kPurposeSlavery,
  kPurposeServitude,
  kPurposeDebtBondage,
  kPurposeOrganRemoval,
  kPurposeBegging,
  kPurposeCriminalActivity,
  kPurposeForcedMarriage,
  kPurposeIllegalAdoption,
  kPurposeSurrogacy,
  // Further facts some frameworks use: US TVPA (commercial sex act), UN Smuggling Protocol Art. 3(a).
  kCommercialSexAct,
  kIllegalEntryProcured,
  kMaterialBenefit,
  kCount
};
inline constexpr std::size_t kLegalElementCount = static_cast<std::size_t>(LegalElement::kCount);

struct CaseRecord {
  // Provenance.
  std::string agency;     // who submitted, e.g. "MUP-RS"
  std::string list;       // which of the agency's lists, e.g. "victims"
  std::string record_id;  // unique within agency + list
  core::PartialDate registered_on;

  // Person, exactly as written.
  std::string given_names;
  std::string surnames;
  std::string father_name;
  std::vector<std::string> aliases;
  std::string sex;  // "female", "male", "other" or "" (unknown)
  core::PartialDate birth_date;
  std::vector<std::string> citizenship;  // ISO 3166-1 alpha-2 or historical codes
  std::string birth_country;
  // Identifiers some agencies hold (a national identity or passport number, the last known address):
  // empty on most victim lists, decisive for linkage where present.
  std::string identity_number;
  std::string address_street;
  std::string address_city;
  std::string address_postcode;
  std::string address_region;

  // Case.
  std::optional<int> identification_year;
  std::vector<std::string> origin_countries;
  std::vector<std::string> transit_countries;  // in the order travelled
  std::vector<std::string> destination_countries;
  std::vector<std::string> exploitation_types;
  std::string recruitment_type;
  std::string recruiter_relation;
  std::vector<std::string> means_of_control;
  // When the person was recruited, or when the exploitation began if that is what the agency knows: the
  // date at which the legal definitions take the person's age (Palermo Art. 3(c)-(d)).
  core::PartialDate recruitment_date;
  core::TriState minor_at_recruitment = core::TriState::kUnknown;
  core::TriState border_crossed = core::TriState::kUnknown;
  core::TriState consent_recorded = core::TriState::kUnknown;
  std::string identified_by;
  std::vector<std::string> assistance;

  std::array<core::TriState, kLegalElementCount> elements = make_unknown_elements();

  core::TriState element(LegalElement e) const { return elements[static_cast<std::size_t>(e)]; }
  void set_element(LegalElement e, core::TriState value) { elements[static_cast<std::size_t>(e)] = value; }

  // Back to an empty record, keeping the strings' and lists' memory for the next row of a batch.
  void clear();

  friend bool operator==(const CaseRecord&, const CaseRecord&) = default;

 private:
  static constexpr std::array<core::TriState, kLegalElementCount> make_unknown_elements() {
    std::array<core::TriState, kLegalElementCount> all{};
    all.fill(core::TriState::kUnknown);
    return all;
  }
};

}  // namespace clearpoint::records
