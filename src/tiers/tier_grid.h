// Tier grid: countries × report years as the TIP rankings read in the sources — the layout of Table 1.1
// in Friman & Reich (2007). A cell holds the short tier ("3", "2", "2WL", "1", "SC", "n.r."), a change
// within the year ("3 → 2 (9/2003)"), the predecessor entity ranked instead ("3 (as FRY)"), and every
// source's ranking when sources disagree ("3 ≠ 3 → 2 (9/2003)"); empty when no source ranks it.
#pragma once

#include <string>
#include <vector>

#include "tiers/tier_history.h"

namespace clearpoint::tiers {

struct GridRow {
  std::string country;
  std::vector<std::string> cells;  // one per year
  std::vector<std::string> notes;  // disagreements between sources, rule findings
};

std::string cell_text(const TierHistory& history, const std::string& country, int year,
                      bool* disagreement = nullptr);
std::vector<GridRow> tier_grid(const TierHistory& history, const std::vector<std::string>& countries,
                               int first_year, int last_year);

}  // namespace clearpoint::tiers
