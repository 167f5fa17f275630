// Tier history: the US Trafficking in Persons Report's ranking of each country in each report year, each
// row with the source it was taken from — the tool never invents a ranking. Categories: Tier 1, Tier 2,
// Tier 2 Watch List (from the 2004 report), Tier 3, Special Case, not reviewed; a ranking may change
// within the year (Bosnia and Herzegovina: Tier 3, upgraded to Tier 2 in 9/2003). Entities follow the
// region's history (Federal Republic of Yugoslavia → Serbia and Montenegro → Serbia, Montenegro).
//
// Files: data/tiers/*.csv with columns country, report_year, tier, changed_on (YYYY-MM), tier_after,
// ranked_as, source; entities.csv (code, succeeded_by, last_report); rules.toml (categories with their
// first report, and the rules with the report years in which they were in force).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/country_set.h"

namespace clearpoint::tiers {

enum class Tier { kTier1, kTier2, kWatchList, kTier3, kSpecialCase, kNotReviewed };

// "Tier 1", "1", "Tier 2 Watch List", "Watchlist", "2WL", "Special Case", "not reviewed", "NA" …
std::optional<Tier> parse_tier(std::string text);
std::string tier_name(Tier tier);   // "Tier 2 Watch List"
std::string tier_short(Tier tier);  // "2WL"

struct Ranking {
  std::string country;  // two-letter code (historical entities included: YU, CS)
  int report_year = 0;
  Tier tier = Tier::kNotReviewed;
  std::string changed_on;  // YYYY-MM of a change within the year, or ""
  std::optional<Tier> tier_after;
  std::string ranked_as;  // the name the report used, when not the country's own
  std::string source;
  std::string file;  // where the row was read (file:line)
};

struct Rules {
  int watch_list_first_report = 2004;
  int special_case_first_report = 2002;
  int downgrade_consecutive = 2;      // Watch List reports in a row before the automatic downgrade
  int downgrade_first_report = 2009;  // the first report whose Watch List counts
  std::string downgrade_text;
  std::string downgrade_source;
};

class TierHistory {
 public:
  // Reads data_dir/tiers (every CSV but entities.csv, then rules and entities); throws core::UserError.
  static TierHistory load(const std::string& data_dir, const core::CountrySet& countries);
  // Adds a user's CSV: unknown country, impossible tier (a category before it existed), bad year or a
  // country ranked twice in one year by the same file are refused with file:line:column.
  void add_file(const std::string& path, const core::CountrySet& countries);

  // Every ranking of `country` in `year` (several when sources disagree or repeat).
  std::vector<const Ranking*> rankings(const std::string& country, int year) const;
  // The entity ranked for `country` in `year`: its predecessor when the report predates it (CS in 2001 →
  // YU), itself otherwise.
  std::string entity_in(const std::string& country, int year) const;
  const Rules& rules() const { return rules_; }

 private:
  std::vector<Ranking> rankings_;
  std::map<std::string, std::pair<std::string, int>>
      predecessor_;  // successor → (predecessor, its last report)
  Rules rules_;
};

// A finding of the automatic-downgrade rule: `country` was on the Watch List in the `consecutive` reports
// before `report_year`; `outcome` is "downgraded to Tier 3" or "waived (still on the Watch List)".
struct RuleFinding {
  std::string country;
  int report_year = 0;
  std::string outcome;
};
std::vector<RuleFinding> downgrade_findings(const TierHistory& history, const std::string& country, int from,
                                            int to);

}  // namespace clearpoint::tiers
