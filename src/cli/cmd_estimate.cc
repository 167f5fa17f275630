#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "io/safe_output.h"
#include "pipeline/estimate_report.h"
#include "render/estimate_render.h"

namespace clearpoint::cli {

namespace {

struct EstimateArgs {
  std::string histories;
  pipeline::EstimateSettings settings;
  std::vector<std::string> strata;
  std::string format = "text";
  std::string out = "-";
  bool force = false;
};

void run_estimate(const GlobalOptions& options, const EstimateArgs& args) {
  if (!args.histories.empty() && args.settings.linkage_draws > 0) {
    throw core::UserError("--linkage-draws applies to estimates from the store",
                          "a histories file has no linkage to draw from");
  }
  if (!args.histories.empty() && !args.settings.coverage_path.empty()) {
    throw core::UserError(
        "--coverage applies to estimates from the store",
        "a histories file brings its own coverage column (`clearpoint histories --coverage`)");
  }
  if (!args.histories.empty() && !args.strata.empty()) {
    throw core::UserError("--strata applies to estimates from the store",
                          "a histories file brings its own stratum_ columns");
  }
  // The target is checked before the (possibly long) estimation runs.
  std::optional<io::SafeOutput> file;
  if (args.out != "-") {
    std::vector<std::string> inputs = {options.db};
    if (!args.histories.empty()) inputs.push_back(args.histories);
    file.emplace(args.out, io::SafeOutputOptions{args.force, std::move(inputs), "--out"});
  }
  const auto report = args.histories.empty()
                          ? pipeline::estimate_from_store(options, parse_strata(args.strata), args.settings)
                          : pipeline::estimate_from_file(args.histories, args.settings);
  std::ostream& out = file ? file->stream() : std::cout;
  if (args.format == "json") {
    out << render::estimate_json(report).dump(2) << "\n";
  } else if (args.format == "csv") {
    render::estimate_csv(out, report);
  } else {
    render::estimate_text(out, report);
  }
  if (file) file->commit();
}

}  // namespace

void add_estimate_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<EstimateArgs>();
  auto& s = args->settings;
  auto* command = app.add_subcommand(
      "estimate",
      "Multiple Systems Estimate of the hidden total from the overlap of the lists (docs/estimation.md)");
  command
      ->add_option(
          "--histories", args->histories,
          "A capture-history CSV (0/1 per list, then count); default: the linked persons in the store")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--method", s.method,
                   "latent-class | dga | stepwise | bic | aic | aicc | average | fixed:[12,13,3]")
      ->capture_default_str();
  command->add_option("--chains", s.chains, "latent-class: chains run in parallel")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  command
      ->add_option("--samples", s.samples,
                   "latent-class: draws kept per chain after as many warm-up iterations (default: run until "
                   "R̂ < 1.01 and 1,000 effective draws of N)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--K", s.classes, "latent-class: the most latent classes (LCMCR's K)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  command
      ->add_option("--leapfrog-steps", s.leapfrog_steps,
                   "latent-class: steps of each sweep's Hamiltonian move of all list probabilities and class "
                   "weights; 0 runs LCMCR's Gibbs sampler alone (about three times slower to converge)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  command
      ->add_option_function<std::string>(
          "--coverage-model", [&s](const std::string& model) { s.shared_coverage_model = model == "shared"; },
          "latent-class with list coverage: shared (one model: each list's catch rate learnt where it "
          "overlaps with others also counts whom it missed where it is alone, and persons whose records do "
          "not decide a list's reach are placed among the groups their records allow) or per-group (each "
          "coverage group on its own lists); docs/estimation.md")
      ->check(CLI::IsMember({"per-group", "shared"}))
      ->default_str("shared");
  command->add_flag("!--no-compare", s.compare,
                    "Do not run the other kinds of estimate beside the chosen one");
  command->add_option("--max-order", s.max_order,
                      "Highest interaction order searched (default: lists − 1, 2 for 6 lists)");
  command
      ->add_option(
          "--bootstrap", s.bootstrap,
          "BCa bootstrap replicates, model selection re-run in each (default: 1000 for stepwise and fixed "
          "models, 200 for exhaustive searches of up to 5 lists, none for 6; 0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--seed", s.seed, "Seed of the sampler's and the bootstrap's random streams")
      ->capture_default_str();
  command->add_option("--threads", s.threads, "Threads (default: all cores)")->check(CLI::NonNegativeNumber);
  command->add_option("--level", s.level, "Interval level")
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
  command
      ->add_option("--coverage", s.coverage_path,
                   "From the store: a coverage file saying whom each list could catch (docs/estimation.md); "
                   "default the coverage saved in the store (clearpoint coverage save), 'none' for none")
      ->check(CLI::ExistingFile | CLI::IsMember({"none"}));
  command
      ->add_option("--linkage-draws", s.linkage_draws,
                   "From the store, latent-class or dga: re-estimate over this many linkages drawn from the "
                   "link probabilities and pool them (docs/estimation.md)")
      ->check(CLI::Range(0, 1000));
  command->add_flag("--force", args->force, "Replace --out when it is an existing regular file");
  command->add_flag("--stale-ok", s.stale_ok,
                    "Estimate from persons linked before the latest imports or withdrawals (flagged)");
  command->callback([&options, args] { run_estimate(options, *args); });
}

}  // namespace clearpoint::cli
