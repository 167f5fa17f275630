// Comparison: the same cases counted under every framework, side by side.
//
// For each framework the number of cases that qualify, do not, or cannot be decided; for each ordered
// pair (A, B) the number of cases A counts and B does not; and for each such pair the facts and rules
// that stopped B most often (the drivers of the disagreement), read off B's failing path.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "law/framework.h"

namespace clearpoint::law {

struct Comparison {
  std::vector<const Framework*> frameworks;
  std::int64_t cases = 0;
  std::vector<std::array<std::int64_t, 3>> counts;  // [framework][Verdict]
  std::vector<std::vector<std::int64_t>>
      disagree;  // [a][b]: a qualifies, b does not qualify or is undetermined
  // [a][b]: blocking fact or rule ("means=unknown", "purpose=no") → cases, most frequent first
  std::vector<std::vector<std::vector<std::pair<std::string, std::int64_t>>>> drivers;
};

class Comparer {
 public:
  explicit Comparer(const std::vector<Framework>& frameworks);
  void add(const records::CaseRecord& record);
  Comparison result() const;

 private:
  const std::vector<Framework>& frameworks_;
  std::vector<std::vector<core::TriState>> slots_;
  std::vector<Verdict> verdicts_;
  Comparison comparison_;
  std::vector<std::vector<std::map<std::string, std::int64_t>>> drivers_;
};

// What stopped `framework` from qualifying a case, as "name=value" items (the failing path's leaves,
// stopping at `any` rules over facts, which are reported whole: "means=no").
std::vector<std::string> blocking_items(const Framework& framework, const std::vector<core::TriState>& slots);

// The elements that decided the verdict: for a case that qualifies, the facts on the satisfied path
// ("act_recruitment=yes", "purpose_begging=yes"); otherwise the blocking items above.
std::vector<std::string> deciding_items(const Framework& framework, const std::vector<core::TriState>& slots);

}  // namespace clearpoint::law
