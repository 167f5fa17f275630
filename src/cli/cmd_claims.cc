#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>

#include "claims/claims.h"
#include "cli/commands.h"
#include "io/reference_data.h"
#include "pipeline/estimate_report.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {

struct ClaimsArgs {
  std::string id;
  std::string region;
  std::string period;
  std::string histories;
  std::string method = "stepwise";
  std::vector<std::string> add;
};

claims::Registry registry(const GlobalOptions& options, const ClaimsArgs& args) {
  auto r = claims::Registry::load_dir(options.data_folder() + "/claims");
  for (const auto& file : args.add) r.add_file(file);
  r.check();
  return r;
}

bool mentions(const std::string& text, const std::string& part) {
  if (part.empty()) return true;
  const auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  return lower(text).find(lower(part)) != std::string::npos;
}

void list(const GlobalOptions& options, const ClaimsArgs& args) {
  const auto r = registry(options, args);
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.claims()) {
    if (!mentions(c.region, args.region) || !mentions(c.period, args.period)) continue;
    std::vector<std::string> kinds;
    for (const auto& f : claims::flags_of(r, c)) kinds.push_back(f.kind);
    rows.push_back({c.id, c.value_text(), c.unit, c.population, c.region, c.period, c.published_by, c.date,
                    fmt::format("{}", fmt::join(kinds, ", "))});
  }
  render::print_table(
      std::cout, {"id", "value", "unit", "population", "region", "period", "published by", "date", "flags"},
      rows);
}

void trace(const GlobalOptions& options, const ClaimsArgs& args) {
  const auto r = registry(options, args);
  for (const auto& line : claims::trace(r, args.id)) {
    const auto& c = *line.claim;
    const std::string indent(static_cast<std::size_t>(line.depth) * 4, ' ');
    fmt::print("{}{}{}: {} {} ({}, {}, {}) — published by {}{}, {}; method: {}\n", indent,
               line.depth ? "└─ " : "", c.id, c.value_text(), c.unit, c.population, c.region, c.period,
               c.published_by, c.attributed_to.empty() ? "" : ", attributed to " + c.attributed_to, c.date,
               c.method);
    if (!c.note.empty()) fmt::print("{}    note: {}\n", indent, c.note);
    fmt::print("{}    reported in: {} ({})\n", indent, c.reported_in, c.location);
    for (const auto& f : line.flags) fmt::print("{}    FLAG {}: {}\n", indent, f.kind, f.text);
  }
}

void compare(const GlobalOptions& options, const ClaimsArgs& args) {
  list(options, args);
  // clearpoint's own estimate beside them, with its interval and what it counts.
  if (args.histories.empty()) {
    throw core::UserError("claims compare needs clearpoint's own estimate to set beside the claims",
                          "give --histories FILE (e.g. written by `clearpoint histories`)");
  }
  const auto e = pipeline::model_conditional_estimate(args.histories, args.method, 2);
  if (!e.ok) {
    fmt::print("clearpoint: no estimate from {} ({})\n", e.source, e.problem);
    return;
  }
  fmt::print(
      "clearpoint's estimate from {}: {:.0f} persons ({:.0f} identified on {} lists), {} model {}, "
      "95% profile interval {:.0f}–{:.0f} given the model (`clearpoint estimate --bootstrap` for one that "
      "includes model choice). It counts the victims these lists could have found, in their period and "
      "place — compare populations, regions and periods before comparing numbers.\n",
      e.source, e.estimate, e.observed, e.lists, e.method, e.model, e.profile.lower, e.profile.upper);
}

}  // namespace

void add_claims_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ClaimsArgs>();
  auto* command =
      app.add_subcommand("claims", "Published figures, their citation chains and their flaws (data/claims)");
  command->require_subcommand(1);
  command->add_option("--add", args->add, "More claims (TOML, [[claim]] tables)")->check(CLI::ExistingFile);
  auto* list_command = command->add_subcommand("list", "Every claim with its flags");
  list_command->add_option("--region", args->region, "Only claims whose region mentions this");
  list_command->add_option("--period", args->period, "Only claims whose period mentions this");
  list_command->callback([&options, args] { list(options, *args); });
  auto* trace_command =
      command->add_subcommand("trace", "From a figure's origin to every restatement, with flags");
  trace_command->add_option("id", args->id, "Claim id")->required();
  trace_command->callback([&options, args] { trace(options, *args); });
  auto* compare_command =
      command->add_subcommand("compare", "Published claims beside clearpoint's own estimate");
  compare_command->add_option("--region", args->region, "Only claims whose region mentions this");
  compare_command->add_option("--period", args->period, "Only claims whose period mentions this");
  compare_command->add_option("--histories", args->histories, "Capture histories for clearpoint's estimate")
      ->check(CLI::ExistingFile);
  compare_command->add_option("--method", args->method, "Estimation method")->capture_default_str();
  compare_command->callback([&options, args] { compare(options, *args); });
}

}  // namespace clearpoint::cli
