// Capture histories: the table the estimation stage reads — for each combination of lists, how many
// persons were on exactly those lists — optionally per stratum (sex, age group, citizenship, year), since
// heterogeneity between such groups biases an estimate made on them together.
//
// Layout (as ../shared/data/mse): one 0/1 column per list in list order, then `count`; with strata, one
// `stratum_<name>` column per stratum before them. A person's stratum value is the most frequent
// non-empty value among its records (ties: the smallest), "unknown" when none has one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "records/case_record.h"

namespace clearpoint::link {

enum class Stratum { kSex, kAgeGroup, kCitizenship, kYear };

// "sex", "age" (minor / adult at identification, or unknown), "citizenship", "year" (of identification).
std::optional<Stratum> stratum_named(const std::string& name);
std::string stratum_name(Stratum stratum);
// The record's value under `stratum`; empty when the record does not say.
std::string stratum_value(const records::CaseRecord& record, Stratum stratum);

class CaptureHistories {
 public:
  explicit CaptureHistories(std::vector<Stratum> strata) : strata_(std::move(strata)) {}

  void add(const std::string& person, const std::string& list, const records::CaseRecord& record);

  // One observed history of one stratum: the stratum values, which lists (in list_names() order) and how
  // many persons. Strata in increasing order of their values, histories within each in decreasing binary
  // order with the first list as the highest digit (11…1 first).
  struct Cell {
    std::vector<std::string> stratum;
    std::vector<bool> on_list;
    std::int64_t count = 0;
  };
  std::vector<Cell> cells() const;
  std::vector<std::string> list_names() const;  // sorted

  // Header and rows of the CSV layout, in cells() order.
  std::vector<std::string> header() const;
  std::vector<std::vector<std::string>> rows() const;
  std::size_t persons() const { return persons_.size(); }
  std::size_t lists() const { return lists_.size(); }

 private:
  struct Person {
    std::vector<std::string> lists;
    std::vector<std::map<std::string, int>> values;  // per stratum: value → records
  };
  std::vector<Stratum> strata_;
  std::map<std::string, int> lists_;  // list → column (assigned in sorted order when written)
  std::map<std::string, Person> persons_;
};

}  // namespace clearpoint::link
