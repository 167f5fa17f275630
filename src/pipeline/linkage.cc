#include "pipeline/linkage.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

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

std::vector<LevelWeight> level_weights(const link::FellegiSunter& model) {
  std::vector<LevelWeight> weights;
  const auto& specs = model.specs();
  for (std::size_t k = 0; k < specs.size(); ++k) {
    for (std::size_t l = model.m()[k].size(); l-- > 0;) {
      weights.push_back({specs[k].name, specs[k].level_names[l], model.m()[k][l], model.u()[k][l],
                         std::log2(model.m()[k][l] / model.u()[k][l])});
    }
  }
  return weights;
}

namespace {

// Clustering's persons named: a person is named after its earliest record, so the name survives new
// batches that join it.
std::vector<std::pair<std::int64_t, std::string>> named_persons(const LinkageInput& input,
                                                                const std::vector<std::uint32_t>& cluster) {
  std::vector<std::pair<std::int64_t, std::string>> persons;
  persons.reserve(input.ids.size());
  for (std::size_t i = 0; i < input.ids.size(); ++i) {
    persons.emplace_back(input.ids[i], fmt::format("P{:08}", input.ids[cluster[i]]));
  }
  return persons;
}

// Left undecided: below the threshold but not clearly different, and not already one person.
std::vector<store::Store::ReviewPair> review_queue(const LinkageInput& input,
                                                   const link::ManyListsResult& result,
                                                   const LinkSettings& settings) {
  std::vector<store::Store::ReviewPair> review;
  for (const auto& pair : result.scored) {
    if (pair.probability < settings.review_from || pair.probability >= settings.threshold) continue;
    if (result.cluster[pair.a] == result.cluster[pair.b]) continue;
    review.push_back({input.ids[pair.a], input.ids[pair.b], pair.probability, pair.weight});
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
  run.weights = level_weights(model);
  std::map<std::uint32_t, std::set<std::uint32_t>> lists_of_person;
  for (std::size_t i = 0; i < input.ids.size(); ++i)
    lists_of_person[cluster[i]].insert(input.list_of_record[i]);
  run.persons = lists_of_person.size();
  for (const auto& [root, lists] : lists_of_person) ++run.persons_by_list_count[lists.size()];

  store::Store::LinkRun stored;
  stored.persons = named_persons(input, cluster);
  stored.review = review_queue(input, result, settings);
  run.to_review = stored.review.size();
  stored.model_json = link::model_to_json(model, result.frequencies);
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
