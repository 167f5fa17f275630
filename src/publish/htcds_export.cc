#include "publish/htcds_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace clearpoint::publish {

namespace {

enum Column { kGender, kCitizenship, kStatus, kExploitation, kYear, kAgeGroup, kColumns };

// The most identifying first: where a row's group is too small, these go before the others.
constexpr Column kSuppressionOrder[] = {kCitizenship, kYear, kExploitation, kAgeGroup, kGender, kStatus};

std::string htcds_exploitation(const std::string& type) {
  static const std::map<std::string, std::string> names = {{"sexual", "SexualExploitation"},
                                                           {"forced_labour", "ForcedLabour"},
                                                           {"begging", "ForcedBegging"},
                                                           {"criminal_activity", "Other"},
                                                           {"forced_marriage", "ForcedMarriage"},
                                                           {"organ_removal", "OrganRemoval"},
                                                           {"illegal_adoption", "ForcedAdoption"},
                                                           {"surrogacy", "Surrogacy"},
                                                           {"other", "Other"}};
  const auto it = names.find(type);
  return it == names.end() ? std::string() : it->second;  // "none": not exploited, no HTCDS value
}

}  // namespace

const std::vector<std::string>& htcds_header() {
  static const std::vector<std::string> header = {"prs_Gender",
                                                  "prs_Citizenship",
                                                  "vic_TraffickingStatus",
                                                  "vic_TypeOfExploitation",
                                                  "vic_TraffickingStatusDecisionDate",
                                                  "x_AgeGroup"};
  return header;
}

std::vector<std::string> htcds_row(const records::CaseRecord& record, bool judged, core::Verdict status,
                                   const std::string& age_group) {
  std::vector<std::string> row(kColumns);
  row[kGender] = record.sex == "female" ? "Feminine"
                 : record.sex == "male" ? "Masculine"
                                        : "NonSpecifiedUnknown";
  row[kCitizenship] = record.citizenship.empty() ? std::string() : record.citizenship.front();
  if (judged)
    row[kStatus] = status == core::Verdict::kQualifies      ? "ActualVictimOfTrafficking"
                   : status == core::Verdict::kUndetermined ? "PossibleVictimOfTrafficking"
                                                            : "NotAVictimOfTrafficking";
  std::vector<std::string> types;
  for (const auto& type : record.exploitation_types) {
    const auto name = htcds_exploitation(type);
    if (!name.empty() && std::find(types.begin(), types.end(), name) == types.end()) types.push_back(name);
  }
  row[kExploitation] = fmt::format("{}", fmt::join(types, ";"));
  row[kYear] = record.identification_year ? std::to_string(*record.identification_year) : std::string();
  row[kAgeGroup] = age_group == "unknown" ? std::string() : age_group;
  return row;
}

std::optional<HtcdsCell> htcds_cell(const std::vector<std::string>& variables,
                                    const std::vector<std::string>& categories) {
  HtcdsCell cell;
  for (std::size_t v = 0; v < variables.size(); ++v) {
    const auto& category = categories[v];
    if (category == "Total") continue;
    const auto& name = variables[v];
    const std::string value = category == "unknown" ? std::string() : category;
    if (name == "year") {
      cell.emplace_back(kYear, value);
    } else if (name == "sex") {
      cell.emplace_back(kGender, value == "female" ? "Feminine"
                                 : value == "male" ? "Masculine"
                                                   : "NonSpecifiedUnknown");
    } else if (name == "age_group") {
      cell.emplace_back(kAgeGroup, value);
    } else if (name == "citizenship") {
      cell.emplace_back(kCitizenship, value);
    } else if (name == "exploitation") {
      cell.emplace_back(kExploitation, htcds_exploitation(value));
    } else {
      return std::nullopt;
    }
  }
  return cell;
}

HtcdsTable k_anonymous(std::vector<std::vector<std::string>> rows, std::int64_t k,
                       const std::vector<HtcdsCell>& withheld) {
  HtcdsTable table;
  table.header = htcds_header();
  table.suppressed.assign(kColumns, 0);
  const auto holds = [](const std::string& multi, const std::string& one) {
    if (one.empty()) return multi.empty();
    std::size_t start = 0;
    for (;;) {
      const auto end = multi.find(';', start);
      if (multi.compare(start, end == std::string::npos ? std::string::npos : end - start, one) == 0)
        return true;
      if (end == std::string::npos) return false;
      start = end + 1;
    }
  };
  const auto inside = [&](const std::vector<std::string>& row, const HtcdsCell& cell) {
    return std::all_of(cell.begin(), cell.end(), [&](const auto& condition) {
      const auto& [column, value] = condition;
      // A suppressed value places the row nowhere; an unknown category is an empty value recorded as such,
      // which the row cannot be told apart from: both are treated as outside.
      if (row[column].empty()) return false;
      return column == kExploitation ? holds(row[column], value) : row[column] == value;
    });
  };
  const auto first_in_order = [](const HtcdsCell& cell) {
    for (const auto column : kSuppressionOrder)
      if (std::any_of(cell.begin(), cell.end(), [&](const auto& c) { return c.first == column; }))
        return column;
    return kStatus;
  };
  const auto keep_out_of_withheld = [&] {
    bool changed = false;
    for (auto& row : rows)
      for (const auto& cell : withheld)
        if (!cell.empty() && inside(row, cell)) {
          row[first_in_order(cell)].clear();
          ++table.suppressed[first_in_order(cell)];
          changed = true;
        }
    return changed;
  };
  const auto small_groups = [&] {
    std::map<std::vector<std::string>, std::int64_t> sizes;
    for (const auto& row : rows) ++sizes[row];
    std::vector<bool> small(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const bool says_nothing =
          std::all_of(rows[r].begin(), rows[r].end(), [](const std::string& v) { return v.empty(); });
      small[r] = sizes[rows[r]] < k && !says_nothing;
    }
    return small;
  };
  // Each pass can only clear values, so this ends: at the latest when every row says nothing.
  for (bool changed = true; changed;) {
    changed = keep_out_of_withheld();
    for (const auto column : kSuppressionOrder) {
      const auto small = small_groups();
      if (std::none_of(small.begin(), small.end(), [](bool s) { return s; })) break;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        if (!small[r] || rows[r][column].empty()) continue;
        rows[r][column].clear();
        ++table.suppressed[column];
        changed = true;
      }
    }
  }
  std::sort(rows.begin(), rows.end());
  table.rows = std::move(rows);
  return table;
}

}  // namespace clearpoint::publish
