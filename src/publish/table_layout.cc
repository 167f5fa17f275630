#include "publish/table_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace clearpoint::publish {

namespace {

constexpr std::string_view kTotal = "Total";
constexpr std::string_view kUnknown = "unknown";

std::string eurostat_column(const std::string& variable) {
  if (variable == "sex") return "sex";
  if (variable == "age_group") return "age";
  if (variable == "citizenship") return "citizen";
  if (variable == "exploitation") return "exploit";
  if (variable == "identified_by") return "org";  // the registering organisation's kind
  return variable;
}

std::string eurostat_code(const std::string& variable, const std::string& category) {
  const bool total = category == kTotal;
  const bool unknown = category == kUnknown;
  if (variable == "sex") {
    if (total) return "T";
    if (category == "female") return "F";
    if (category == "male") return "M";
    if (category == "other") return "OTH";
    return "UNK";
  }
  if (variable == "age_group") {
    if (total) return "TOTAL";
    if (category == "child") return "Y_LT18";
    if (category == "adult") return "Y_GE18";
    return "UNK";
  }
  if (total) return "TOTAL";
  if (unknown) return "UNK";
  if (variable == "citizenship" || variable == "origin" || variable == "destination") {
    // Eurostat writes Greece and the United Kingdom as EL and UK.
    if (category == "GR") return "EL";
    if (category == "GB") return "UK";
  }
  return category;
}

// The count and its flag, as the long layouts end a row: empty and "c" when withheld.
void append_count(std::vector<std::string>& row, std::int64_t value, CellStatus status) {
  const bool withheld = status != CellStatus::kPublished;
  row.push_back(withheld ? std::string() : std::to_string(value));
  row.emplace_back(withheld ? kWithheldFlag : std::string_view());
}

LaidOutTable plain(const TableDefinition& table, const std::vector<ReleaseCell>& cells,
                   const std::vector<CellStatus>& status) {
  LaidOutTable out;
  out.header = table.variables;
  out.header.emplace_back("count");
  out.header.emplace_back("flag");
  for (std::size_t i = 0; i < cells.size(); ++i) {
    auto row = cells[i].categories;
    append_count(row, cells[i].value, status[i]);
    out.rows.push_back(std::move(row));
  }
  return out;
}

LaidOutTable eurostat(const TableDefinition& table, const std::vector<ReleaseCell>& cells,
                      const std::vector<CellStatus>& status, const ReleaseDefinition& release) {
  LaidOutTable out;
  out.header = {"freq", "unit"};
  const auto year =
      std::find(table.variables.begin(), table.variables.end(), "year") - table.variables.begin();
  const bool has_year = static_cast<std::size_t>(year) < table.variables.size();
  for (const auto& v : table.variables)
    if (v != "year") out.header.push_back(eurostat_column(v));
  for (const auto* column : {"TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"}) out.header.emplace_back(column);
  const auto span = fmt::format("{}-{}", release.first_year, release.last_year);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& categories = cells[i].categories;
    if (has_year && categories[static_cast<std::size_t>(year)] == kTotal) continue;
    std::vector<std::string> row = {"A", "NR"};
    for (std::size_t v = 0; v < table.variables.size(); ++v)
      if (table.variables[v] != "year") row.push_back(eurostat_code(table.variables[v], categories[v]));
    row.push_back(has_year ? categories[static_cast<std::size_t>(year)] : span);
    append_count(row, cells[i].value, status[i]);
    out.rows.push_back(std::move(row));
  }
  return out;
}

LaidOutTable glotip(const TableDefinition& table, const std::vector<ReleaseCell>& cells,
                    const std::vector<CellStatus>& status) {
  static const std::vector<std::pair<std::string, std::string>> groups = {
      {"women", "Women"}, {"men", "Men"},         {"girls", "Girls"},
      {"boys", "Boys"},   {"unknown", "Unknown"}, {"Total", "Total"}};
  const auto group = static_cast<std::size_t>(
      std::find(table.variables.begin(), table.variables.end(), "glotip_group") - table.variables.begin());
  LaidOutTable out;
  for (std::size_t v = 0; v < table.variables.size(); ++v)
    if (v != group) out.header.push_back(table.variables[v]);
  for (const auto& g : groups) out.header.push_back(g.second);
  // One row per combination of the other variables, in the order the cells come.
  std::vector<std::vector<std::string>> keys;
  std::map<std::vector<std::string>, std::map<std::string, std::string>> values;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::vector<std::string> key;
    for (std::size_t v = 0; v < cells[i].categories.size(); ++v)
      if (v != group) key.push_back(cells[i].categories[v]);
    if (values.find(key) == values.end()) keys.push_back(key);
    values[key][cells[i].categories[group]] =
        status[i] != CellStatus::kPublished ? std::string(kWithheldFlag) : std::to_string(cells[i].value);
  }
  for (const auto& key : keys) {
    auto row = key;
    for (const auto& g : groups) row.push_back(values[key][g.first]);
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace

LaidOutTable lay_out(const TableDefinition& table, TableLayout layout, const std::vector<ReleaseCell>& cells,
                     const std::vector<CellStatus>& status, const ReleaseDefinition& release) {
  switch (layout) {
    case TableLayout::kEurostat:
      return eurostat(table, cells, status, release);
    case TableLayout::kGlotip:
      return glotip(table, cells, status);
    case TableLayout::kPlain:
      break;
  }
  return plain(table, cells, status);
}

std::string layout_suffix(TableLayout layout) {
  switch (layout) {
    case TableLayout::kEurostat:
      return ".eurostat";
    case TableLayout::kGlotip:
      return ".glotip";
    case TableLayout::kPlain:
      break;
  }
  return "";
}

}  // namespace clearpoint::publish
