#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/frameworks.h"
#include "cli/progress.h"
#include "cli/record_reference.h"
#include "cli/table.h"

namespace clearpoint::cli {

namespace {
struct ClassifyArgs {
  std::string frameworks;
  std::string explain;
};

void explain_one(const GlobalOptions& options, const std::vector<law::Framework>& frameworks,
                 const std::string& key) {
  const auto store = open_store(options);
  const auto found = find_record(store, key, "--explain MUP-RS/victims/2004/00017");
  for (const auto& f : frameworks) fmt::print("{}\n\n", law::judge(f, found.record).explanation);
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
  command->callback([&options, args] {
    const auto frameworks = load_all_frameworks(options, args->frameworks);
    if (!args->explain.empty()) {
      explain_one(options, frameworks, args->explain);
      return;
    }
    auto store = open_store(options);
    std::vector<store::Store::FrameworkStamp> stamps;
    for (const auto& f : frameworks) stamps.push_back({f.id, f.version + "+" + f.content_hash});
    law::Classifier classifier(frameworks);
    Progress progress("classifying");
    std::uint64_t done = 0;
    const auto count = store.save_verdicts(
        stamps,
        [&](const records::CaseRecord& record, std::vector<int>& codes) {
          const auto& verdicts = classifier.classify(record);
          for (std::size_t k = 0; k < verdicts.size(); ++k) codes[k] = static_cast<int>(verdicts[k]);
          if ((++done & 0xfff) == 0) progress.update(done, 0);
        },
        actor(options));
    fmt::print("{} records judged under {} frameworks; verdicts stored with each framework's version\n\n",
               count, frameworks.size());
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : store.verdict_counts()) {
      rows.push_back({v.framework, std::to_string(v.counts[0]), std::to_string(v.counts[1]),
                      std::to_string(v.counts[2]), v.version});
    }
    print_table(std::cout, {"framework", "qualifies", "does not", "undetermined", "version"}, rows);
  });
}

}  // namespace clearpoint::cli
