// List coverage: whom each list could have caught at all. A police force sees the victims in its own
// country, a labour inspectorate began in 2012, a children's service sees minors; a person outside a list's
// reach is not "missed" by it, and counting her as missed makes lists that cannot see the same people look
// dependent. A coverage file declares each list's reach; a person's coverage is the set of lists whose reach
// includes what her records say of her (route and roles, years of identification, age group, forms of
// exploitation, sex). The estimation stage treats the other lists as structural zeros.
//
// Unknown is never no: when a person's records do not say what a list's reach depends on (no year; no
// origin or destination; no transit, when none of the lists she is on records transit for anyone), the list
// is taken to cover her — she might have been caught — and the report counts such persons. A
// list a person is on always covers her. A list the file does not name covers everyone.
//
//   [[list]]
//   list = "MUP-RS/victims"              # agency/list as stored
//   country = "RS"                       # where the list sees victims
//   roles = ["origin", "transit", "destination"]   # which parts of a route through that country
//   years = [2012, 2025]                 # first and last year of identification it could record
//   ages = ["minor"]                     # minor | adult
//   exploitation = ["forced_labour", "begging"]
//   sexes = ["female"]
//   source = "Law on labour inspection 2012"       # why: shown in the report
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "records/case_record.h"

namespace clearpoint::link {

struct ListReach {
  std::string list;
  std::string country;             // empty: any country
  std::vector<std::string> roles;  // empty: every role
  std::optional<int> first_year;
  std::optional<int> last_year;
  std::vector<std::string> ages;
  std::vector<std::string> exploitation;
  std::vector<std::string> sexes;
  std::string source;
};

struct CoverageDeclarations {
  std::string path;
  std::vector<ListReach> lists;
  const ListReach* find(const std::string& list) const;
};

// Reads a coverage file; every problem located (file:line:column) with what to do.
CoverageDeclarations read_coverage(const std::string& path);

// Which parts of a route (origin, transit, destination) a person's lists record at all: a list without a
// transit column says nothing about transit, so its silence is not "no transit".
struct RouteRecorded {
  bool origin = false;
  bool transit = false;
  bool destination = false;
  bool of(const std::string& role) const;
  void add(const records::CaseRecord& record);  // what one more record of the list shows
  void add(const RouteRecorded& other);         // what another list records too
};

// What a person's records say about whom could have caught her.
class CoverageEvidence {
 public:
  void add(const records::CaseRecord& record);

  enum class Verdict { kCovered, kNotCovered, kUndetermined };
  // `recorded`: the parts of a route that the lists she is on record for anyone.
  Verdict covered_by(const ListReach& reach, const RouteRecorded& recorded) const;

 private:
  std::set<std::pair<std::string, std::string>> country_roles_;  // (country, role)
  std::set<int> years_;
  std::set<std::string> ages_;
  std::set<std::string> exploitation_;
  std::set<std::string> sexes_;
};

}  // namespace clearpoint::link
