#include "pipeline/capture_tables.h"

#include <fmt/format.h>

#include <map>

#include "pipeline/coverage_source.h"
#include "pipeline/stale_persons.h"

namespace clearpoint::pipeline {

link::CaptureHistories capture_histories_from_store(const Workspace& workspace,
                                                    const std::vector<link::Stratum>& strata,
                                                    const std::string& hint, bool stale_ok,
                                                    std::string* stale_note,
                                                    const std::string& coverage_path) {
  const auto store = workspace.open_store();
  std::map<std::int64_t, std::string> person_of;
  for (const auto& [record, person] : store.persons()) person_of[record] = person;
  if (person_of.empty()) throw core::UserError("no persons are stored", hint);
  if (const auto stale = require_current_persons(store, stale_ok); !stale.empty() && stale_note != nullptr)
    *stale_note = stale + "; the histories count the old persons (--stale-ok)";
  const auto coverage = coverage_for(workspace, coverage_path);
  link::CaptureHistories histories(strata, coverage ? &*coverage : nullptr);
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    const auto p = person_of.find(id);
    if (p != person_of.end()) histories.add(p->second, r.agency + "/" + r.list, r);
  });
  return histories;
}

mse::StratifiedTables capture_tables(const link::CaptureHistories& histories,
                                     const std::vector<link::Stratum>& strata) {
  // 2^lists cells: past this a table no longer fits in memory, and no log-linear model could be searched.
  constexpr std::size_t kMostLists = 24;
  const auto lists = histories.list_names();
  if (lists.size() > kMostLists) {
    throw core::UserError(
        fmt::format("the persons are on {} lists; an estimate takes at most {}", lists.size(), kMostLists),
        "estimate per region or merge lists that cannot see different persons");
  }
  mse::StratifiedTables out;
  for (const auto s : strata) out.stratum_names.push_back(link::stratum_name(s));
  std::map<std::vector<std::string>, std::size_t> index;
  for (const auto& cell : histories.cells()) {
    const auto [it, fresh] = index.try_emplace(cell.stratum, out.strata.size());
    if (fresh)
      out.strata.push_back({cell.stratum, {lists, std::vector<double>(std::size_t{1} << lists.size(), 0.0)}});
    mse::History h = 0;
    for (std::size_t j = 0; j < cell.on_list.size(); ++j) {
      if (cell.on_list[j]) h |= mse::History{1} << j;
    }
    auto& table = out.strata[it->second].table;
    if (cell.covered_by.empty()) {
      table.counts[h] += static_cast<double>(cell.count);
    } else {
      mse::History covered = 0;
      mse::History undetermined = 0;
      for (std::size_t j = 0; j < cell.covered_by.size(); ++j) {
        if (cell.covered_by[j]) covered |= mse::History{1} << j;
        if (j < cell.undetermined.size() && cell.undetermined[j]) undetermined |= mse::History{1} << j;
      }
      mse::add_covered(table, covered, h, static_cast<double>(cell.count), undetermined);
    }
  }
  return out;
}

}  // namespace clearpoint::pipeline
