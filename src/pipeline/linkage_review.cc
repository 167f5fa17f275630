#include "pipeline/linkage_review.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "link/blocking.h"
#include "link/case_linkage.h"
#include "link/model_json.h"
#include "pipeline/linkage.h"
#include "pipeline/record_reference.h"

namespace clearpoint::pipeline {

namespace {

core::UserError nothing_linked() {
  return core::UserError("nothing has been linked yet", "run `clearpoint link` first");
}

void require_linkage(const store::Store& store) {
  if (!store.has_link_model()) throw nothing_linked();
}

}  // namespace

PairExplanation explain_pair(const Workspace& workspace, const std::string& reference_a,
                             const std::string& reference_b) {
  const auto store = workspace.open_store();
  const std::string example = "link explain MUP-RS/victims/2004/00017 NGO-RS/shelter/NGO-RS-000123";
  const auto a = find_record(store, reference_a, example);
  const auto b = find_record(store, reference_b, example);
  const auto model_json = store.link_model();
  if (model_json.empty()) throw nothing_linked();
  const CaseComparer comparisons(workspace);
  const auto& comparer = comparisons.comparer();
  link::FellegiSunter model(comparer.specs());
  link::NameFrequencies frequencies;
  std::vector<link::BlockingReport> stored_blocking;
  const auto rules = link::case_blocking_rules();
  link::model_from_json(model, frequencies, model_json, &stored_blocking, rules);

  const auto row_a = link::case_linkage_row(a.record);
  const auto row_b = link::case_linkage_row(b.record);
  const auto x = comparer.prepare(row_a);
  const auto y = comparer.prepare(row_b);
  const auto pattern = comparer.compare(x, y);
  const auto specs = comparer.specs();
  PairExplanation explanation;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const auto& column = comparer.comparisons()[k].column;
    PairExplanation::Comparison c;
    c.name = specs[k].name;
    c.value_a = row_a[column];
    c.value_b = row_b[column];
    if (pattern[k] == link::kMissing) {
      c.missing = true;
    } else {
      const auto l = static_cast<std::size_t>(pattern[k]);
      c.level = specs[k].level_names[l];
      c.m = model.m()[k][l];
      c.u = model.u()[k][l];
      c.weight_bits = std::log2(c.m / c.u);
    }
    explanation.comparisons.push_back(std::move(c));
  }
  explanation.name_adjustment_bits = link::frequency_adjustment(model, frequencies, x, y, pattern);
  explanation.weight_bits = model.match_weight(pattern) + explanation.name_adjustment_bits;
  explanation.prior = model.prior();
  // Sharing a key is not being compared: `link` pairs nobody in a bucket over its rule's bound. The last
  // link stored the keys of the buckets it skipped under each rule, so a shared key is looked up there.
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!link::share_blocking_key(x, y, rules[r])) continue;
    if (link::share_key_within_bound(x, y, rules[r], stored_blocking[r].skipped_keys)) {
      explanation.blocking_rules.push_back(rules[r].name);
    } else {
      explanation.blocking_over_bound.push_back(
          fmt::format("{} (more than {} records share the key)", rules[r].name, stored_blocking[r].bound));
    }
  }
  explanation.pairwise_probability =
      1 / (1 + std::exp2(-(explanation.weight_bits + std::log2(model.prior() / (1 - model.prior())))));
  if (a.record.agency == b.record.agency && a.record.list == b.record.list) {
    explanation.rules.push_back(fmt::format(
        "both are on one list: they are one person only as duplicates, on the joint evidence of their "
        "clusters' pairs reaching {}",
        link::kDuplicateProbability));
  }
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const auto& c = explanation.comparisons[k];
    if (!c.missing && specs[k].holds_apart && c.weight_bits < link::kCannotLinkWeight) {
      explanation.rules.push_back(fmt::format(
          "{} weighs {:+.2f} bits (below {}): it holds the two records, and the persons they are in, apart "
          "unless this pair's own probability reaches {}",
          c.name, c.weight_bits, link::kCannotLinkWeight, link::kStrongPairProbability));
    }
  }
  if (a.record.list != b.record.list || a.record.agency != b.record.agency) {
    if (comparer.birth_days_disagree(x, y)) {
      explanation.rules.push_back(
          "their birth days differ by more than one mistyped digit or a swap of day and month: as a pair "
          "they "
          "may still be one person, but no person of three or more records across lists holds both");
    }
  }
  if (const auto pair = store.review_pair(a.id, b.id)) {
    explanation.queued_probability = pair->probability;
    if (!pair->held_apart.empty())
      explanation.rules.push_back("held apart in the last run: " + pair->held_apart);
  }
  for (const auto& decision : store.review_decisions()) {
    if (decision.record_a == std::min(a.id, b.id) && decision.record_b == std::max(a.id, b.id)) {
      explanation.rules.push_back(
          fmt::format("decided by an analyst: {} ({}, {}); every link since {} whatever the scores",
                      decision.same ? "same person" : "different persons", decision.decided_by,
                      decision.decided_at, decision.same ? "joins them" : "keeps them apart"));
    }
  }
  explanation.person_a = store.person_of(a.id);
  explanation.person_b = store.person_of(b.id);
  return explanation;
}

ReviewQueue review_queue(const Workspace& workspace, std::int64_t limit) {
  const auto store = workspace.open_store();
  require_linkage(store);
  // A pair decided since the last link has left the queue already.
  std::set<std::pair<std::int64_t, std::int64_t>> decided;
  for (const auto& decision : store.review_decisions())
    decided.insert({decision.record_a, decision.record_b});
  auto pairs = store.review_pairs();
  std::erase_if(pairs, [&](const store::Store::ReviewPair& pair) {
    return decided.contains({std::min(pair.record_a, pair.record_b), std::max(pair.record_a, pair.record_b)});
  });
  std::map<std::int64_t, std::string> reference;
  std::map<std::int64_t, std::string> person;
  for (const auto& [record, p] : store.persons()) person[record] = p;
  store.for_each_record_with_id(
      {}, [&](std::int64_t id, const records::CaseRecord& record) { reference[id] = reference_of(record); });
  ReviewQueue queue;
  queue.total = pairs.size();
  for (const auto& pair : pairs) {
    if (static_cast<std::int64_t>(queue.pairs.size()) >= limit) break;
    queue.pairs.push_back({reference[pair.record_a], reference[pair.record_b], pair.probability, pair.weight,
                           person[pair.record_a], person[pair.record_b], pair.held_apart});
  }
  return queue;
}

void decide_pair(const Workspace& workspace, const std::string& reference_a, const std::string& reference_b,
                 bool same) {
  auto store = workspace.open_store();
  const std::string example =
      "link review --decide MUP-RS/victims/2004/00017 NGO-RS/shelter/NGO-RS-000123 same";
  const auto a = find_record(store, reference_a, example);
  const auto b = find_record(store, reference_b, example);
  if (a.id == b.id) {
    throw core::UserError("both references name the same record",
                          "name two records: the pair as `clearpoint link review` lists it");
  }
  store.save_review_decision(a.id, b.id, same, workspace.audit_actor());
}

std::vector<PairDecision> pair_decisions(const Workspace& workspace) {
  const auto store = workspace.open_store();
  const auto decisions = store.review_decisions();
  std::map<std::int64_t, std::string> reference;
  for (const auto& decision : decisions) {
    reference[decision.record_a];
    reference[decision.record_b];
  }
  if (!reference.empty()) {
    store.for_each_record_with_id({},
                                  [&](std::int64_t id, const records::CaseRecord& record) {
                                    if (const auto found = reference.find(id); found != reference.end())
                                      found->second = reference_of(record);
                                  },
                                  {"agency", "list", "record_id"});
  }
  std::vector<PairDecision> out;
  for (const auto& decision : decisions) {
    out.push_back({reference[decision.record_a], reference[decision.record_b], decision.same,
                   decision.decided_by, decision.decided_at});
  }
  return out;
}

}  // namespace clearpoint::pipeline
