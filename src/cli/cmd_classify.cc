#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/progress.h"
#include "pipeline/classify.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {
struct ClassifyArgs {
  std::string frameworks;
  std::string explain;
};

void run_classify(const GlobalOptions& options, const ClassifyArgs& args) {
  const auto frameworks = pipeline::load_frameworks(options, args.frameworks);
  if (!args.explain.empty()) {
    for (const auto& text : pipeline::explain_verdicts(options, frameworks, args.explain))
      fmt::print("{}\n\n", text);
    return;
  }
  Progress progress("classifying");
  const auto run =
      pipeline::classify_store(options, frameworks, [&](std::uint64_t done) { progress.update(done, 0); });
  fmt::print("{} records judged under {} frameworks; verdicts stored with each framework's version\n\n",
             run.records, run.frameworks);
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : run.counts) {
    rows.push_back({v.framework, std::to_string(v.counts[0]), std::to_string(v.counts[1]),
                    std::to_string(v.counts[2]), v.version});
  }
  render::print_table(std::cout, {"framework", "qualifies", "does not", "undetermined", "version"}, rows);
}
}  // namespace

void add_classify_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ClassifyArgs>();
  auto* command = app.add_subcommand(
      "classify", "Judge every stored case under every legal framework and store the verdicts");
  command->add_option("--frameworks", args->frameworks,
                      "Folder of framework files; default the data folder's frameworks/");
  command->add_option(
      "--explain", args->explain,
      "Only explain one record's verdicts, given as AGENCY/LIST/RECORD_ID (nothing is stored)");
  command->callback([&options, args] { run_classify(options, *args); });
}

}  // namespace clearpoint::cli
