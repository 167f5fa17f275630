#include "tiers/tier_grid.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/parse_number.h"

namespace clearpoint::tiers {

namespace {

std::string one_ranking(const Ranking& r, const std::string& country) {
  std::string text = tier_short(r.tier);
  if (r.tier_after) {
    // YYYY-MM → M/YYYY, as the book writes it.
    const std::string when =
        r.changed_on.size() == 7
            ? fmt::format("{}/{}", core::parse_int(r.changed_on.substr(5, 2)).value_or(0),
                          r.changed_on.substr(0, 4))
            : r.changed_on;
    text += fmt::format(" → {} ({})", tier_short(*r.tier_after), when);
  }
  if (r.country != country) {
    text += fmt::format(" (as {})", r.ranked_as == "Federal Republic of Yugoslavia" ? "FRY"
                                    : r.ranked_as.empty()                           ? r.country
                                                                                    : r.ranked_as);
  }
  return text;
}

}  // namespace

std::string cell_text(const TierHistory& history, const std::string& country, int year, bool* disagreement) {
  const auto rankings = history.rankings(history.entity_in(country, year), year);
  std::vector<std::string> texts;
  for (const auto* r : rankings) {
    const auto text = one_ranking(*r, country);
    if (std::find(texts.begin(), texts.end(), text) == texts.end()) texts.push_back(text);
  }
  if (disagreement != nullptr) *disagreement = texts.size() > 1;
  std::string out;
  for (std::size_t i = 0; i < texts.size(); ++i) out += (i ? " ≠ " : "") + texts[i];
  return out;
}

std::vector<GridRow> tier_grid(const TierHistory& history, const std::vector<std::string>& countries,
                               int first_year, int last_year) {
  std::vector<GridRow> rows;
  for (const auto& country : countries) {
    GridRow row{country, {}, {}};
    for (int year = first_year; year <= last_year; ++year) {
      bool disagree = false;
      row.cells.push_back(cell_text(history, country, year, &disagree));
      if (disagree) {
        std::string sources;
        for (const auto* r : history.rankings(history.entity_in(country, year), year)) {
          sources +=
              fmt::format("\n    {}: {} ({})",
                          tier_name(r->tier) + (r->tier_after ? " → " + tier_name(*r->tier_after) : ""),
                          r->source, r->file);
        }
        row.notes.push_back(fmt::format("{} {}: the sources disagree{}", country, year, sources));
      }
    }
    for (const auto& f : downgrade_findings(history, country, first_year, last_year)) {
      row.cells[static_cast<std::size_t>(f.report_year - first_year)] += " *";
      row.notes.push_back(
          fmt::format("{} {}: * two consecutive reports on the Watch List before this one: {}", country,
                      f.report_year, f.outcome));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace clearpoint::tiers
