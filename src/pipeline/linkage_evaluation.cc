#include "pipeline/linkage_evaluation.h"

#include <fmt/format.h>

#include <map>

#include "core/diagnostic.h"
#include "link/case_linkage.h"
#include "pipeline/linkage.h"
#include "pipeline/simulation_truth.h"

namespace clearpoint::pipeline {

namespace {

// Buckets over a rule's bound pair nobody, as in `link`.
std::vector<RuleCompleteness> blocking_completeness(
    const std::vector<link::PreparedRecord>& prepared,
    const std::map<std::string, std::vector<std::uint32_t>>& records_of_true) {
  const auto rules = link::case_blocking_rules();
  link::BlockingKeys keys;
  std::vector<link::BlockingReport> reports;
  link::candidate_pairs_within(prepared, rules, keys, &reports);
  std::vector<std::int64_t> alone(rules.size(), 0);
  std::vector<std::int64_t> so_far(rules.size(), 0);
  std::int64_t true_pairs = 0;
  for (const auto& [person, members] : records_of_true) {
    for (std::size_t x = 0; x < members.size(); ++x) {
      for (std::size_t y = x + 1; y < members.size(); ++y) {
        ++true_pairs;
        bool found = false;
        for (std::size_t r = 0; r < rules.size(); ++r) {
          const bool shares = keys.share(r, members[x], members[y]);
          alone[r] += shares ? 1 : 0;
          found = found || shares;
          so_far[r] += found ? 1 : 0;
        }
      }
    }
  }
  const auto share = [&](std::int64_t n) {
    return true_pairs == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(true_pairs);
  };
  std::vector<RuleCompleteness> out;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    out.push_back({rules[r].name, reports[r].new_pairs, share(alone[r]), share(so_far[r])});
  }
  return out;
}

std::int64_t pairs_of(std::int64_t n) {
  return n * (n - 1) / 2;
}

}  // namespace

LinkEvaluation evaluate_linkage(const Workspace& workspace, const std::string& truth_path,
                                const std::string& by) {
  const auto store = workspace.open_store();
  const auto true_person = true_person_of_records(truth_path);
  const auto group_of =
      by.empty() ? std::map<std::string, std::string>{} : truth_column_of_records(truth_path, by);
  std::vector<std::string> found_person;  // per prepared record, for the breakdown
  std::vector<std::string> group;
  std::map<std::int64_t, std::string> found;
  for (const auto& [record, person] : store.persons()) found[record] = person;
  if (found.empty()) throw core::UserError("no persons are stored", "run `clearpoint link` first");
  std::map<std::string, std::map<std::string, std::int64_t>> table;  // found person → true person → records
  std::map<std::string, std::int64_t> per_true;
  std::map<std::string, std::vector<std::uint32_t>> records_of_true;  // for the blocking report
  const CaseComparer comparisons(workspace);
  std::vector<link::PreparedRecord> prepared;
  link::RecordPreparer preparer(comparisons.comparer());
  LinkEvaluation evaluation;
  std::map<std::string, std::int64_t> missing_from_truth;  // agency/list → stored records the truth lacks
  std::int64_t unlinked = 0;
  store.for_each_record_with_id(
      {},
      [&](std::int64_t id, const records::CaseRecord& r) {
        const auto index = static_cast<std::uint32_t>(prepared.size());
        prepared.push_back(preparer.prepare(link::case_linkage_row(r)));
        const std::string key = r.agency + "/" + r.list + "/" + r.record_id;
        const auto t = true_person.find(key);
        found_person.emplace_back();
        group.emplace_back();
        const auto f = found.find(id);
        if (t == true_person.end()) {
          ++missing_from_truth[r.agency + "/" + r.list];
          return;
        }
        if (f == found.end()) {
          ++unlinked;
          return;
        }
        found_person.back() = f->second;
        if (const auto g = group_of.find(key); g != group_of.end()) group.back() = g->second;
        ++table[f->second][t->second];
        ++per_true[t->second];
        records_of_true[t->second].push_back(index);
        ++evaluation.records;
      },
      link::case_linkage_fields());
  // Skipping such records would measure a different set of records than the one linked.
  if (!missing_from_truth.empty()) {
    std::vector<core::Diagnostic> problems;
    for (const auto& [list, count] : missing_from_truth) {
      problems.push_back(
          {{truth_path, 0, 0},
           {},
           fmt::format("{} stored record{} of {} {} no row in the truth file", count, count == 1 ? "" : "s",
                       list, count == 1 ? "has" : "have"),
           "give the truth of every imported batch (agency, list and record_id as imported), or "
           "withdraw the batches the truth does not cover"});
    }
    throw core::UserError(std::move(problems));
  }
  if (unlinked > 0) {
    throw core::UserError(fmt::format("{} stored records belong to no person: they were imported after the "
                                      "last `clearpoint link`",
                                      unlinked),
                          "run `clearpoint link` again, then evaluate");
  }
  auto& q = evaluation.quality;
  for (const auto& [person, truths] : table) {
    std::int64_t size = 0;
    for (const auto& [t, n] : truths) {
      q.true_positives += pairs_of(n);
      size += n;
    }
    evaluation.pairs_found += pairs_of(size);
  }
  for (const auto& [t, n] : per_true) evaluation.true_pairs += pairs_of(n);
  q.false_positives = evaluation.pairs_found - q.true_positives;
  q.false_negatives = evaluation.true_pairs - q.true_positives;
  evaluation.persons_found = static_cast<std::int64_t>(table.size());
  evaluation.true_persons = static_cast<std::int64_t>(per_true.size());
  evaluation.blocking = blocking_completeness(prepared, records_of_true);
  if (!by.empty()) {
    evaluation.by = by;
    std::map<std::string, GroupRecall> groups;
    for (const auto& [person, members] : records_of_true) {
      for (std::size_t x = 0; x < members.size(); ++x) {
        for (std::size_t y = x + 1; y < members.size(); ++y) {
          const auto& gx = group[members[x]];
          const auto& gy = group[members[y]];
          if (gx == gy) continue;
          const bool linked = found_person[members[x]] == found_person[members[y]];
          for (const auto* g : {&gx, &gy}) {
            auto& entry = groups[*g];
            entry.value = *g;
            ++entry.true_pairs;
            entry.found += linked ? 1 : 0;
          }
        }
      }
    }
    for (auto& [value, entry] : groups) evaluation.by_value.push_back(std::move(entry));
  }
  return evaluation;
}

}  // namespace clearpoint::pipeline
