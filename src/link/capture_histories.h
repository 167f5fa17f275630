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

#include "link/list_coverage.h"
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
  // With `coverage` (when not null), each cell also says which lists could have caught its persons
  // (list_coverage.h): the CSV gains a `coverage` column after the strata, 0/1 per list in list order.
  explicit CaptureHistories(std::vector<Stratum> strata) : strata_(std::move(strata)) {}
  CaptureHistories(std::vector<Stratum> strata, const CoverageDeclarations* coverage)
      : strata_(std::move(strata)) {
    if (coverage != nullptr) coverage_.emplace(*coverage);
  }

  void add(const std::string& person, const std::string& list, const records::CaseRecord& record);

  // One observed history of one stratum: the stratum values, which lists (in list_names() order) and how
  // many persons. Strata in increasing order of their values, histories within each in decreasing binary
  // order with the first list as the highest digit (11…1 first).
  struct Cell {
    std::vector<std::string> stratum;
    std::vector<bool> on_list;
    std::int64_t count = 0;
    std::vector<bool> covered_by;  // with coverage: the lists that could have caught these persons
    // Of those, the lists whose reach the persons' records do not decide (taken as covering them): a
    // coverage model may weigh the groups their records allow instead (mse::UndeterminedCell).
    std::vector<bool> undetermined = {};
  };
  std::vector<Cell> cells() const;
  std::vector<std::string> list_names() const;  // sorted

  // Header and rows of the CSV layout, in cells() order.
  std::vector<std::string> header() const;
  std::vector<std::vector<std::string>> rows() const;
  std::size_t persons() const { return persons_.size(); }
  std::size_t lists() const { return lists_.size(); }
  bool has_coverage() const { return coverage_.has_value(); }

  // With coverage: what the reader must know — lists the file does not declare, persons whose records did
  // not say enough to decide a list's reach (`?` in the table), lists declared but not in the data.
  std::vector<std::string> coverage_notes() const;

 private:
  struct Person {
    std::vector<std::string> lists;
    std::vector<std::map<std::string, int>> values;  // per stratum: value → records
    CoverageEvidence evidence;
  };
  // The lists that could have caught the person; `undetermined_lists`, when given, is set to those of them
  // her records do not decide.
  std::vector<bool> covered_by(const Person& person, const std::map<std::string, std::size_t>& column,
                               std::map<std::string, std::int64_t>* undetermined,
                               std::vector<bool>* undetermined_lists = nullptr) const;

  std::vector<Stratum> strata_;
  std::optional<CoverageDeclarations> coverage_;
  std::map<std::string, RouteRecorded> route_recorded_;  // per list: the parts of a route it ever records
  std::map<std::string, int> lists_;  // list → column (assigned in sorted order when written)
  std::map<std::string, Person> persons_;
};

}  // namespace clearpoint::link
