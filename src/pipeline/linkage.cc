#include "pipeline/linkage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "link/case_linkage.h"
#include "link/model_json.h"

namespace clearpoint::pipeline {

CaseComparer::CaseComparer(const Workspace& workspace)
    : normaliser_(
          std::make_unique<link::NameNormaliser>(link::NameNormaliser::load(workspace.data_folder()))),
      comparer_(std::make_unique<link::PairComparer>(link::case_comparisons(), *normaliser_)) {}

LinkageInput read_linkage_input(const store::Store& store, const link::PairComparer& comparer) {
  LinkageInput input;
  std::map<std::string, std::uint32_t> list_index;
  link::RecordPreparer preparer(comparer);
  store.for_each_record_with_id(
      {},
      [&](std::int64_t id, const records::CaseRecord& r) {
        input.ids.push_back(id);
        input.prepared.push_back(preparer.prepare(link::case_linkage_row(r)));
        const auto [it, fresh] =
            list_index.try_emplace(r.agency + "/" + r.list, static_cast<std::uint32_t>(list_index.size()));
        if (fresh) input.lists.push_back(it->first);
        input.list_of_record.push_back(it->second);
      },
      link::case_linkage_fields());
  return input;
}

std::vector<LevelWeight> level_weights(const link::FellegiSunter& model, const std::vector<bool>& compared) {
  std::vector<LevelWeight> weights;
  const auto& specs = model.specs();
  for (std::size_t k = 0; k < specs.size(); ++k) {
    if (k < compared.size() && !compared[k]) continue;
    for (std::size_t l = model.m()[k].size(); l-- > 0;) {
      weights.push_back({specs[k].name, specs[k].level_names[l], model.m()[k][l], model.u()[k][l],
                         std::log2(model.m()[k][l] / model.u()[k][l])});
    }
  }
  return weights;
}

namespace {

// Clustering's persons named: a person is named after its earliest record, so the name survives new
// batches that join it. Each record carries its strongest link: the highest probability of a scored
// pair joining it to another record of its person (none for a person of one record).
std::vector<store::Store::PersonLink> named_persons(const LinkageInput& input,
                                                    const link::ManyListsResult& result) {
  const auto& cluster = result.cluster;
  std::vector<std::optional<double>> strongest(input.ids.size());
  for (const auto& pair : result.scored) {
    if (cluster[pair.a] != cluster[pair.b]) continue;
    for (const auto record : {pair.a, pair.b}) {
      strongest[record] = std::max(strongest[record].value_or(0.0), pair.probability);
    }
  }
  std::vector<store::Store::PersonLink> persons;
  persons.reserve(input.ids.size());
  for (std::size_t i = 0; i < input.ids.size(); ++i) {
    persons.push_back({input.ids[i], fmt::format("P{:08}", input.ids[cluster[i]]), strongest[i]});
  }
  return persons;
}

// The analysts' stored decisions as record indexes of this run (a decision whose record is gone is moot).
void add_decisions(const LinkageInput& input, const std::vector<store::Store::ReviewDecision>& decisions,
                   link::LinkOptions& options) {
  std::unordered_map<std::int64_t, std::uint32_t> index_of;
  for (std::size_t i = 0; i < input.ids.size(); ++i) index_of[input.ids[i]] = static_cast<std::uint32_t>(i);
  for (const auto& decision : decisions) {
    const auto a = index_of.find(decision.record_a);
    const auto b = index_of.find(decision.record_b);
    if (a == index_of.end() || b == index_of.end()) continue;
    (decision.same ? options.decided_same : options.decided_different).emplace_back(a->second, b->second);
  }
}

// Left undecided: pairs of different persons with a probability in [review_from, threshold), and the
// pairs at or above the threshold that a rule of clustering held apart (person_clusters.h), with the
// rule: a clerk should see both.
std::vector<store::Store::ReviewPair> review_queue(
    const LinkageInput& input, const link::ManyListsResult& result, const LinkSettings& settings,
    const std::vector<store::Store::ReviewDecision>& decisions) {
  // A pair an analyst has decided is not asked again.
  std::set<std::pair<std::int64_t, std::int64_t>> decided;
  for (const auto& decision : decisions) decided.insert({decision.record_a, decision.record_b});
  const auto& cluster = result.cluster;
  std::map<std::uint32_t, std::set<std::uint32_t>> lists_of_person;
  for (std::size_t i = 0; i < cluster.size(); ++i)
    lists_of_person[cluster[i]].insert(input.list_of_record[i]);
  const auto share_a_list = [&](std::uint32_t x, std::uint32_t y) {
    const auto& a = lists_of_person[cluster[x]];
    const auto& b = lists_of_person[cluster[y]];
    return std::any_of(a.begin(), a.end(), [&](std::uint32_t list) { return b.count(list) > 0; });
  };
  std::vector<store::Store::ReviewPair> review;
  for (const auto& pair : result.scored) {
    if (pair.probability < settings.review_from || cluster[pair.a] == cluster[pair.b]) continue;
    const std::int64_t id_a = input.ids[pair.a];
    const std::int64_t id_b = input.ids[pair.b];
    if (decided.contains({std::min(id_a, id_b), std::max(id_a, id_b)})) continue;
    std::string held_apart;
    if (pair.probability >= settings.threshold) {
      const bool one_list = input.list_of_record[pair.a] == input.list_of_record[pair.b];
      held_apart = one_list ? "one list: duplicates need joint evidence of 0.95"
                   : share_a_list(pair.a, pair.b)
                       ? "their persons share a list"
                       : "a birth date or sex of the persons' records differs, or two of their records "
                         "give birth days beyond one slip (docs/linkage.md)";
    }
    review.push_back({input.ids[pair.a], input.ids[pair.b], pair.probability, pair.weight, held_apart});
  }
  return review;
}

}  // namespace

LinkRun run_linkage(const Workspace& workspace, const LinkSettings& settings) {
  const auto phase = [&](const std::string& name) {
    if (settings.on_phase) settings.on_phase(name);
  };
  auto store = workspace.open_store();
  const CaseComparer comparisons(workspace);
  const auto& comparer = comparisons.comparer();
  const auto input = read_linkage_input(store, comparer);
  if (input.ids.empty()) throw core::UserError("there are no records to link", "import agency batches first");
  phase("reading and preparing records");

  // Blocking, training and prediction, clustering: link::link_lists runs the three phases
  // (block_within, train_and_predict, cluster_predictions) and names each as it ends.
  link::LinkOptions options;
  options.threshold = settings.threshold;
  options.training = link::case_training_rules();
  options.threads = settings.threads;
  options.on_step = phase;
  const auto decisions = store.review_decisions();
  add_decisions(input, decisions, options);
  link::FellegiSunter model(comparer.specs());
  const auto result = link::link_lists(input.prepared, input.list_of_record, link::case_blocking_rules(),
                                       model, comparer, options);
  const auto& cluster = result.cluster;

  LinkRun run;
  run.records = input.ids.size();
  run.lists = input.lists.size();
  run.candidates = result.candidates;
  run.prior = result.em.prior;
  run.threshold = settings.threshold;
  run.review_from = settings.review_from;
  run.blocking = result.blocking;
  // Comparisons of fields fewer than two records hold were never made; their rows would only show the
  // untrained starting values.
  std::vector<int> holding(comparer.comparisons().size(), 0);
  for (const auto& record : input.prepared) {
    for (std::size_t k = 0; k < holding.size(); ++k)
      holding[k] += ((record.present() >> k) & 1U) != 0 ? 1 : 0;
  }
  std::vector<bool> compared(holding.size());
  for (std::size_t k = 0; k < holding.size(); ++k) compared[k] = holding[k] >= 2;
  run.weights = level_weights(model, compared);
  std::map<std::uint32_t, std::set<std::uint32_t>> lists_of_person;
  for (std::size_t i = 0; i < input.ids.size(); ++i)
    lists_of_person[cluster[i]].insert(input.list_of_record[i]);
  run.persons = lists_of_person.size();
  for (const auto& [root, lists] : lists_of_person) ++run.persons_by_list_count[lists.size()];

  store::Store::LinkRun stored;
  stored.persons = named_persons(input, result);
  stored.review = review_queue(input, result, settings, decisions);
  run.to_review = stored.review.size();
  stored.model_json = link::model_to_json(model, result.frequencies, result.blocking);
  const nlohmann::json detail = {{"records", run.records},
                                 {"persons", run.persons},
                                 {"candidates", run.candidates},
                                 {"threshold", run.threshold},
                                 {"prior", run.prior}};
  store.replace_link_run(stored, workspace.audit_actor(), detail.dump());
  phase("storing persons");
  return run;
}

}  // namespace clearpoint::pipeline
