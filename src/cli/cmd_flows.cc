#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/table.h"
#include "flows/flows.h"
#include "io/csv_writer.h"
#include "io/reference_data.h"

namespace clearpoint::cli {

namespace {

struct FlowArgs {
  std::string years = "2000-2025";
  int top = 20;
  std::string format = "text";
  bool edges = false;
  std::string country;
};

// The stored records, and what is counted: persons when linkage has run, records otherwise.
struct Loaded {
  std::vector<records::CaseRecord> records;
  std::vector<std::string> person;
  std::string unit;
};

Loaded load(const GlobalOptions& options) {
  const auto store = open_store(options);
  std::map<std::int64_t, std::string> person_of;
  for (const auto& [record, person] : store.persons()) person_of[record] = person;
  Loaded loaded;
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    loaded.records.push_back(r);
    const auto p = person_of.find(id);
    loaded.person.push_back(p == person_of.end() ? std::string() : p->second);
  });
  loaded.unit = person_of.empty() ? "records (no linkage yet: a person on two lists counts twice)"
                                  : "unique persons (linked by `clearpoint link`)";
  return loaded;
}

std::vector<const records::CaseRecord*> counted(const Loaded& loaded) {
  std::vector<flows::Case> cases;
  for (std::size_t i = 0; i < loaded.records.size(); ++i)
    cases.push_back({loaded.person[i], &loaded.records[i]});
  return flows::counted_cases(cases);
}

std::string route_text(const std::vector<std::string>& route) {
  return fmt::format("{}", fmt::join(route, " → "));
}

void run_flows(const GlobalOptions& options, const FlowArgs& args) {
  const auto loaded = load(options);
  const auto [first, last] = parse_years(args.years, 1900);
  const auto routes = flows::routes(counted(loaded), first, last);
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
    nlohmann::json j = {{"unit", loaded.unit}, {"routes", nlohmann::json::array()}};
    for (const auto& r : routes)
      j["routes"].push_back({{"route", r.route}, {"total", r.total}, {"by_year", r.by_year}});
    std::cout << j.dump(2) << "\n";
    return;
  }
  fmt::print("routes {}–{}, counted on {}\n", first, last, loaded.unit);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < routes.size() && static_cast<int>(i) < args.top; ++i) {
    rows.push_back({route_text(routes[i].route), std::to_string(routes[i].total)});
  }
  print_table(std::cout, {"origin → transit … → destination", "cases"}, rows);
  if (static_cast<int>(routes.size()) > args.top)
    fmt::print("… {} more routes (--top N, --format csv)\n",
               routes.size() - static_cast<std::size_t>(args.top));
}

void run_roles(const GlobalOptions& options, const FlowArgs& args) {
  const auto data = io::find_data_dir(options.data_dir);
  const auto countries = io::load_countries(data);
  if (!countries.contains(args.country)) {
    throw core::UserError(fmt::format("--country '{}' is not a country code", args.country),
                          "use a code from data/countries.csv");
  }
  const auto loaded = load(options);
  const auto [first, last] = parse_years(args.years, 1900);
  const auto profiles = flows::role_profiles(counted(loaded), args.country, first, last);
  fmt::print("{} {}: identified victims by the country's role, {}–{}, counted on {}\n", args.country,
             countries.name(args.country), first, last, loaded.unit);
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
  print_table(std::cout, {"year", "role", "cases", "citizenship", "sex", "age", "exploitation"}, rows);
  for (const auto& label : flows::load_labels(data)) {
    if (label.country != args.country || label.last_year < first || label.first_year > last) continue;
    const auto conflicts = flows::label_conflicts(label, profiles);
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
  roles_command->callback([&options, args] { run_roles(options, *args); });
}

}  // namespace clearpoint::cli
