#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "io/csv_writer.h"
#include "pipeline/classify.h"
#include "render/comparison_render.h"
#include "render/text_table.h"

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
    case law::Rule::Op::kOpen:
      return "an open question if any of";
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
    if (args->format == "json") {
      std::cout << render::comparison_json(compared.comparison, compared.unit).dump(2) << '\n';
    } else if (args->format == "csv") {
      render::comparison_csv(std::cout, compared.comparison);
    } else {
      render::comparison_text(std::cout, compared.comparison, compared.unit);
    }
  });
}

}  // namespace clearpoint::cli
