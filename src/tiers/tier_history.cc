#include "tiers/tier_history.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "core/diagnostic.h"
#include "core/parse_number.h"
#include "core/suggest.h"
#include "io/csv_reader.h"
#include "io/toml_file.h"

namespace clearpoint::tiers {

std::optional<Tier> parse_tier(std::string text) {
  std::string t;
  for (const char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (t == "tier1" || t == "1") return Tier::kTier1;
  if (t == "tier2" || t == "2") return Tier::kTier2;
  if (t == "tier2watchlist" || t == "watchlist" || t == "2wl" || t == "tier2wl") return Tier::kWatchList;
  if (t == "tier3" || t == "3") return Tier::kTier3;
  if (t == "specialcase" || t == "sc") return Tier::kSpecialCase;
  if (t == "notreviewed" || t == "na" || t == "n.r." || t == "nr") return Tier::kNotReviewed;
  return std::nullopt;
}

std::string tier_name(Tier tier) {
  switch (tier) {
    case Tier::kTier1:
      return "Tier 1";
    case Tier::kTier2:
      return "Tier 2";
    case Tier::kWatchList:
      return "Tier 2 Watch List";
    case Tier::kTier3:
      return "Tier 3";
    case Tier::kSpecialCase:
      return "Special Case";
    case Tier::kNotReviewed:
      return "not reviewed";
  }
  return "";
}

std::string tier_short(Tier tier) {
  switch (tier) {
    case Tier::kTier1:
      return "1";
    case Tier::kTier2:
      return "2";
    case Tier::kWatchList:
      return "2WL";
    case Tier::kTier3:
      return "3";
    case Tier::kSpecialCase:
      return "SC";
    case Tier::kNotReviewed:
      return "n.r.";
  }
  return "";
}

TierHistory TierHistory::load(const std::string& data_dir, const core::CountrySet& countries) {
  TierHistory history;
  const std::filesystem::path dir = std::filesystem::path(data_dir) / "tiers";
  const auto rules_file = (dir / "rules.toml").string();
  const auto rules = io::parse_toml_file(rules_file, "the tier rules", "see data/tiers/rules.toml");
  history.rules_.watch_list_first_report =
      io::whole_number_in(rules["category"]["watch_list"]["first_report"].node(), 1900, 2100).value_or(2004);
  history.rules_.special_case_first_report =
      io::whole_number_in(rules["category"]["special_case"]["first_report"].node(), 1900, 2100)
          .value_or(2002);
  const auto downgrade = rules["rule"]["automatic_downgrade"];
  history.rules_.downgrade_consecutive =
      io::whole_number_in(downgrade["consecutive_watch_list"].node(), 1, 20).value_or(2);
  history.rules_.downgrade_first_report =
      io::whole_number_in(downgrade["first_report"].node(), 1900, 2100).value_or(2009);
  history.rules_.downgrade_text = downgrade["text"].value_or(std::string());
  history.rules_.downgrade_source = downgrade["source"].value_or(std::string());
  const auto entities = (dir / "entities.csv").string();
  for (const auto& row : io::read_csv_table(entities, 3)) {
    const int since = io::integer_cell(row, 2, entities, "since");
    for (std::size_t from = 0; from <= row.fields[1].size();) {
      const auto bar = std::min(row.fields[1].find('|', from), row.fields[1].size());
      history.predecessor_[row.fields[1].substr(from, bar - from)] = {row.fields[0], since};
      from = bar + 1;
    }
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".csv" && entry.path().filename() != "entities.csv") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) history.add_file(file, countries);
  return history;
}

void TierHistory::add_file(const std::string& path, const core::CountrySet& countries) {
  std::vector<core::Diagnostic> problems;
  std::vector<std::string> codes;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const std::string code{a, b};
      if (countries.contains(code)) codes.push_back(code);
    }
  }
  std::set<std::pair<std::string, int>> seen;
  std::vector<Ranking> added;
  for (const auto& row : io::read_csv_table(path, 7)) {
    const auto at = [&](std::size_t column) {
      return core::SourceLocation{path, row.line, row.columns[column]};
    };
    Ranking r;
    r.country = row.fields[0];
    r.file = fmt::format("{}:{}", path, row.line);
    r.ranked_as = row.fields[5];
    r.source = row.fields[6];
    bool bad = false;
    if (!countries.contains(r.country)) {
      const auto near = core::nearest_name(r.country, codes);
      problems.push_back({at(0), "country",
                          fmt::format("'{}' is not a country code in data/countries.csv", r.country),
                          near.empty() ? "use a two-letter code from data/countries.csv"
                                       : fmt::format("did you mean '{}'?", near)});
      bad = true;
    }
    const auto year = core::parse_int(row.fields[1]);
    r.report_year = year.value_or(0);
    if (!year || r.report_year < 2001 || r.report_year > 2100) {
      problems.push_back({at(1), "report_year", fmt::format("'{}' is not a report year", row.fields[1]),
                          "the TIP Report began in 2001: give a year from 2001"});
      bad = true;
    }
    const auto check_tier = [&](const std::string& text, std::size_t column,
                                bool optional) -> std::optional<Tier> {
      if (optional && text.empty()) return std::nullopt;
      const auto tier = parse_tier(text);
      const std::string field = column == 2 ? "tier" : "tier_after";
      if (!tier) {
        problems.push_back({at(column), field, fmt::format("'{}' is not a tier", text),
                            "use Tier 1, Tier 2, Tier 2 Watch List, Tier 3, Special Case or not reviewed"});
        bad = true;
        return std::nullopt;
      }
      if (*tier == Tier::kWatchList && r.report_year != 0 && r.report_year < rules_.watch_list_first_report) {
        problems.push_back(
            {at(column), field,
             fmt::format("the Tier 2 Watch List did not exist in the {} report", r.report_year),
             fmt::format("it was first used in the {} report", rules_.watch_list_first_report)});
        bad = true;
      }
      if (*tier == Tier::kSpecialCase && r.report_year != 0 &&
          r.report_year < rules_.special_case_first_report) {
        problems.push_back(
            {at(column), field, fmt::format("there were no special cases in the {} report", r.report_year),
             fmt::format("special cases begin with the {} report", rules_.special_case_first_report)});
        bad = true;
      }
      return tier;
    };
    if (const auto tier = check_tier(row.fields[2], 2, false)) r.tier = *tier;
    r.changed_on = row.fields[3];
    r.tier_after = check_tier(row.fields[4], 4, true);
    if (r.changed_on.empty() != !r.tier_after.has_value()) {
      problems.push_back({at(3), "changed_on",
                          "a change within the year needs both its month and the tier after it",
                          "give changed_on as YYYY-MM and tier_after, or neither"});
      bad = true;
    }
    if (r.source.empty()) {
      problems.push_back({at(6), "source", "the row has no source", "say where the ranking was published"});
      bad = true;
    }
    if (!bad && !seen.insert({r.country, r.report_year}).second) {
      problems.push_back({at(1), "report_year",
                          fmt::format("{} is ranked twice for {} in this file", r.country, r.report_year),
                          "keep one row per country and report year (another source goes in its own file)"});
      bad = true;
    }
    if (!bad) added.push_back(std::move(r));
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  rankings_.insert(rankings_.end(), added.begin(), added.end());
}

std::vector<const Ranking*> TierHistory::rankings(const std::string& country, int year) const {
  std::vector<const Ranking*> out;
  for (const auto& r : rankings_) {
    if (r.country == country && r.report_year == year) out.push_back(&r);
  }
  return out;
}

std::string TierHistory::entity_in(const std::string& country, int year) const {
  std::string entity = country;
  for (auto found = predecessor_.find(entity); found != predecessor_.end() && year <= found->second.second;
       found = predecessor_.find(entity)) {
    entity = found->second.first;
  }
  return entity;
}

std::vector<RuleFinding> downgrade_findings(const TierHistory& history, const std::string& country, int from,
                                            int to) {
  std::vector<RuleFinding> findings;
  const auto& rules = history.rules();
  const auto tier_at = [&](int year) -> std::optional<Tier> {
    const auto found = history.rankings(history.entity_in(country, year), year);
    if (found.empty()) return std::nullopt;
    return found.front()->tier_after ? *found.front()->tier_after : found.front()->tier;
  };
  for (int year = from; year <= to; ++year) {
    bool streak = true;
    for (int back = 1; back <= rules.downgrade_consecutive && streak; ++back) {
      const int earlier = year - back;
      streak = earlier >= rules.downgrade_first_report && tier_at(earlier) == Tier::kWatchList;
    }
    if (!streak) continue;
    const auto now = tier_at(year);
    if (now == Tier::kTier3) findings.push_back({country, year, "downgraded to Tier 3"});
    if (now == Tier::kWatchList)
      findings.push_back({country, year, "waived (a third year on the Watch List)"});
  }
  return findings;
}

}  // namespace clearpoint::tiers
