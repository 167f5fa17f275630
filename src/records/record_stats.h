// RecordStats: counts of stored records by agency, year, sex, form of exploitation and country.
//
// These are counts of *records*, not of persons: the same person on three lists counts three times
// until the linkage stage says otherwise. Multi-valued fields (a record may list several forms of
// exploitation or countries) count a record once under each value, so their tallies can sum to more
// than the number of records; unknown values are counted under "(unknown)" rather than dropped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "records/case_record.h"

namespace clearpoint::records {

struct Tally {
  std::string dimension;  // e.g. "identification_year"
  bool multi_valued = false;
  std::vector<std::pair<std::string, std::int64_t>> counts;  // value → records, in display order
};

class RecordStats {
 public:
  void add(const CaseRecord& record);
  std::int64_t records() const { return records_; }
  std::vector<Tally> tallies() const;

  static constexpr std::string_view kUnknown = "(unknown)";

 private:
  std::int64_t records_ = 0;
  std::map<std::string, std::int64_t> by_agency_list_;
  std::map<std::string, std::int64_t> by_year_;
  std::map<std::string, std::int64_t> by_sex_;
  std::map<std::string, std::int64_t> by_exploitation_;
  std::map<std::string, std::int64_t> by_origin_;
  std::map<std::string, std::int64_t> by_destination_;
};

}  // namespace clearpoint::records
