#include "records/record_stats.h"

#include <algorithm>

namespace clearpoint::records {

namespace {
void count_each(std::map<std::string, std::int64_t>& tally, const std::vector<std::string>& values) {
  if (values.empty()) {
    ++tally[std::string(RecordStats::kUnknown)];
    return;
  }
  for (const auto& value : values) ++tally[value];
}

std::vector<std::pair<std::string, std::int64_t>> by_key(const std::map<std::string, std::int64_t>& tally) {
  return {tally.begin(), tally.end()};
}

// Most frequent first; "(unknown)" last so it never hides among the values.
std::vector<std::pair<std::string, std::int64_t>> by_count(const std::map<std::string, std::int64_t>& tally) {
  std::vector<std::pair<std::string, std::int64_t>> out(tally.begin(), tally.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const bool a_unknown = a.first == RecordStats::kUnknown;
    const bool b_unknown = b.first == RecordStats::kUnknown;
    if (a_unknown != b_unknown) return b_unknown;
    return a.second > b.second;
  });
  return out;
}
}  // namespace

void RecordStats::add(const CaseRecord& record) {
  ++records_;
  ++by_agency_list_[record.agency + "/" + record.list];
  ++by_year_[record.identification_year ? std::to_string(*record.identification_year)
                                        : std::string(kUnknown)];
  ++by_sex_[record.sex.empty() ? std::string(kUnknown) : record.sex];
  count_each(by_exploitation_, record.exploitation_types);
  count_each(by_origin_, record.origin_countries);
  count_each(by_destination_, record.destination_countries);
}

std::vector<Tally> RecordStats::tallies() const {
  return {
      {"agency/list", false, by_key(by_agency_list_)},
      {"identification_year", false, by_key(by_year_)},
      {"sex", false, by_count(by_sex_)},
      {"exploitation_types", true, by_count(by_exploitation_)},
      {"origin_countries", true, by_count(by_origin_)},
      {"destination_countries", true, by_count(by_destination_)},
  };
}

}  // namespace clearpoint::records
