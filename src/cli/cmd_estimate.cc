#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands.h"
#include "cli/table.h"
#include "link/capture_histories.h"
#include "mse/bootstrap.h"
#include "mse/diagnostics.h"

namespace clearpoint::cli {

namespace {

struct EstimateArgs {
  std::string histories;
  std::string method = "bic";
  int max_order = 0;
  int bootstrap = -1;  // -1: chosen by how costly one selection is (replicates_for)
  std::uint64_t seed = 1;
  int threads = 0;
  double level = 0.95;
  std::vector<std::string> strata;
  std::string format = "text";
  std::string out = "-";
};

std::string number(double x) {
  if (!std::isfinite(x)) return "—";
  return std::fabs(x) >= 1000 ? fmt::format("{:.0f}", x) : fmt::format("{:.1f}", x);
}

// Tables from the store: the capture histories of the linked persons, per stratum if asked.
mse::StratifiedTables tables_from_store(const GlobalOptions& options,
                                        const std::vector<std::string>& strata) {
  const auto chosen = parse_strata(strata);
  const auto store = open_store(options);
  std::map<std::int64_t, std::string> person_of;
  for (const auto& [record, person] : store.persons()) person_of[record] = person;
  if (person_of.empty()) {
    throw core::UserError("no persons are stored", "run `clearpoint link` first, or give --histories FILE");
  }
  link::CaptureHistories histories(chosen);
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    const auto p = person_of.find(id);
    if (p != person_of.end()) histories.add(p->second, r.agency + "/" + r.list, r);
  });
  const auto header = histories.header();
  const std::size_t first_list = chosen.size();
  const std::vector<std::string> lists(header.begin() + static_cast<std::ptrdiff_t>(first_list),
                                       header.end() - 1);
  mse::StratifiedTables out;
  for (const auto s : chosen) out.stratum_names.push_back(link::stratum_name(s));
  std::map<std::vector<std::string>, std::size_t> index;
  for (const auto& row : histories.rows()) {
    const std::vector<std::string> values(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(first_list));
    const auto [it, fresh] = index.try_emplace(values, out.strata.size());
    if (fresh)
      out.strata.push_back({values, {lists, std::vector<double>(std::size_t{1} << lists.size(), 0.0)}});
    mse::History h = 0;
    for (std::size_t j = 0; j < lists.size(); ++j) {
      if (row[first_list + j] == "1") h |= mse::History{1} << j;
    }
    out.strata[it->second].table.counts[h] += std::stod(row.back());
  }
  return out;
}

nlohmann::json estimate_one(const mse::CaptureTable& table, const EstimateArgs& args,
                            const mse::Method& method, const std::string& where) {
  mse::check_table(table, where);
  const int threads =
      args.threads > 0 ? args.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  const auto selection = mse::select_model(table, method, threads);
  nlohmann::json j;
  j["lists"] = table.lists;
  j["observed"] = table.observed();
  j["input_checksum"] = mse::table_checksum(table);
  j["method"] = method.name();
  if (method.kind == mse::Method::Kind::kBic || method.kind == mse::Method::Kind::kAic ||
      method.kind == mse::Method::Kind::kAicc || method.kind == mse::Method::Kind::kAverage) {
    j["models_searched"] = mse::candidate_description(table.list_count(), method.max_order);
  }
  if (!selection.ok) {
    j["ok"] = false;
    j["problem"] = selection.problem;
    return j;
  }
  j["ok"] = true;
  j["model"] = selection.model.notation();
  j["estimate"] = selection.population;
  j["hidden"] = selection.population - table.observed();
  if (!selection.fit.explanation.empty()) j["note"] = selection.fit.explanation;
  const auto profile = mse::profile_interval(table, selection.model, selection.fit.population, args.level);
  j["profile"] = {{"lower", profile.lower}, {"upper", profile.upper}, {"bounded", profile.upper_bounded}};
  const auto wald = mse::wald_interval(selection.fit, args.level);
  j["wald_log"] = {{"lower", wald.lower}, {"upper", wald.upper}};
  std::vector<std::string> flags;
  if (!profile.upper_bounded)
    flags.push_back("the profile interval's upper limit hit the search bound (1000 × observed)");
  if (selection.search) {
    const auto ties = mse::near_ties(*selection.search);
    nlohmann::json t = nlohmann::json::array();
    for (const auto& tie : ties)
      t.push_back(
          {{"delta", tie.delta}, {"models", tie.models}, {"lowest", tie.lowest}, {"highest", tie.highest}});
    j["near_ties"] = t;
    const auto spread = mse::estimate_spread(*selection.search);
    j["spread"] = {{"weighted_5", spread.weighted_5},
                   {"weighted_50", spread.weighted_50},
                   {"weighted_95", spread.weighted_95},
                   {"lowest", spread.lowest},
                   {"highest", spread.highest},
                   {"admissible", selection.search->admissible.size()},
                   {"inadmissible", selection.search->inadmissible},
                   {"weighted_average", selection.search->weighted_population}};
    if (!ties.empty() && ties.front().models > 1 && ties.front().highest > 1.25 * ties.front().lowest) {
      flags.push_back(fmt::format("models within ΔBIC 2 of the best disagree: {} to {}",
                                  number(ties.front().lowest), number(ties.front().highest)));
    }
  }
  // The selection-aware interval belongs beside the model-conditional ones, so it runs by default:
  // 1,000 replicates when a selection is cheap (stepwise, one model), 200 for an exhaustive search of up
  // to 5 lists (about 20 s), none for 6 lists (each replicate searches 32,768 models) unless asked.
  const bool exhaustive =
      method.kind != mse::Method::Kind::kStepwise && method.kind != mse::Method::Kind::kFixed;
  const int replicates = args.bootstrap >= 0       ? args.bootstrap
                         : !exhaustive             ? 1000
                         : table.list_count() <= 5 ? 200
                                                   : 0;
  if (replicates == 0) {
    j["bootstrap_skipped"] = args.bootstrap == 0
                                 ? "not asked for (--bootstrap 0)"
                                 : "not run by default: each replicate would search every model of 6 lists; "
                                   "give --bootstrap N, or use --method stepwise";
  }
  if (replicates > 0) {
    const auto boot =
        mse::bootstrap_bca(table, method, selection.population, replicates, args.seed, threads, args.level);
    j["bootstrap"] = {{"replicates", replicates},
                      {"failed", boot.failed},
                      {"seed", args.seed},
                      {"bca", {{"lower", boot.bca.lower}, {"upper", boot.bca.upper}}},
                      {"percentile", {{"lower", boot.percentile.lower}, {"upper", boot.percentile.upper}}},
                      {"bias_correction", boot.bias_correction},
                      {"acceleration", boot.acceleration}};
    for (mse::History h = 1; h < table.counts.size(); ++h) {
      const double e = boot.leave_one_out[h];
      if (table.counts[h] > 0 && table.counts[h] <= 5 && std::isfinite(e) &&
          std::fabs(e - selection.population) > 0.1 * selection.population) {
        flags.push_back(fmt::format("one person fewer in history {:0{}b} (count {}) moves the estimate to {}",
                                    h, table.list_count(), table.counts[h], number(e)));
      }
    }
  }
  nlohmann::json dropped = nlohmann::json::array();
  for (const auto& d : mse::leave_one_list_out(table, method, threads)) {
    dropped.push_back({{"without", d.list}, {"ok", d.ok}, {"estimate", d.population}, {"model", d.model}});
  }
  j["leave_one_list_out"] = dropped;
  nlohmann::json merged = nlohmann::json::array();
  if (table.list_count() <= 6) {  // beyond, t(t−1)/2 selections of t−1 lists take too long for a report
    for (const auto& m : mse::merge_two_lists(table, method, threads)) {
      merged.push_back({{"merged", m.lists}, {"ok", m.ok}, {"estimate", m.population}, {"model", m.model}});
    }
  }
  j["two_lists_merged"] = merged;
  nlohmann::json known = nlohmann::json::array();
  for (const auto& k : mse::known_list_sizes(table, method, threads)) {
    known.push_back({{"list", k.list}, {"known", k.known}, {"ok", k.ok}, {"estimate", k.estimate}});
    if (k.ok && std::fabs(k.estimate - k.known) > 0.2 * k.known) {
      flags.push_back(fmt::format("the other lists estimate {}'s size as {} but it holds {}", k.list,
                                  number(k.estimate), number(k.known)));
    }
  }
  j["known_list_sizes"] = known;
  j["flags"] = flags;
  return j;
}

void print_text(std::ostream& out, const nlohmann::json& j, double level) {
  out << fmt::format("lists: {}\nobserved persons: {}   input {}\nmethod: {}{}\n",
                     fmt::join(j["lists"].get<std::vector<std::string>>(), ", "),
                     number(j["observed"].get<double>()), j["input_checksum"].get<std::string>(),
                     j["method"].get<std::string>(),
                     j.contains("models_searched") ? " over " + j["models_searched"].get<std::string>() : "");
  if (!j["ok"].get<bool>()) {
    out << "no estimate: " << j["problem"].get<std::string>() << "\n";
    return;
  }
  const int percent = static_cast<int>(std::lround(level * 100));
  out << fmt::format("model {}: estimated population {} ({} never identified)\n",
                     j["model"].get<std::string>(), number(j["estimate"].get<double>()),
                     number(j["hidden"].get<double>()));
  if (j.contains("note")) out << "  note: " << j["note"].get<std::string>() << "\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back({fmt::format("profile likelihood {}%", percent), "conditional on the model",
                  number(j["profile"]["lower"].get<double>()), number(j["profile"]["upper"].get<double>())});
  rows.push_back({fmt::format("Wald, log scale {}%", percent), "conditional on the model",
                  number(j["wald_log"]["lower"].get<double>()),
                  number(j["wald_log"]["upper"].get<double>())});
  if (j.contains("bootstrap")) {
    const auto& b = j["bootstrap"];
    rows.push_back({fmt::format("BCa bootstrap {}%", percent),
                    fmt::format("selection re-run, {} replicates", b["replicates"].get<int>()),
                    number(b["bca"]["lower"].get<double>()), number(b["bca"]["upper"].get<double>())});
  } else if (j.contains("bootstrap_skipped")) {
    rows.push_back({fmt::format("BCa bootstrap {}%", percent), "model choice too", "—", "—"});
  }
  print_table(out, {"interval", "accounts for", "lower", "upper"}, rows);
  if (j.contains("bootstrap_skipped"))
    out << "  bootstrap " << j["bootstrap_skipped"].get<std::string>() << "\n";
  if (j.contains("spread")) {
    const auto& s = j["spread"];
    out << fmt::format(
        "model uncertainty: {} admissible models ({} not identifiable or without finite MLE); estimates {} "
        "to {}; "
        "BIC-weighted 5-50-95%: {} / {} / {}; BIC-weighted average {}\n",
        s["admissible"].get<int>(), s["inadmissible"].get<int>(), number(s["lowest"].get<double>()),
        number(s["highest"].get<double>()), number(s["weighted_5"].get<double>()),
        number(s["weighted_50"].get<double>()), number(s["weighted_95"].get<double>()),
        number(s["weighted_average"].get<double>()));
    std::vector<std::vector<std::string>> ties;
    for (const auto& t : j["near_ties"]) {
      ties.push_back({fmt::format("≤ {:.0f}", t["delta"].get<double>()),
                      std::to_string(t["models"].get<int>()), number(t["lowest"].get<double>()),
                      number(t["highest"].get<double>())});
    }
    print_table(out, {"ΔBIC", "models", "lowest estimate", "highest estimate"}, ties);
  }
  if (!j["leave_one_list_out"].empty()) {
    std::vector<std::vector<std::string>> rows2;
    for (const auto& d : j["leave_one_list_out"]) {
      rows2.push_back({d["without"].get<std::string>(),
                       d["ok"].get<bool>() ? d["model"].get<std::string>() : "—",
                       d["ok"].get<bool>() ? number(d["estimate"].get<double>()) : "no estimate"});
    }
    print_table(out, {"without list", "model", "estimate"}, rows2);
  }
  if (!j["two_lists_merged"].empty()) {
    std::vector<std::vector<std::string>> rows3;
    for (const auto& m : j["two_lists_merged"]) {
      rows3.push_back({m["merged"].get<std::string>(),
                       m["ok"].get<bool>() ? m["model"].get<std::string>() : "—",
                       m["ok"].get<bool>() ? number(m["estimate"].get<double>()) : "no estimate"});
    }
    print_table(out, {"two lists merged", "model", "estimate"}, rows3);
  }
  if (!j["known_list_sizes"].empty()) {
    std::vector<std::vector<std::string>> rows4;
    for (const auto& k : j["known_list_sizes"]) {
      rows4.push_back({k["list"].get<std::string>(), number(k["known"].get<double>()),
                       k["ok"].get<bool>() ? number(k["estimate"].get<double>()) : "no estimate"});
    }
    print_table(out, {"list (size known)", "known size", "estimated from the other lists"}, rows4);
  }
  for (const auto& flag : j["flags"]) out << "FLAG: " << flag.get<std::string>() << "\n";
}

void run_estimate(const GlobalOptions& options, const EstimateArgs& args) {
  const auto method = [&] {
    auto m = mse::parse_method(args.method);
    m.max_order = args.max_order;
    return m;
  }();
  mse::StratifiedTables tables;
  std::string source;
  if (!args.histories.empty()) {
    if (!args.strata.empty()) {
      throw core::UserError("--strata applies to estimates from the store",
                            "a histories file brings its own stratum_ columns");
    }
    tables = mse::read_capture_tables(args.histories);
    source = args.histories;
  } else {
    tables = tables_from_store(options, args.strata);
    source = options.db;
  }
  nlohmann::json report;
  report["clearpoint_version"] = CLEARPOINT_VERSION;
  report["source"] = source;
  report["seed"] = args.seed;
  report["level"] = args.level;
  report["strata"] = tables.stratum_names;
  report["results"] = nlohmann::json::array();
  for (const auto& stratum : tables.strata) {
    const std::string where =
        stratum.values.empty() ? source : fmt::format("{} [{}]", source, fmt::join(stratum.values, ", "));
    auto j = estimate_one(stratum.table, args, method, where);
    j["stratum"] = stratum.values;
    report["results"].push_back(j);
  }
  std::ofstream file;
  if (args.out != "-") file.open(args.out, std::ios::binary | std::ios::trunc);
  std::ostream& out = args.out == "-" ? std::cout : file;
  if (args.format == "json") {
    out << report.dump(2) << "\n";
  } else if (args.format == "csv") {
    out << "stratum,method,model,observed,estimate,profile_lower,profile_upper,wald_lower,wald_upper,bca_"
           "lower,bca_upper,"
           "replicates,seed,input_checksum,clearpoint_version\n";
    for (const auto& j : report["results"]) {
      const bool ok = j["ok"].get<bool>();
      const bool boot = j.contains("bootstrap");
      const auto num = [&](const nlohmann::json& v) { return fmt::format("{:.1f}", v.get<double>()); };
      out << fmt::format("{},{},{},{:.0f},{},{},{},{},{},{},{},{},{},{},{}\n",
                         fmt::join(j["stratum"].get<std::vector<std::string>>(), "|"),
                         j["method"].get<std::string>(), ok ? j["model"].get<std::string>() : "",
                         j["observed"].get<double>(), ok ? num(j["estimate"]) : "",
                         ok ? num(j["profile"]["lower"]) : "", ok ? num(j["profile"]["upper"]) : "",
                         ok ? num(j["wald_log"]["lower"]) : "", ok ? num(j["wald_log"]["upper"]) : "",
                         ok && boot ? num(j["bootstrap"]["bca"]["lower"]) : "",
                         ok && boot ? num(j["bootstrap"]["bca"]["upper"]) : "",
                         boot ? j["bootstrap"]["replicates"].get<int>() : 0, args.seed,
                         j["input_checksum"].get<std::string>(), CLEARPOINT_VERSION);
    }
  } else {
    out << fmt::format("clearpoint {} estimate of {} (seed {})\n", CLEARPOINT_VERSION, source, args.seed);
    for (const auto& j : report["results"]) {
      if (!j["stratum"].empty()) {
        out << fmt::format("\n== stratum {} ==\n",
                           fmt::join(j["stratum"].get<std::vector<std::string>>(), ", "));
      }
      print_text(out, j, args.level);
    }
  }
}

}  // namespace

void add_estimate_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<EstimateArgs>();
  auto* command = app.add_subcommand(
      "estimate",
      "Multiple Systems Estimate of the hidden total from the overlap of the lists (docs/estimation.md)");
  command
      ->add_option(
          "--histories", args->histories,
          "A capture-history CSV (0/1 per list, then count); default: the linked persons in the store")
      ->check(CLI::ExistingFile);
  command->add_option("--method", args->method, "stepwise | bic | aic | aicc | average | fixed:[12,13,3]")
      ->capture_default_str();
  command->add_option("--max-order", args->max_order,
                      "Highest interaction order searched (default: lists − 1, 2 for 6 lists)");
  command
      ->add_option(
          "--bootstrap", args->bootstrap,
          "BCa bootstrap replicates, model selection re-run in each (default: 1000 for stepwise and fixed "
          "models, 200 for exhaustive searches of up to 5 lists, none for 6; 0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--seed", args->seed, "Seed of the bootstrap's random streams")->capture_default_str();
  command->add_option("--threads", args->threads, "Threads (default: all cores)");
  command->add_option("--level", args->level, "Interval level")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.999));
  command
      ->add_option("--strata", args->strata,
                   "From the store: one estimate per stratum (sex, age, citizenship, year)")
      ->delimiter(',');
  command->add_option("--format", args->format, "text | csv | json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "csv", "json"}));
  command->add_option("--out", args->out, "Output file, or - for standard output")->capture_default_str();
  command->callback([&options, args] { run_estimate(options, *args); });
}

}  // namespace clearpoint::cli
