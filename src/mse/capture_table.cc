#include "mse/capture_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

#include "core/checksum.h"
#include "core/diagnostic.h"
#include "core/parse_number.h"
#include "io/csv_reader.h"

namespace clearpoint::mse {

double CaptureTable::observed() const {
  double total = 0;
  for (const double c : counts) total += c;
  return total;
}

double CaptureTable::overlapping() const {
  double total = 0;
  for (History h = 1; h < counts.size(); ++h) {
    if ((h & (h - 1)) != 0) total += counts[h];
  }
  return total;
}

StratifiedTables read_capture_tables(const std::string& path) {
  io::CsvReader reader(path, {});
  io::CsvRow header;
  if (!reader.next(header)) {
    throw core::UserError(fmt::format("{} is empty", path), "give a header: one column per list, then count");
  }
  std::vector<core::Diagnostic> problems;
  const auto at = [&](const io::CsvRow& row, std::size_t column) {
    return core::SourceLocation{path, row.line, column < row.columns.size() ? row.columns[column] : 1};
  };
  StratifiedTables out;
  std::size_t first_list = 0;
  while (first_list < header.fields.size() && header.fields[first_list].rfind("stratum_", 0) == 0) {
    out.stratum_names.push_back(header.fields[first_list].substr(8));
    ++first_list;
  }
  const bool has_coverage = first_list < header.fields.size() && header.fields[first_list] == "coverage";
  const std::size_t coverage_column = first_list;
  if (has_coverage) ++first_list;
  // The count column, under the names the R packages use; without one (Rcapture's individual format)
  // every row is one person.
  const auto is_count_name = [](std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name == "count" || name == "freq" || name == "frequency" || name == "n";
  };
  const bool counted = !header.fields.empty() && is_count_name(header.fields.back());
  const std::size_t count_column = counted ? header.fields.size() - 1 : header.fields.size();
  const std::vector<std::string> lists(header.fields.begin() + static_cast<std::ptrdiff_t>(first_list),
                                       header.fields.begin() + static_cast<std::ptrdiff_t>(count_column));
  if (lists.size() < 2) {
    throw core::UserError({{at(header, first_list), "lists",
                            fmt::format("{} list{} given", lists.size(), lists.size() == 1 ? " is" : "s are"),
                            "estimation needs the overlap of at least two lists"}});
  }
  if (lists.size() > 16) {
    throw core::UserError({{at(header, first_list), "lists", fmt::format("{} lists are given", lists.size()),
                            "merge lists: at most 16 can be modelled"}});
  }
  std::map<std::vector<std::string>, std::size_t> stratum_index;
  std::map<std::tuple<std::size_t, History, History, History>, std::int64_t> seen_on_line;
  io::CsvRow row;
  while (reader.next(row)) {
    problems.insert(problems.end(), row.problems.begin(), row.problems.end());
    if (row.fields.size() != header.fields.size()) {
      problems.push_back(
          {at(row, 0), "",
           fmt::format("expected {} columns, found {}", header.fields.size(), row.fields.size()),
           "keep the header's columns"});
      continue;
    }
    const std::vector<std::string> values(
        row.fields.begin(),
        row.fields.begin() + static_cast<std::ptrdiff_t>(has_coverage ? coverage_column : first_list));
    const auto [it, fresh] = stratum_index.try_emplace(values, out.strata.size());
    if (fresh) {
      out.strata.push_back(
          {values, CaptureTable{lists, std::vector<double>(std::size_t{1} << lists.size(), 0.0)}});
    }
    auto& table = out.strata[it->second].table;
    History history = 0;
    bool bad = false;
    for (std::size_t j = 0; j < lists.size(); ++j) {
      const auto& v = row.fields[first_list + j];
      if (v == "1") {
        history |= History{1} << j;
      } else if (v != "0") {
        problems.push_back({at(row, first_list + j), lists[j], fmt::format("'{}' is not 0 or 1", v),
                            counted ? "write 1 when the persons were on this list, 0 when not"
                                    : "write 1 or 0 per list; a count goes in a last column named count"});
        bad = true;
      }
    }
    History covered_by = (History{1} << lists.size()) - 1;
    History undetermined = 0;  // lists whose reach the persons' records do not decide ('?')
    if (has_coverage) {
      const auto& cover = row.fields[coverage_column];
      covered_by = 0;
      bool well_formed = cover.size() == lists.size();
      for (std::size_t j = 0; well_formed && j < cover.size(); ++j) {
        if (cover[j] == '1') {
          covered_by |= History{1} << j;
        } else if (cover[j] == '?') {
          covered_by |= History{1} << j;
          undetermined |= History{1} << j;
        } else if (cover[j] != '0') {
          well_formed = false;
        }
      }
      if (!well_formed) {
        problems.push_back(
            {at(row, coverage_column), "coverage",
             fmt::format("'{}' is not one 0, 1 or ? for each of the {} lists", cover, lists.size()),
             "write which lists could have caught these persons, e.g. 1101 for lists 1, 2 and 4, and ? for "
             "a list their records do not say"});
        bad = true;
      } else if ((history & ~covered_by) != 0 || (history & undetermined) != 0) {
        problems.push_back({at(row, coverage_column), "coverage",
                            "these persons are on a list that, by this coverage, could not have caught them",
                            "mark every list they are on as covering them"});
        bad = true;
      }
    }
    const std::string text = counted ? row.fields[count_column] : "1";
    // Surrounding blanks are forgiven (spreadsheets pad numbers); anything else in the cell is not.
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    const auto parsed =
        first == std::string::npos ? std::nullopt : core::parse_decimal(text.substr(first, last - first + 1));
    const double count = parsed.value_or(-1);
    if (!(count >= 0) || std::floor(count) != count) {
      problems.push_back({at(row, count_column), "count", fmt::format("'{}' is not a whole number ≥ 0", text),
                          "give how many persons have this history"});
      bad = true;
    }
    if (bad) continue;
    if (history == 0) {
      problems.push_back({at(row, first_list), "history", "the all-zero history cannot be observed",
                          "leave it out: the persons on no list are what is estimated"});
      continue;
    }
    const auto key = std::tuple(it->second, covered_by, undetermined, history);
    if (!counted) {  // one person per row: rows repeat
      if (has_coverage) {
        add_covered(table, covered_by, history, 1, undetermined);
      } else {
        table.counts[history] += 1;
      }
      continue;
    }
    if (const auto earlier = seen_on_line.find(key); earlier != seen_on_line.end()) {
      problems.push_back({at(row, first_list), "history",
                          fmt::format("this history is already given on line {}", earlier->second),
                          "give each history once, with its total count"});
      continue;
    }
    seen_on_line[key] = row.line;
    if (has_coverage) {
      add_covered(table, covered_by, history, count, undetermined);
    } else {
      table.counts[history] = count;
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  if (out.strata.empty()) {
    throw core::UserError(fmt::format("{} has no histories", path), "give one row per observed history");
  }
  return out;
}

void add_covered(CaptureTable& table, History covered_by, History history, double count,
                 History undetermined) {
  if (undetermined != 0) {
    const auto same = std::find_if(table.undetermined.begin(), table.undetermined.end(), [&](const auto& c) {
      return c.covered_by == covered_by && c.undetermined == undetermined && c.history == history;
    });
    if (same == table.undetermined.end()) {
      table.undetermined.push_back({covered_by, undetermined, history, count});
    } else {
      same->count += count;
    }
  }
  auto group = std::lower_bound(table.coverage.begin(), table.coverage.end(), covered_by,
                                [](const CoverageGroup& g, History lists) { return g.lists < lists; });
  if (group == table.coverage.end() || group->lists != covered_by) {
    group = table.coverage.insert(group,
                                  CoverageGroup{covered_by, std::vector<double>(table.counts.size(), 0.0)});
  }
  group->counts[history] += count;
  table.counts[history] += count;
}

std::vector<std::string> group_list_names(const CaptureTable& table, const CoverageGroup& group) {
  std::vector<std::string> names;
  for (int j = 0; j < table.list_count(); ++j) {
    if ((group.lists >> j) & 1U) names.push_back(table.lists[static_cast<std::size_t>(j)]);
  }
  return names;
}

CaptureTable group_table(const CaptureTable& table, const CoverageGroup& group) {
  std::vector<int> columns;
  CaptureTable out;
  out.lists = group_list_names(table, group);
  for (int j = 0; j < table.list_count(); ++j) {
    if ((group.lists >> j) & 1U) columns.push_back(j);
  }
  out.counts.assign(std::size_t{1} << columns.size(), 0.0);
  for (History h = 1; h < group.counts.size(); ++h) {
    if (group.counts[h] == 0) continue;
    History compact = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if ((h >> columns[c]) & 1U) compact |= History{1} << c;
    }
    out.counts[compact] += group.counts[h];
  }
  return out;
}

void check_table(const CaptureTable& table, const std::string& where) {
  if (table.list_count() < 2) {
    throw core::UserError(fmt::format("{}: estimation needs at least two lists", where), "add a list");
  }
  for (int j = 0; j < table.list_count(); ++j) {
    double on = 0;
    for (History h = 1; h < table.counts.size(); ++h) {
      if (h & (History{1} << j)) on += table.counts[h];
    }
    if (on == 0) {
      throw core::UserError(fmt::format("{}: nobody is on list {} ({})", where, j + 1, table.lists[j]),
                            "leave that list out: a list that found nobody says nothing about overlap");
    }
  }
  if (table.observed() == 0)
    throw core::UserError(fmt::format("{}: every count is 0", where), "give the counts");
}

std::string table_checksum(const CaptureTable& table) {
  std::string bytes;
  for (const auto& list : table.lists) bytes += list + "\x1f";
  for (History h = 1; h < table.counts.size(); ++h) bytes += fmt::format("{}:{:.0f};", h, table.counts[h]);
  for (const auto& group : table.coverage) {
    bytes += fmt::format("|{}:", group.lists);
    for (History h = 1; h < group.counts.size(); ++h) {
      if (group.counts[h] > 0) bytes += fmt::format("{}:{:.0f};", h, group.counts[h]);
    }
  }
  return "blake2b:" + core::blake2b_hex(bytes, 16);
}

}  // namespace clearpoint::mse
