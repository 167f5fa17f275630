#include "records/case_record.h"

namespace clearpoint::records {

void CaseRecord::clear() {
  for (std::string* text :
       {&agency, &list, &record_id, &given_names, &surnames, &father_name, &sex, &birth_country,
        &identity_number, &address_street, &address_city, &address_postcode, &address_region,
        &recruitment_type, &recruiter_relation, &identified_by}) {
    text->clear();
  }
  for (std::vector<std::string>* items :
       {&aliases, &citizenship, &origin_countries, &transit_countries, &destination_countries,
        &exploitation_types, &means_of_control, &assistance}) {
    items->clear();
  }
  registered_on = {};
  birth_date = {};
  recruitment_date = {};
  identification_year.reset();
  minor_at_recruitment = border_crossed = consent_recorded = core::TriState::kUnknown;
  elements.fill(core::TriState::kUnknown);
}

}  // namespace clearpoint::records
