#include "pipeline/linkage_draws.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/random.h"
#include "core/union_find.h"
#include "link/list_coverage.h"
#include "pipeline/coverage_source.h"

namespace clearpoint::pipeline {

namespace {

struct StoredRecord {
  std::int64_t id = 0;
  std::string list;
  records::CaseRecord record;
};

}  // namespace

std::vector<link::CaptureHistories> draw_linkages(const Workspace& workspace,
                                                  const std::vector<link::Stratum>& strata,
                                                  const std::string& coverage_path, int draws,
                                                  std::uint64_t seed) {
  const auto store = workspace.open_store();
  const auto links = store.person_links();
  const auto review = store.review_pairs();
  std::map<std::int64_t, std::uint32_t> index_of;  // store row id → record number
  std::vector<StoredRecord> records;
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    index_of[id] = static_cast<std::uint32_t>(records.size());
    records.push_back({id, r.agency + "/" + r.list, r});
  });
  // Each linked record's person (as a record number of the person's first record) and link probability.
  std::vector<std::uint32_t> person(records.size());
  std::vector<double> probability(records.size(), 1.0);
  std::vector<bool> linked(records.size(), false);
  std::map<std::string, std::vector<std::uint32_t>> members;
  for (const auto& l : links) {
    const auto it = index_of.find(l.record);
    if (it == index_of.end()) continue;
    members[l.person].push_back(it->second);
    probability[it->second] = l.probability.value_or(1.0);
    linked[it->second] = true;
  }
  const auto coverage = coverage_for(workspace, coverage_path);
  std::vector<link::CaptureHistories> out;
  for (int d = 0; d < draws; ++d) {
    core::Rng rng(core::stream_seed(seed, static_cast<std::uint64_t>(d)));
    core::UnionFind persons(records.size());
    for (const auto& [name, recs] : members) {
      const auto anchor = *std::max_element(recs.begin(), recs.end(), [&](std::uint32_t a, std::uint32_t b) {
        return probability[a] < probability[b] || (probability[a] == probability[b] && a > b);
      });
      for (const auto r : recs) {
        if (r != anchor && rng.uniform() < probability[r]) persons.unite(anchor, r);
      }
    }
    std::map<std::uint32_t, std::set<std::string>> lists_of;  // person (root) → the lists it is on
    for (std::uint32_t r = 0; r < records.size(); ++r) {
      if (linked[r]) lists_of[persons.find(r)].insert(records[r].list);
    }
    for (const auto& pair : review) {
      if (!pair.held_apart.empty()) continue;
      const auto a = index_of.find(pair.record_a);
      const auto b = index_of.find(pair.record_b);
      if (a == index_of.end() || b == index_of.end() || rng.uniform() >= pair.probability) continue;
      const auto root_a = persons.find(a->second);
      const auto root_b = persons.find(b->second);
      if (root_a == root_b) continue;
      auto& on_a = lists_of[root_a];
      auto& on_b = lists_of[root_b];
      const bool shared =
          std::any_of(on_b.begin(), on_b.end(), [&](const auto& l) { return on_a.contains(l); });
      if (shared) continue;
      const auto kept = persons.join_roots(root_a, root_b);
      auto merged = on_a;
      merged.insert(on_b.begin(), on_b.end());
      lists_of.erase(root_a);
      lists_of.erase(root_b);
      lists_of[kept] = std::move(merged);
    }
    link::CaptureHistories histories(strata, coverage ? &*coverage : nullptr);
    for (std::uint32_t r = 0; r < records.size(); ++r) {
      if (linked[r]) histories.add(fmt::format("p{}", persons.find(r)), records[r].list, records[r].record);
    }
    out.push_back(std::move(histories));
  }
  return out;
}

}  // namespace clearpoint::pipeline
