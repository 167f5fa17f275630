#include "render/comparison_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "io/csv_writer.h"
#include "render/text_table.h"

namespace clearpoint::render {

nlohmann::ordered_json comparison_json(const law::Comparison& c, const std::string& unit) {
  const std::size_t n = c.frameworks.size();
  nlohmann::ordered_json out = {{"unit", unit}, {"cases", c.cases}};
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = *c.frameworks[i];
    nlohmann::ordered_json entry = {{"id", f.id},
                                    {"name", f.name},
                                    {"kind", f.kind},
                                    {"counts", f.counts},
                                    {"version", f.version},
                                    {"hash", f.content_hash},
                                    {"qualifies", c.counts[i][0]},
                                    {"does_not_qualify", c.counts[i][1]},
                                    {"undetermined", c.counts[i][2]}};
    for (std::size_t j = 0; j < n; ++j) {
      if (c.disagree[i][j] == 0) continue;
      nlohmann::ordered_json drivers = nlohmann::ordered_json::array();
      for (std::size_t k = 0; k < std::min<std::size_t>(3, c.drivers[i][j].size()); ++k) {
        drivers.push_back({{"item", c.drivers[i][j][k].first}, {"cases", c.drivers[i][j][k].second}});
      }
      entry["counted_here_not_under"][c.frameworks[j]->id] = {{"cases", c.disagree[i][j]},
                                                              {"drivers", drivers}};
    }
    out["frameworks"].push_back(entry);
  }
  return out;
}

void comparison_csv(std::ostream& out, const law::Comparison& c) {
  const std::size_t n = c.frameworks.size();
  io::CsvWriter csv(out, ',');
  csv.write_row(std::vector<std::string>{"table", "framework", "other", "value", "cases"});
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = c.frameworks[i]->id;
    csv.write_row(std::vector<std::string>{"verdicts", id, "", "qualifies", std::to_string(c.counts[i][0])});
    csv.write_row(
        std::vector<std::string>{"verdicts", id, "", "does_not_qualify", std::to_string(c.counts[i][1])});
    csv.write_row(
        std::vector<std::string>{"verdicts", id, "", "undetermined", std::to_string(c.counts[i][2])});
    for (std::size_t j = 0; j < n; ++j) {
      if (c.disagree[i][j] == 0) continue;
      csv.write_row(std::vector<std::string>{"disagreement", id, c.frameworks[j]->id, "",
                                             std::to_string(c.disagree[i][j])});
      for (std::size_t k = 0; k < std::min<std::size_t>(3, c.drivers[i][j].size()); ++k) {
        csv.write_row(std::vector<std::string>{"driver", id, c.frameworks[j]->id, c.drivers[i][j][k].first,
                                               std::to_string(c.drivers[i][j][k].second)});
      }
    }
  }
}

void comparison_text(std::ostream& out, const law::Comparison& c, const std::string& unit) {
  const std::size_t n = c.frameworks.size();
  out << fmt::format("{} {} judged under {} frameworks\n\n", c.cases, unit, n);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = *c.frameworks[i];
    const auto share = [&](std::int64_t k) {
      return c.cases > 0
                 ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(k) / static_cast<double>(c.cases))
                 : "";
    };
    rows.push_back({std::to_string(i + 1), f.name,
                    f.kind != "law"           ? f.kind
                    : f.counts == "smuggling" ? "law (smuggling)"
                                              : "law",
                    std::to_string(c.counts[i][0]), share(c.counts[i][0]), std::to_string(c.counts[i][1]),
                    std::to_string(c.counts[i][2])});
  }
  print_table(out, {"#", "framework", "kind", "qualifies", "share", "does not", "undetermined"}, rows);
  // Smuggling and the tags derived from it answer another question; they stay out of the disagreements.
  const auto compared = [&](std::size_t k) { return c.frameworks[k]->counts == "trafficking"; };
  out << "\ndisagreements: cases the row framework counts and the column framework does not\n";
  std::vector<std::string> header = {"#"};
  for (std::size_t j = 0; j < n; ++j) {
    if (compared(j)) header.push_back(std::to_string(j + 1));
  }
  std::vector<std::vector<std::string>> matrix;
  for (std::size_t i = 0; i < n; ++i) {
    if (!compared(i)) continue;
    std::vector<std::string> row = {std::to_string(i + 1)};
    for (std::size_t j = 0; j < n; ++j) {
      if (compared(j)) row.push_back(i == j ? "·" : std::to_string(c.disagree[i][j]));
    }
    matrix.push_back(row);
  }
  print_table(out, header, matrix);
  out << "\nwhat stops the column framework, for the largest disagreements\n";
  std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (c.disagree[i][j] > 0 && compared(i) && compared(j)) pairs.emplace_back(c.disagree[i][j], i, j);
    }
  }
  std::sort(pairs.rbegin(), pairs.rend());
  std::vector<std::vector<std::string>> driver_rows;
  for (std::size_t p = 0; p < std::min<std::size_t>(12, pairs.size()); ++p) {
    const auto [cases, i, j] = pairs[p];
    std::string items;
    for (std::size_t k = 0; k < std::min<std::size_t>(3, c.drivers[i][j].size()); ++k) {
      items += (items.empty() ? "" : ", ") +
               fmt::format("{} ({})", c.drivers[i][j][k].first, c.drivers[i][j][k].second);
    }
    driver_rows.push_back({fmt::format("{} → {}", i + 1, j + 1), std::to_string(cases), items});
  }
  print_table(out, {"pair", "cases", "most frequent blocking items of the column framework"}, driver_rows);
}

}  // namespace clearpoint::render
