// Facts: what the legal rules can ask about a case, as yes / no / unknown.
//
// Every tri-state field of the record is a fact under its own name (the legal elements, and
// minor_at_recruitment, border_crossed, consent_recorded). A few facts are derived, because the record
// holds them in another form:
//   minor              under 18 at the act: recorded minor_at_recruitment; when that is unknown, the birth
//                      date's possible ages on the recruitment_date (all under 18 → yes, all 18 or over →
//                      no); with no recruitment date, yes only when under 18 to the end of the year of
//                      identification — recruitment may have come years before, so never no;
//   adult              not minor;
//   female, male       from sex;
//   foreign            no citizenship shared with a country of exploitation (unknown if either is missing);
//   exploited_<type>   the observed form of exploitation (exploited_sexual, exploited_begging, ...):
//                      yes if listed, no if other forms are listed, unknown if none is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tristate.h"
#include "records/case_record.h"

namespace clearpoint::law {

class FactTable {
 public:
  static const FactTable& instance();

  std::size_t size() const { return names_.size(); }
  std::optional<std::size_t> index_of(std::string_view name) const;
  const std::string& name(std::size_t index) const { return names_[index]; }
  const std::vector<std::string>& names() const { return names_; }

  // Writes every fact of `record` into out[0..size()).
  void evaluate(const records::CaseRecord& record, core::TriState* out) const;
  // Why a derived fact has its value, for explanations ("age 19 to 20 in 2004, from the birth date").
  std::string reason(const records::CaseRecord& record, std::size_t index) const;

 private:
  FactTable();
  std::vector<std::string> names_;
  std::vector<std::size_t> field_of_;  // for facts that are fields: index into the field catalogue
  std::size_t minor_ = 0;
  std::size_t first_derived_ = 0;
  std::vector<std::string_view> exploitation_types_;
};

}  // namespace clearpoint::law
