// Person: one victim as she really is — the truth the simulator draws before any agency sees her, and
// from which each agency's record is written with that agency's habits and errors.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/partial_date.h"
#include "core/tristate.h"
#include "records/case_record.h"
#include "simulate/names.h"
#include "simulate/scenario.h"

namespace clearpoint::simulate {

struct Person {
  std::int64_t id = 0;
  const Stream* stream = nullptr;
  const NamePool* pool = nullptr;
  bool female = true;
  int age = 0;  // at recruitment
  core::CivilDate birth;
  core::CivilDate recruited;
  core::CivilDate identified;
  std::string given;
  std::string surname;  // native script, in the person's own gender form
  std::string father;
  const Route* route = nullptr;
  std::vector<std::string> exploitation;
  bool exploited = true;  // false for a smuggled migrant who was not exploited
  std::string recruitment;
  bool avoids = false;
  double frailty = 0;
  std::array<core::TriState, records::kLegalElementCount> elements{};
  bool withholds_documents = false;
  core::TriState consent = core::TriState::kNo;
};

inline core::CivilDate plus_days(const core::CivilDate& date, int days) {
  return core::CivilDate::from_days(date.to_days() + days);
}

// Whole years of age on `on` of a person born on `born`.
inline int age_on(const core::CivilDate& born, const core::CivilDate& on) {
  const bool before = on.month < born.month || (on.month == born.month && on.day < born.day);
  return on.year - born.year - (before ? 1 : 0);
}

inline core::TriState tri(bool value) {
  return value ? core::TriState::kYes : core::TriState::kNo;
}

}  // namespace clearpoint::simulate
