#include <fmt/format.h>

#include <chrono>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "pipeline/publish_release.h"
#include "publish/htcds_export.h"

namespace clearpoint::cli {

namespace {

void run_publish(const GlobalOptions& options, const pipeline::PublishSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = pipeline::publish_release(options, settings);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& r = outcome.release;
  const auto& p = outcome.protection;
  fmt::print("release {}: {} {} identified {}–{}{}\n", r.id, outcome.counted, r.unit, r.first_year,
             r.last_year,
             r.framework.empty() ? std::string() : fmt::format(", qualifying under {}", r.framework));
  if (outcome.undetermined + outcome.not_qualifying > 0)
    fmt::print("  not counted: {} that do not qualify and {} undetermined under {}\n", outcome.not_qualifying,
               outcome.undetermined, r.framework);
  if (outcome.assistance_not_recorded > 0)
    fmt::print("  not counted: {} with no assistance recorded (unknown, not \"not assisted\")\n",
               outcome.assistance_not_recorded);
  if (outcome.outside_years > 0)
    fmt::print("  not counted: {} identified outside the years\n", outcome.outside_years);
  std::int64_t lost = 0;
  for (std::size_t i = 0; i < outcome.cells.size(); ++i)
    if (p.status[i] == publish::CellStatus::kSecondary) lost += outcome.cells[i].value;
  std::int64_t exposed = 0;
  for (const auto& check : p.checks) exposed += check.protected_enough ? 0 : 1;
  if (r.rounding) {
    fmt::print(
        "  {} tables, {} cells over {} microcells, every one rounded to a multiple of {} (controlled "
        "rounding: "
        "every table adds up)\n",
        outcome.tables.size(), outcome.cells.size(), outcome.microcells, r.base);
    fmt::print("  audit: no small count can be narrowed below what rounding leaves ({} wide): {} ({} LPs)\n",
               r.base - 1, exposed == 0 ? "yes" : fmt::format("NO, {} cells", exposed), p.lp_solves);
  } else {
    const double share = 100.0 * static_cast<double>(p.secondary) /
                         static_cast<double>(std::max<std::size_t>(1, outcome.cells.size()));
    fmt::print(
        "  {} tables, {} cells over {} microcells: {} withheld below the threshold of {}, {} more withheld "
        "so "
        "that none can be recomputed ({:.1f}% of the cells; {} {} in them)\n",
        outcome.tables.size(), outcome.cells.size(), outcome.microcells, p.primary, r.rules.threshold,
        p.secondary, share, lost, r.unit);
    fmt::print("  audit: every withheld small count has an attacker interval at least {} wide: {} ({} LPs)\n",
               r.rules.required_width(), exposed == 0 ? "yes" : fmt::format("NO, {} cells", exposed),
               p.lp_solves);
  }
  if (outcome.frameworks) {
    std::int64_t withheld = 0;
    for (const auto s : outcome.frameworks->status) withheld += s == publish::CellStatus::kPublished ? 0 : 1;
    fmt::print("  frameworks side by side against {}: {} cells, {} withheld ({} LPs)\n",
               outcome.frameworks->reference, outcome.frameworks->cells.size(), withheld,
               outcome.frameworks->lp_solves);
  }
  if (outcome.htcds_rows > 0) {
    std::vector<std::string> lost;
    const auto& header = publish::htcds_header();
    for (std::size_t c = 0; c < header.size(); ++c)
      if (outcome.htcds_suppressed[c] > 0)
        lost.push_back(fmt::format("{} {}", header[c], outcome.htcds_suppressed[c]));
    fmt::print(
        "  HTCDS rows: {} {}, every combination of values shared by at least {}; values suppressed: {}\n",
        outcome.htcds_rows, r.unit, r.htcds_k,
        lost.empty() ? "none" : fmt::format("{}", fmt::join(lost, ", ")));
  }
  if (!outcome.estimate_problem.empty())
    fmt::print("  the report has no estimate: {}\n", outcome.estimate_problem);
  if (!outcome.revises.empty())
    fmt::print(
        "  a revision of the earlier release {} (its batches all still here, records added since): protected "
        "together with it against an attacker who holds both, and {} cells of the additions holding a small "
        "count protected too\n",
        outcome.revises, outcome.additions_protected);
  for (const auto& earlier : outcome.earlier_same_data)
    fmt::print("  protected together with the earlier release {} of the same data\n", earlier);
  for (const auto& earlier : outcome.earlier_other_data)
    fmt::print(
        "  note: the earlier release {} was counted from other data (batches or persons changed since); "
        "differencing across such changes is not checked\n",
        earlier);
  for (const auto& file : outcome.written) fmt::print("  wrote {}\n", file);
  fmt::print("  {:.2f} s in all\n", seconds);
}

void add_publish_options(CLI::App* command, const std::shared_ptr<pipeline::PublishSettings>& settings) {
  command->add_option("release", settings->release_path, "The release file (docs/publish.md)")->required();
  command->add_option("--out", settings->out_dir, "The folder to write (created 0700)")->required();
  command->add_flag("--force", settings->force, "Replace the files of an earlier run in the folder");
  command->add_option(
      "--coverage", settings->coverage_path,
      "The report's estimate: a coverage file saying whom each list could catch (docs/estimation.md); "
      "default the coverage saved in the store, 'none' for none");
  command->add_option("--seed", settings->seed, "The report's estimate: the sampler's seed");
  command->add_option("--threads", settings->threads, "The report's estimate: threads (0: every core)");
  command->add_flag("--pdf", settings->pdf, "Also print the report to report.pdf (needs Debian's chromium)");
}

}  // namespace

void add_release_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand(
      "release", "Publish a declared release of tables, disclosure-controlled; audit a published one");
  command->require_subcommand(1);

  auto settings = std::make_shared<pipeline::PublishSettings>();
  auto* publish = command->add_subcommand(
      "publish", "Count, protect and write the tables of RELEASE.toml, its workbook and its report");
  add_publish_options(publish, settings);
  publish->callback([&options, settings] { run_publish(options, *settings); });

  auto* top = app.add_subcommand("publish",
                                 "The release's tables, statutory files, workbook and report, "
                                 "disclosure-controlled (= release publish)");
  add_publish_options(top, settings);
  top->callback([&options, settings] { run_publish(options, *settings); });

  auto dir = std::make_shared<std::string>();
  auto* audit = command->add_subcommand(
      "audit",
      "The attacker's view of a published release: solve for every withheld cell from the files alone");
  audit->add_option("folder", *dir, "The folder `release publish` wrote")->required();
  audit->callback([dir] {
    const auto result = pipeline::audit_published_release(*dir);
    fmt::print("release {}: {} cells, {} withheld\n", result.id, result.cells, result.withheld);
    for (const auto& cell : result.published_below_threshold)
      fmt::print("  {}: {}\n", result.base > 0 ? "not rounded" : "published below the threshold", cell);
    for (const auto& cell : result.exposed) fmt::print("  exposed: {}\n", cell);
    if (!result.ok()) {
      throw core::UserError(fmt::format("{} cells are disclosive",
                                        result.published_below_threshold.size() + result.exposed.size()),
                            "do not publish these files; publish the release again with clearpoint");
    }
    fmt::print("  {}\n", result.base > 0
                             ? fmt::format("every count a multiple of {}, and no small count can be "
                                           "narrowed below what rounding leaves",
                                           result.base)
                             : std::string("no count below the threshold is published, and no "
                                           "withheld cell can be narrowed to one"));
  });
}

}  // namespace clearpoint::cli
