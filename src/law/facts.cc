#include "law/facts.h"

#include <fmt/format.h>

#include <algorithm>

#include "records/field_catalogue.h"

namespace clearpoint::law {

namespace {

using core::TriState;

constexpr std::size_t kNotAField = static_cast<std::size_t>(-1);

struct AgeInYear {
  int youngest;
  int oldest;
};

// Possible ages during the year of identification, from the birth date's interval.
std::optional<AgeInYear> age_in_identification_year(const records::CaseRecord& record) {
  const auto birth = record.birth_date.interval();
  if (!birth || !record.identification_year) return std::nullopt;
  const int year = *record.identification_year;
  const auto at_start = core::age_range_on(*birth, core::CivilDate{year, 1, 1});
  const auto at_end = core::age_range_on(*birth, core::CivilDate{year, 12, 31});
  return AgeInYear{std::max(0, at_start.youngest), at_end.oldest};
}

TriState minor_from(const records::CaseRecord& record) {
  if (record.minor_at_recruitment != TriState::kUnknown) return record.minor_at_recruitment;
  const auto age = age_in_identification_year(record);
  if (!age) return TriState::kUnknown;
  // Recruitment precedes identification, so a person under 18 throughout the year of identification was
  // a minor when recruited. The reverse holds only if recruitment fell in that year: clearpoint assumes
  // it did when the agency recorded neither the recruitment age nor minor_at_recruitment.
  if (age->oldest < 18) return TriState::kYes;
  if (age->youngest >= 18) return TriState::kNo;
  return TriState::kUnknown;
}

TriState foreign_from(const records::CaseRecord& record) {
  if (record.citizenship.empty() || record.destination_countries.empty()) return TriState::kUnknown;
  for (const auto& country : record.citizenship) {
    if (std::find(record.destination_countries.begin(), record.destination_countries.end(), country) !=
        record.destination_countries.end()) {
      return TriState::kNo;
    }
  }
  return TriState::kYes;
}

}  // namespace

const FactTable& FactTable::instance() {
  static const FactTable table;
  return table;
}

FactTable::FactTable() {
  const auto fields = records::field_catalogue();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].kind != records::FieldKind::kTriState) continue;
    names_.emplace_back(fields[i].name);
    field_of_.push_back(i);
  }
  first_derived_ = names_.size();
  minor_ = names_.size();
  for (const auto* derived : {"minor", "adult", "female", "male", "foreign"}) {
    names_.emplace_back(derived);
    field_of_.push_back(kNotAField);
  }
  for (const auto type : records::find_field("exploitation_types")->allowed) {
    exploitation_types_.push_back(type);
    names_.push_back("exploited_" + std::string(type));
    field_of_.push_back(kNotAField);
  }
}

std::optional<std::size_t> FactTable::index_of(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

void FactTable::evaluate(const records::CaseRecord& record, TriState* out) const {
  const auto fields = records::field_catalogue();
  for (std::size_t i = 0; i < first_derived_; ++i)
    out[i] = records::tristate_value(record, fields[field_of_[i]]);
  const TriState minor = minor_from(record);
  out[minor_] = minor;
  out[minor_ + 1] = core::tri_not(minor);
  out[minor_ + 2] =
      record.sex.empty() ? TriState::kUnknown : (record.sex == "female" ? TriState::kYes : TriState::kNo);
  out[minor_ + 3] =
      record.sex.empty() ? TriState::kUnknown : (record.sex == "male" ? TriState::kYes : TriState::kNo);
  out[minor_ + 4] = foreign_from(record);
  const auto& types = exploitation_types_;
  for (std::size_t t = 0; t < types.size(); ++t) {
    TriState value = TriState::kUnknown;
    if (!record.exploitation_types.empty()) {
      value = std::find(record.exploitation_types.begin(), record.exploitation_types.end(), types[t]) !=
                      record.exploitation_types.end()
                  ? TriState::kYes
                  : TriState::kNo;
    }
    out[minor_ + 5 + t] = value;
  }
}

std::string FactTable::reason(const records::CaseRecord& record, std::size_t index) const {
  if (index != minor_ && index != minor_ + 1) return {};
  if (record.minor_at_recruitment != TriState::kUnknown) return "as recorded";
  const auto age = age_in_identification_year(record);
  if (!age) return "no age at recruitment and no usable birth date";
  if (age->youngest == age->oldest) {
    return fmt::format("age {} in {}, from the birth date", age->youngest, *record.identification_year);
  }
  return fmt::format("age {} to {} in {}, from the birth date", age->youngest, age->oldest,
                     *record.identification_year);
}

}  // namespace clearpoint::law
