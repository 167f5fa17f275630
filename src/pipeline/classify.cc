#include "pipeline/classify.h"

#include <filesystem>

#include "pipeline/record_reference.h"
#include "pipeline/simulation_truth.h"

namespace clearpoint::pipeline {

std::vector<law::Framework> load_frameworks(const Workspace& workspace, const std::string& folder) {
  return law::load_frameworks(
      folder.empty() ? (std::filesystem::path(workspace.data_folder()) / "frameworks").string() : folder);
}

ClassifyRun classify_store(const Workspace& workspace, const std::vector<law::Framework>& frameworks,
                           const std::function<void(std::uint64_t judged)>& progress) {
  auto store = workspace.open_store();
  std::vector<store::Store::FrameworkStamp> stamps;
  stamps.reserve(frameworks.size());
  for (const auto& f : frameworks) stamps.push_back({f.id, f.version + "+" + f.content_hash});
  law::Classifier classifier(frameworks);
  std::uint64_t done = 0;
  ClassifyRun run;
  run.records = store.save_verdicts(
      stamps,
      [&](const records::CaseRecord& record, std::vector<core::Verdict>& verdicts) {
        verdicts = classifier.classify(record);
        if ((++done & 0xfff) == 0 && progress) progress(done);
      },
      workspace.audit_actor());
  run.frameworks = frameworks.size();
  run.counts = store.verdict_counts();
  return run;
}

std::vector<std::string> explain_verdicts(const Workspace& workspace,
                                          const std::vector<law::Framework>& frameworks,
                                          const std::string& reference) {
  const auto store = workspace.open_store();
  const auto found = find_record(store, reference, "--explain MUP-RS/victims/2004/00017");
  std::vector<std::string> explanations;
  explanations.reserve(frameworks.size());
  for (const auto& f : frameworks) explanations.push_back(law::judge(f, found.record).explanation);
  return explanations;
}

std::int64_t for_each_verdict(const Workspace& workspace, const std::vector<law::Framework>& frameworks,
                              const store::RecordFilter& filter,
                              const std::function<void(const VerdictRow&)>& visit) {
  const auto store = workspace.open_store();
  std::vector<core::TriState> slots;
  VerdictRow row;
  return store.for_each_record(filter, [&](const records::CaseRecord& record) {
    row.agency = record.agency;
    row.list = record.list;
    row.record_id = record.record_id;
    for (const auto& f : frameworks) {
      row.framework = f.id;
      row.framework_version = f.version + "+" + f.content_hash;
      row.verdict = law::judge_fast(f, record, slots);
      row.deciding = law::deciding_items(f, slots);
      visit(row);
    }
  });
}

FrameworkComparison compare_frameworks(const Workspace& workspace,
                                       const std::vector<law::Framework>& frameworks,
                                       const store::RecordFilter& filter) {
  law::Comparer comparer(frameworks);
  const auto store = workspace.open_store();
  store.for_each_record(filter, [&](const records::CaseRecord& r) { comparer.add(r); });
  return {comparer.result(), "records (not persons)"};
}

FrameworkComparison compare_frameworks_on_truth(const Workspace& workspace,
                                                const std::vector<law::Framework>& frameworks,
                                                const std::string& truth_path) {
  law::Comparer comparer(frameworks);
  for_each_true_person(truth_path, workspace.countries(),
                       [&](const records::CaseRecord& r) { comparer.add(r); });
  return {comparer.result(), "true persons (from the simulation's truth.csv)"};
}

}  // namespace clearpoint::pipeline
