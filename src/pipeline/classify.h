// Classification: every stored case judged under every legal framework, the verdicts stored with each
// framework's version and file hash; and one case's verdicts explained article by article.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "law/compare.h"
#include "law/framework.h"
#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

// The frameworks in `folder`, or in the data folder's frameworks/ when it is empty.
std::vector<law::Framework> load_frameworks(const Workspace& workspace, const std::string& folder);

struct ClassifyRun {
  std::int64_t records = 0;
  std::size_t frameworks = 0;
  std::vector<store::Store::VerdictCount> counts;  // per framework, as stored
};

// `progress` hears the number of records judged so far, now and then.
ClassifyRun classify_store(const Workspace& workspace, const std::vector<law::Framework>& frameworks,
                           const std::function<void(std::uint64_t judged)>& progress = {});

// One record's explanation under each framework (nothing is stored).
std::vector<std::string> explain_verdicts(const Workspace& workspace,
                                          const std::vector<law::Framework>& frameworks,
                                          const std::string& reference);

// One verdict in machine-readable form: the record, the framework and the version of its file, the
// verdict and the elements that decided it (law::deciding_items).
struct VerdictRow {
  std::string agency;
  std::string list;
  std::string record_id;
  std::string framework;
  std::string framework_version;  // the text's date + the file's hash, as stored with classify's verdicts
  core::Verdict verdict = core::Verdict::kUndetermined;
  std::vector<std::string> deciding;
};
// Judges the stored records (`filter` picks an agency or list) and hands each record × framework row to
// `visit`, streaming; returns the number of records.
std::int64_t for_each_verdict(const Workspace& workspace, const std::vector<law::Framework>& frameworks,
                              const store::RecordFilter& filter,
                              const std::function<void(const VerdictRow&)>& visit);

// The frameworks side by side on the stored records (`filter` picks an agency or list) or, with a
// simulation's truth.csv, on the true persons. `unit` says which was counted.
struct FrameworkComparison {
  law::Comparison comparison;  // points into `frameworks`, which must outlive it
  std::string unit;
};
FrameworkComparison compare_frameworks(const Workspace& workspace,
                                       const std::vector<law::Framework>& frameworks,
                                       const store::RecordFilter& filter);
FrameworkComparison compare_frameworks_on_truth(const Workspace& workspace,
                                                const std::vector<law::Framework>& frameworks,
                                                const std::string& truth_path);

}  // namespace clearpoint::pipeline
