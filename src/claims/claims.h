// Claims: published figures about trafficking and where they came from. Estimates get recast as they are
// cited — a figure one body only discussed is quoted as that body's own, its region or period changes,
// and nobody along the way states a method. A claim records its value (or range), unit, population,
// region, period, who published it, whom it was attributed to, which claims it cites, the method stated
// and the date; the citations form a graph that `trace` walks from each figure's origin to every
// restatement, flagging
//   re-attribution  cited as X's figure when X only restated someone else's (the chain's origin is not X);
//   drift           value, unit, population, region or period changed from the claim it cites;
//   orphan          no claim anywhere up the chain states a method.
// Files: data/claims/*.toml, `[[claim]]` tables; a citation of an unknown claim, a repeated id or a cycle
// is refused with its location.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace clearpoint::claims {

struct Claim {
  std::string id;
  double low = 0;  // value: low == high
  double high = 0;
  std::string unit, population, region, period;
  std::string published_by, attributed_to;
  std::vector<std::string> cites;
  std::string method;  // "none stated" when none
  std::string date, note, reported_in;
  std::string location;  // file:line
  bool states_method() const;
  std::string value_text() const;
};

class Registry {
 public:
  // Every TOML file in `dir`; throws core::UserError with every problem located.
  static Registry load_dir(const std::string& dir);
  void add_file(const std::string& path);  // then call check() once all files are in
  void check() const;

  const std::vector<Claim>& claims() const { return claims_; }
  const Claim* find(const std::string& id) const;

  // The claims `id` descends from that cite nothing (its origins).
  std::vector<const Claim*> origins(const std::string& id) const;
  // Claims that cite `id` directly.
  std::vector<const Claim*> restatements(const std::string& id) const;

 private:
  std::vector<Claim> claims_;
};

struct Flag {
  std::string kind;  // "re-attribution", "drift", "orphan"
  std::string text;
};

// Flags of `claim` against the claims it cites (and, for orphans, the whole chain above it).
std::vector<Flag> flags_of(const Registry& registry, const Claim& claim);

struct TraceLine {
  int depth = 0;
  const Claim* claim = nullptr;
  std::vector<Flag> flags;
};
// From each origin of `id` down through every restatement (depth-first, in file order).
std::vector<TraceLine> trace(const Registry& registry, const std::string& id);

}  // namespace clearpoint::claims
