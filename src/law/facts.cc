#include "law/facts.h"

#include <fmt/format.h>

#include <algorithm>

#include "records/field_catalogue.h"

namespace clearpoint::law {

namespace {

using core::TriState;

constexpr std::size_t kNotAField = static_cast<std::size_t>(-1);

// The person's possible ages at the act (recruitment), from the birth date and the recruitment date;
// without a recruitment date, recruitment came at some time before the end of the year of identification,
// possibly years before, so the youngest possible age is 0 and only "a minor throughout that year" decides.
struct AgeAtAct {
  int youngest;
  int oldest;
  bool recruitment_dated;
};

std::optional<AgeAtAct> age_at_recruitment(const records::CaseRecord& record) {
  const auto birth = record.birth_date.interval();
  if (!birth) return std::nullopt;
  if (const auto recruited = record.recruitment_date.interval()) {
    const auto at_first = core::age_range_on(*birth, core::CivilDate::from_days(recruited->first));
    const auto at_last = core::age_range_on(*birth, core::CivilDate::from_days(recruited->last));
    return AgeAtAct{std::max(0, at_first.youngest), at_last.oldest, true};
  }
  if (!record.identification_year) return std::nullopt;
  const auto at_year_end = core::age_range_on(*birth, core::CivilDate{*record.identification_year, 12, 31});
  return AgeAtAct{0, at_year_end.oldest, false};
}

// Palermo Art. 3(c)-(d), CoE Art. 4(c)-(d), EU 2011/36 Art. 2(5)-(6): a child is a person under 18 at the
// time of the act. A recorded minor_at_recruitment decides; else the birth date at the recruitment date;
// else only a person under 18 to the end of the year of identification is known to have been a child.
TriState minor_from(const records::CaseRecord& record) {
  if (record.minor_at_recruitment != TriState::kUnknown) return record.minor_at_recruitment;
  const auto age = age_at_recruitment(record);
  if (!age) return TriState::kUnknown;
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
  const auto age = age_at_recruitment(record);
  if (!age)
    return "no age at recruitment, and no birth date with a recruitment date or year of identification";
  if (age->recruitment_dated) {
    const auto ages = age->youngest == age->oldest ? fmt::format("age {}", age->youngest)
                                                   : fmt::format("age {} to {}", age->youngest, age->oldest);
    return fmt::format("{} when recruited ({}), from the birth date", ages,
                       record.recruitment_date.canonical());
  }
  if (age->oldest < 18) {
    return fmt::format(
        "under 18 to the end of {}, the year of identification, so also when recruited before it",
        *record.identification_year);
  }
  // Which date would decide: the 18th birthday.
  const auto birth = *record.birth_date.interval();
  const auto first = core::CivilDate::from_days(birth.first).plus_years(18);
  const auto last = core::CivilDate::from_days(birth.last).plus_years(18);
  const auto turned = first == last ? fmt::format("on {}", first.iso())
                                    : fmt::format("between {} and {}", first.iso(), last.iso());
  return fmt::format(
      "no recruitment date: the person turned 18 {} — recruited before that, a child; after it, an adult (a "
      "recruitment_date or minor_at_recruitment would decide)",
      turned);
}

}  // namespace clearpoint::law
