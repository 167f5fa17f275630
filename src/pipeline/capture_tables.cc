#include "pipeline/capture_tables.h"

#include <fmt/format.h>

#include <map>

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
  // Persons of an older link would silently leave a new list out, or keep persons joined through a
  // record that has been withdrawn.
  if (const auto lag = store.linkage_lag(); lag.stale()) {
    const auto counted = [](std::int64_t n, const char* what_happened) {
      return n == 0 ? std::string()
                    : fmt::format("{} record{} {} {}", n, n == 1 ? "" : "s", n == 1 ? "was" : "were",
                                  what_happened);
    };
    const std::string what =
        fmt::format("the persons are out of date: since the last `clearpoint link` {}{}{}",
                    counted(lag.unlinked_records, "imported"),
                    lag.unlinked_records > 0 && lag.withdrawn_records > 0 ? " and " : "",
                    counted(lag.withdrawn_records, "withdrawn"));
    if (!stale_ok) {
      throw core::UserError(what,
                            "run `clearpoint link` again, or add --stale-ok to count the old persons "
                            "(records imported since are left out)");
    }
    if (stale_note != nullptr) *stale_note = what + "; the histories count the old persons (--stale-ok)";
  }
  const auto coverage =
      coverage_path.empty() ? link::CoverageDeclarations{} : link::read_coverage(coverage_path);
  link::CaptureHistories histories(strata, coverage_path.empty() ? nullptr : &coverage);
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
      for (std::size_t j = 0; j < cell.covered_by.size(); ++j) {
        if (cell.covered_by[j]) covered |= mse::History{1} << j;
      }
      mse::add_covered(table, covered, h, static_cast<double>(cell.count));
    }
  }
  return out;
}

}  // namespace clearpoint::pipeline
