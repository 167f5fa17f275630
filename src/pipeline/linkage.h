// Linkage as a use case: the stored records linked into persons, in the phases Splink names — settings,
// the records prepared for comparison (read_linkage_input), then blocking, training and prediction, and
// clustering (link::link_lists, whose phases block_within, train_and_predict and cluster_predictions are
// library functions of their own), the persons named, and the review queue — then stored with the trained
// model, whose m, u, prior and name-frequency tables are everything `link explain` needs to reproduce a
// decision.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "link/blocking.h"
#include "link/fellegi_sunter.h"
#include "link/linker.h"
#include "link/name_normaliser.h"
#include "link/pair_comparer.h"
#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

struct LinkSettings {
  double threshold = 0.5;    // match probability at which two records are one person
  double review_from = 0.3;  // pairs of different persons from here to the threshold go to clerical review
  int threads = 0;           // as core::thread_count: 0 is every core; the persons do not depend on it
  // Hears each phase as it ends ("reading and preparing records", "blocking", …, "storing persons").
  std::function<void(const std::string& phase)> on_phase;
};

// The comparisons of case linkage with the normaliser they need, built once from the data folder.
class CaseComparer {
 public:
  explicit CaseComparer(const Workspace& workspace);
  const link::PairComparer& comparer() const { return *comparer_; }

 private:
  std::unique_ptr<link::NameNormaliser> normaliser_;
  std::unique_ptr<link::PairComparer> comparer_;
};

// Phase 1: the stored records as linkage reads them, in store order.
struct LinkageInput {
  std::vector<std::int64_t> ids;               // the store's row ids
  std::vector<link::PreparedRecord> prepared;  // compared fields, prepared once per distinct text
  std::vector<std::uint32_t> list_of_record;   // index into `lists`
  std::vector<std::string> lists;              // AGENCY/LIST, in order of first appearance
};
LinkageInput read_linkage_input(const store::Store& store, const link::PairComparer& comparer);

// One level of one comparison of the trained model: what agreeing at that level weighs.
struct LevelWeight {
  std::string comparison;
  std::string level;
  double m = 0;
  double u = 0;
  double weight_bits = 0;  // log2(m / u)
};
// `compared`: per comparison, whether any pair was compared on it (the rows of the others are left out).
std::vector<LevelWeight> level_weights(const link::FellegiSunter& model,
                                       const std::vector<bool>& compared = {});

// What a linkage run found and stored.
struct LinkRun {
  std::size_t records = 0;
  std::size_t lists = 0;
  std::size_t persons = 0;
  std::int64_t candidates = 0;
  double prior = 0;
  double threshold = 0;
  double review_from = 0;
  std::map<std::size_t, std::int64_t> persons_by_list_count;  // lists a person is on → persons
  std::size_t to_review = 0;
  std::vector<link::BlockingReport> blocking;
  std::vector<LevelWeight> weights;  // every level of every comparison, strongest level first
};

// Links every stored record and replaces the stored persons, review queue and model. Throws
// core::UserError when there is nothing to link.
LinkRun run_linkage(const Workspace& workspace, const LinkSettings& settings);

}  // namespace clearpoint::pipeline
