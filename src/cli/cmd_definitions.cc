#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "render/text_table.h"
#include "io/csv_writer.h"
#include "pipeline/classify.h"

namespace clearpoint::cli {

namespace {

struct DefinitionsArgs {
  std::string frameworks;
  std::string id;
  std::string file;
  std::string truth;
  std::string format = "table";
  store::RecordFilter filter;
};

std::string op_word(law::Rule::Op op) {
  switch (op) {
    case law::Rule::Op::kAny:
      return "any of";
    case law::Rule::Op::kAll:
      return "all of";
    case law::Rule::Op::kNot:
      return "not";
  }
  return "";
}

void print_rules(const law::Framework& f) {
  fmt::print("{} — {}\n{}\nversion {} · kind {} · counts {} · source: {}\nfile {} (hash {})\n\n", f.id,
             f.name, f.instrument, f.version, f.kind, f.counts, f.source, f.file, f.content_hash);
  std::vector<std::vector<std::string>> rows;
  for (const auto& rule : f.rules) {
    std::string operands;
    for (const auto slot : rule.operands) operands += (operands.empty() ? "" : ", ") + f.slot_name(slot);
    rows.push_back({rule.name + (f.rule_at(f.verdict_slot) == &rule ? " (verdict)" : ""), rule.article,
                    op_word(rule.op) + " " + operands});
  }
  render::print_table(std::cout, {"rule", "article", "definition"}, rows);
}

void print_comparison(const law::Comparison& c, const std::string& format, const std::string& unit) {
  const std::size_t n = c.frameworks.size();
  if (format == "json") {
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
    std::cout << out.dump(2) << '\n';
    return;
  }
  if (format == "csv") {
    io::CsvWriter csv(std::cout, ',');
    csv.write_row(std::vector<std::string>{"table", "framework", "other", "value", "cases"});
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& id = c.frameworks[i]->id;
      csv.write_row(
          std::vector<std::string>{"verdicts", id, "", "qualifies", std::to_string(c.counts[i][0])});
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
    return;
  }
  fmt::print("{} {} judged under {} frameworks\n\n", c.cases, unit, n);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = *c.frameworks[i];
    const auto share = [&](std::int64_t k) {
      return c.cases > 0
                 ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(k) / static_cast<double>(c.cases))
                 : "";
    };
    rows.push_back({std::to_string(i + 1), f.name,
                    f.kind == "practice"      ? "practice"
                    : f.counts == "smuggling" ? "tag"
                                              : "law",
                    std::to_string(c.counts[i][0]), share(c.counts[i][0]), std::to_string(c.counts[i][1]),
                    std::to_string(c.counts[i][2])});
  }
  render::print_table(std::cout, {"#", "framework", "kind", "qualifies", "share", "does not", "undetermined"}, rows);
  // Tags (the smuggling framework) answer another question; they stay out of the disagreements.
  const auto compared = [&](std::size_t k) { return c.frameworks[k]->counts == "trafficking"; };
  fmt::print("\ndisagreements: cases the row framework counts and the column framework does not\n");
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
  render::print_table(std::cout, header, matrix);
  fmt::print("\nwhat stops the column framework, for the largest disagreements\n");
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
  render::print_table(std::cout, {"pair", "cases", "most frequent blocking items of the column framework"},
              driver_rows);
}

}  // namespace

void add_definitions_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<DefinitionsArgs>();
  auto* command =
      app.add_subcommand("definitions", "The legal definitions of trafficking: list, show, check, compare");
  command->require_subcommand(1);
  command->add_option("--frameworks", args->frameworks,
                      "Folder of framework files; default the data folder's frameworks/");

  auto* list = command->add_subcommand("list", "One line per framework");
  list->callback([&options, args] {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : pipeline::load_frameworks(options, args->frameworks)) {
      rows.push_back({f.id, f.name, f.article, f.version, f.kind, f.counts});
    }
    render::print_table(std::cout, {"id", "name", "article", "version", "kind", "counts"}, rows);
  });

  auto* show = command->add_subcommand("show", "A framework's rules with their articles");
  show->add_option("id", args->id, "Framework id (see `definitions list`)")->required();
  show->callback([&options, args] {
    for (const auto& f : pipeline::load_frameworks(options, args->frameworks)) {
      if (f.id == args->id) {
        print_rules(f);
        return;
      }
    }
    throw core::UserError(fmt::format("there is no framework '{}'", args->id),
                          "see `clearpoint definitions list`");
  });

  auto* check = command->add_subcommand("check", "Check a framework file (for example a new national one)");
  check->add_option("file", args->file, "Framework file (TOML)")->required();
  check->callback([args] {
    const auto f = law::load_framework(args->file);
    fmt::print("{}: ok — framework '{}' with {} rules; verdict rule '{}'\n", args->file, f.id, f.rules.size(),
               f.slot_name(f.verdict_slot));
  });

  auto* compare = command->add_subcommand(
      "compare",
      "Count the stored cases (or a simulation's true persons) under every framework side by side");
  compare
      ->add_option("--truth", args->truth,
                   "A simulation's truth.csv: judge the true persons instead of the store")
      ->check(CLI::ExistingFile);
  compare->add_option("--format", args->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  compare->add_option("--agency", args->filter.agency, "Only this agency's records");
  compare->add_option("--list", args->filter.list, "Only this list's records");
  compare->callback([&options, args] {
    const auto frameworks = pipeline::load_frameworks(options, args->frameworks);
    const auto compared = args->truth.empty()
                              ? pipeline::compare_frameworks(options, frameworks, args->filter)
                              : pipeline::compare_frameworks_on_truth(options, frameworks, args->truth);
    print_comparison(compared.comparison, args->format, compared.unit);
  });
}

}  // namespace clearpoint::cli
