#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "flows/flows.h"
#include "io/csv_writer.h"
#include "pipeline/flows.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {

struct FlowArgs {
  std::string years = "2000-2025";
  int top = 20;
  std::string format = "text";
  bool edges = false;
  std::string country;
  bool stale_ok = false;
};

std::string route_text(const std::vector<std::string>& route) {
  return fmt::format("{}", fmt::join(route, " → "));
}

void run_flows(const GlobalOptions& options, const FlowArgs& args) {
  const auto [first, last] = parse_years(args.years, 1900);
  const auto table = pipeline::routes_from_store(options, first, last, args.stale_ok);
  const auto& routes = table.routes;
  if (args.edges || args.format == "csv") {
    io::CsvWriter csv(std::cout, ',');
    if (args.edges) {
      csv.write_row(std::vector<std::string>{"source", "target", "year", "count"});
      for (const auto& e : flows::edges(routes))
        csv.write_row(
            std::vector<std::string>{e.from, e.to, std::to_string(e.year), std::to_string(e.count)});
    } else {
      csv.write_row(std::vector<std::string>{"route", "year", "count"});
      for (const auto& r : routes) {
        for (const auto& [year, n] : r.by_year)
          csv.write_row(
              std::vector<std::string>{route_text(r.route), std::to_string(year), std::to_string(n)});
      }
    }
    return;
  }
  if (args.format == "json") {
    nlohmann::json j = {{"unit", table.unit}, {"routes", nlohmann::json::array()}};
    for (const auto& r : routes)
      j["routes"].push_back({{"route", r.route}, {"total", r.total}, {"by_year", r.by_year}});
    std::cout << j.dump(2) << "\n";
    return;
  }
  fmt::print("routes {}–{}, counted on {}\n", first, last, table.unit);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < routes.size() && static_cast<int>(i) < args.top; ++i) {
    rows.push_back({route_text(routes[i].route), std::to_string(routes[i].total)});
  }
  render::print_table(std::cout, {"origin → transit … → destination", "cases"}, rows);
  if (static_cast<int>(routes.size()) > args.top)
    fmt::print("… {} more routes (--top N, --format csv)\n",
               routes.size() - static_cast<std::size_t>(args.top));
}

void run_roles(const GlobalOptions& options, const FlowArgs& args) {
  const auto [first, last] = parse_years(args.years, 1900);
  const auto report = pipeline::roles_from_store(options, args.country, first, last, args.stale_ok);
  const auto& profiles = report.profiles;
  fmt::print("{} {}: identified victims by the country's role, {}–{}, counted on {}\n", report.country,
             report.country_name, first, last, report.unit);
  std::vector<std::vector<std::string>> rows;
  const auto top = [](const std::map<std::string, std::int64_t>& values) {
    std::vector<std::pair<std::int64_t, std::string>> sorted;
    for (const auto& [v, n] : values) sorted.emplace_back(-n, v);
    std::sort(sorted.begin(), sorted.end());
    std::string out;
    for (std::size_t i = 0; i < sorted.size() && i < 3; ++i)
      out += fmt::format("{}{} {}", i ? ", " : "", sorted[i].second, -sorted[i].first);
    return out;
  };
  for (const auto& p : profiles) {
    for (int role = 0; role < 3; ++role) {
      const auto& b = p.breakdown[static_cast<std::size_t>(role)];
      if (p.cases[static_cast<std::size_t>(role)] == 0) continue;
      const auto get = [&](const char* key) { return b.count(key) ? top(b.at(key)) : std::string(); };
      rows.push_back({std::to_string(p.year), flows::role_name(static_cast<flows::Role>(role)),
                      std::to_string(p.cases[static_cast<std::size_t>(role)]), get("citizenship"), get("sex"),
                      get("age"), get("exploitation")});
    }
  }
  render::print_table(std::cout, {"year", "role", "cases", "citizenship", "sex", "age", "exploitation"},
                      rows);
  for (const auto& [label, conflicts] : report.labels) {
    fmt::print("label {}–{}: {} ({})\n", label.first_year, label.last_year, label.label, label.source);
    for (const auto& c : conflicts) fmt::print("FLAG: the data disagree: {}\n", c);
    if (conflicts.empty()) fmt::print("  the data agree with it\n");
  }
}

}  // namespace

void add_flows_commands(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<FlowArgs>();
  auto* flows_command = app.add_subcommand(
      "flows", "Routes origin → transit → destination of the identified victims, per year");
  flows_command->add_option("--years", args->years, "Years of identification")->capture_default_str();
  flows_command->add_flag("--stale-ok", args->stale_ok,
                          "Count persons of an older `link` (flagged) instead of refusing");
  flows_command->add_option("--top", args->top, "Routes shown in the table")->capture_default_str();
  flows_command->add_flag("--edges", args->edges,
                          "The Sankey edge list (source, target, year, count) as CSV");
  flows_command->add_option("--format", args->format, "text | csv | json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "csv", "json"}));
  flows_command->callback([&options, args] { run_flows(options, *args); });
  auto* roles_command =
      app.add_subcommand("roles", "A country's role profile per year, beside its role labels");
  roles_command->add_option("--country", args->country, "Country code")->required();
  roles_command->add_option("--years", args->years, "Years of identification")->capture_default_str();
  roles_command->add_flag("--stale-ok", args->stale_ok,
                          "Count persons of an older `link` (flagged) instead of refusing");
  roles_command->callback([&options, args] { run_roles(options, *args); });
}

}  // namespace clearpoint::cli
