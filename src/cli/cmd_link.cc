#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/record_reference.h"
#include "cli/table.h"
#include "io/csv_reader.h"
#include "io/reference_data.h"
#include "link/case_linkage.h"
#include "link/model_json.h"

namespace clearpoint::cli {

namespace {

struct LinkArgs {
  double threshold = 0.5;
  double review_from = 0.3;
  std::string truth;
  std::vector<std::string> pair;  // explain: two record references
  std::int64_t limit = 50;        // review: rows shown
  bool timings = false;
};

// Wall time of each step of a run, printed at its end with --timings.
class StepTimer {
 public:
  void step(const std::string& name) {
    const auto now = std::chrono::steady_clock::now();
    rows_.push_back(std::vector<std::string>{
        name, fmt::format("{:.2f}", std::chrono::duration<double>(now - last_).count())});
    last_ = now;
  }
  void print() const { print_table(std::cout, {"step", "seconds"}, rows_); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::vector<std::string>> rows_;
};

void run_link(const GlobalOptions& options, const LinkArgs& args) {
  StepTimer timer;
  auto store = open_store(options);
  const auto normaliser = link::NameNormaliser::load(io::find_data_dir(options.data_dir));
  const link::PairComparer comparer(link::case_comparisons(), normaliser);
  std::vector<std::int64_t> ids;
  std::vector<link::PreparedRecord> prepared;
  std::vector<std::uint32_t> list_of_record;
  std::map<std::string, std::uint32_t> list_index;
  link::RecordPreparer preparer(comparer);
  store.for_each_record_with_id(
      {},
      [&](std::int64_t id, const records::CaseRecord& r) {
        ids.push_back(id);
        prepared.push_back(preparer.prepare(link::case_linkage_row(r)));
        const auto [it, fresh] =
            list_index.try_emplace(r.agency + "/" + r.list, static_cast<std::uint32_t>(list_index.size()));
        list_of_record.push_back(it->second);
      },
      link::case_linkage_fields());
  if (ids.empty()) throw core::UserError("there are no records to link", "import agency batches first");
  timer.step("reading and preparing records");
  link::FellegiSunter model(comparer.specs());
  link::LinkOptions link_options;
  link_options.threshold = args.threshold;
  link_options.training = link::case_training_rules();
  link_options.on_step = [&timer](const std::string& name) { timer.step(name); };
  const auto result =
      link::link_lists(prepared, list_of_record, link::case_blocking_rules(), model, comparer, link_options);
  const auto& cluster = result.cluster;
  std::vector<std::pair<std::int64_t, std::string>> persons;
  std::map<std::uint32_t, std::set<std::uint32_t>> lists_of_person;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // A person is named after its earliest record, so the name survives new batches that join it.
    persons.emplace_back(ids[i], fmt::format("P{:08}", ids[cluster[i]]));
    lists_of_person[cluster[i]].insert(list_of_record[i]);
  }
  store::Store::LinkRun run;
  run.persons = persons;
  for (const auto& pair : result.scored) {
    // Left undecided: below the threshold but not clearly different, and not already one person.
    if (pair.probability < args.review_from || pair.probability >= args.threshold) continue;
    if (cluster[pair.a] == cluster[pair.b]) continue;
    run.review.push_back({ids[pair.a], ids[pair.b], pair.probability, pair.weight});
  }
  const auto to_review = run.review.size();
  run.model_json = link::model_to_json(model);
  nlohmann::json detail = {{"records", ids.size()},
                           {"persons", lists_of_person.size()},
                           {"candidates", result.candidates},
                           {"threshold", args.threshold},
                           {"prior", result.em.prior}};
  store.replace_link_run(run, actor(options), detail.dump());
  timer.step("storing persons");

  fmt::print("{} records in {} lists linked into {} persons ({} candidate pairs, prior {:.4f})\n", ids.size(),
             list_index.size(), lists_of_person.size(), result.candidates, result.em.prior);
  std::map<std::size_t, std::int64_t> by_lists;
  for (const auto& [root, lists] : lists_of_person) ++by_lists[lists.size()];
  std::vector<std::vector<std::string>> rows;
  for (const auto& [n, count] : by_lists) rows.push_back({std::to_string(n), std::to_string(count)});
  print_table(std::cout, {"lists a person is on", "persons"}, rows);
  fmt::print(
      "{} pairs of different persons with probability in [{}, {}) are left for clerical review "
      "(`clearpoint link review`)\n",
      to_review, args.review_from, args.threshold);
  std::vector<std::vector<std::string>> blocking;
  for (const auto& b : result.blocking) {
    blocking.push_back(std::vector<std::string>{b.rule, std::to_string(b.pairs), std::to_string(b.new_pairs),
                                                std::to_string(b.skipped_buckets),
                                                std::to_string(b.skipped_records)});
  }
  print_table(std::cout, {"blocking rule", "pairs", "new pairs", "buckets too large", "records in them"},
              blocking);
  // The trained model, so a reader can see why pairs scored as they did (docs/linkage.md).
  std::vector<std::vector<std::string>> weights;
  const auto specs = comparer.specs();
  for (std::size_t k = 0; k < specs.size(); ++k) {
    for (std::size_t l = model.m()[k].size(); l-- > 0;) {
      weights.push_back({l + 1 == model.m()[k].size() ? specs[k].name : "", specs[k].level_names[l],
                         fmt::format("{:.4f}", model.m()[k][l]), fmt::format("{:.5f}", model.u()[k][l]),
                         fmt::format("{:+.2f}", std::log2(model.m()[k][l] / model.u()[k][l]))});
    }
  }
  print_table(std::cout, {"comparison", "level", "m", "u", "weight (bits)"}, weights);
  if (args.timings) timer.print();
}

// The stored model and the records prepared as `link` prepared them (for the name frequencies).
struct Replay {
  std::unique_ptr<link::NameNormaliser> normaliser;
  std::unique_ptr<link::PairComparer> comparer;
  std::unique_ptr<link::FellegiSunter> model;
  std::vector<link::PreparedRecord> all;
};

Replay replay(const GlobalOptions& options, const store::Store& store) {
  const auto json = store.link_model();
  if (json.empty()) throw core::UserError("nothing has been linked yet", "run `clearpoint link` first");
  Replay r;
  r.normaliser =
      std::make_unique<link::NameNormaliser>(link::NameNormaliser::load(io::find_data_dir(options.data_dir)));
  r.comparer = std::make_unique<link::PairComparer>(link::case_comparisons(), *r.normaliser);
  r.model = std::make_unique<link::FellegiSunter>(r.comparer->specs());
  link::model_from_json(*r.model, json);
  link::RecordPreparer preparer(*r.comparer);
  store.for_each_record_with_id(
      {},
      [&](std::int64_t, const records::CaseRecord& record) {
        r.all.push_back(preparer.prepare(link::case_linkage_row(record)));
      },
      link::case_linkage_fields());
  return r;
}

std::string person_of(const store::Store& store, std::int64_t id) {
  for (const auto& [record, person] : store.persons()) {
    if (record == id) return person;
  }
  return "";
}

void explain(const GlobalOptions& options, const std::vector<std::string>& references) {
  const auto store = open_store(options);
  const auto a = find_record(store, references[0],
                             "link explain MUP-RS/victims/2004/00017 NGO-RS/shelter/NGO-RS-000123");
  const auto b = find_record(store, references[1],
                             "link explain MUP-RS/victims/2004/00017 NGO-RS/shelter/NGO-RS-000123");
  const auto r = replay(options, store);
  const auto row_a = link::case_linkage_row(a.record);
  const auto row_b = link::case_linkage_row(b.record);
  const auto x = r.comparer->prepare(row_a);
  const auto y = r.comparer->prepare(row_b);
  const auto pattern = r.comparer->compare(x, y);
  const auto specs = r.comparer->specs();
  const auto& comparisons = r.comparer->comparisons();
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const auto& column = comparisons[k].column;
    if (pattern[k] == link::kMissing) {
      rows.push_back(
          {specs[k].name, row_a[column], row_b[column], "missing: no evidence either way", "", "", "+0.00"});
      continue;
    }
    const auto l = static_cast<std::size_t>(pattern[k]);
    rows.push_back({specs[k].name, row_a[column], row_b[column], specs[k].level_names[l],
                    fmt::format("{:.4f}", r.model->m()[k][l]), fmt::format("{:.5f}", r.model->u()[k][l]),
                    fmt::format("{:+.2f}", std::log2(r.model->m()[k][l] / r.model->u()[k][l]))});
  }
  const auto frequency = link::name_frequencies(*r.comparer, {&r.all});
  const double adjustment = link::frequency_adjustment(*r.model, frequency, x, pattern);
  const double weight = r.model->match_weight(pattern) + adjustment;
  rows.push_back({"name frequencies", "", "", "how common the agreeing names are", "", "",
                  fmt::format("{:+.2f}", adjustment)});
  fmt::print("{} and {}\n", references[0], references[1]);
  print_table(std::cout, {"comparison", "A", "B", "level", "m", "u", "weight (bits)"}, rows);
  fmt::print("match weight {:+.2f} bits: the pattern is {:.3g} times as likely for one person as for two\n",
             weight, std::exp2(weight));
  const auto person_a = person_of(store, a.id);
  const auto person_b = person_of(store, b.id);
  if (!person_a.empty() && person_a == person_b) {
    fmt::print("the last `clearpoint link` made them one person: {}\n", person_a);
  } else {
    fmt::print(
        "the last `clearpoint link` kept them apart ({} and {}); whether two records are linked also "
        "depends on their other candidates on the same lists (docs/linkage.md)\n",
        person_a.empty() ? "not linked" : person_a, person_b.empty() ? "not linked" : person_b);
  }
}

void review(const GlobalOptions& options, std::int64_t limit) {
  const auto store = open_store(options);
  if (store.link_model().empty())
    throw core::UserError("nothing has been linked yet", "run `clearpoint link` first");
  const auto pairs = store.review_pairs();
  std::map<std::int64_t, std::string> reference;
  std::map<std::int64_t, std::string> person;
  for (const auto& [record, p] : store.persons()) person[record] = p;
  store.for_each_record_with_id(
      {}, [&](std::int64_t id, const records::CaseRecord& record) { reference[id] = reference_of(record); });
  std::vector<std::vector<std::string>> rows;
  for (const auto& pair : pairs) {
    if (static_cast<std::int64_t>(rows.size()) >= limit) break;
    rows.push_back({reference[pair.record_a], reference[pair.record_b],
                    fmt::format("{:.3f}", pair.probability), fmt::format("{:+.2f}", pair.weight),
                    person[pair.record_a], person[pair.record_b]});
  }
  fmt::print("{} pairs left for clerical review, most probable first{}\n", pairs.size(),
             static_cast<std::int64_t>(pairs.size()) > limit ? fmt::format(" (the first {})", limit) : "");
  print_table(std::cout,
              {"record A", "record B", "probability", "weight (bits)", "person of A", "person of B"}, rows);
  fmt::print("`clearpoint link explain A B` shows why a pair scored as it did\n");
}

// Pair completeness of each blocking rule on the true pairs: the share a rule pairs on its own, and the
// share the union of the rules up to it reaches (buckets over a rule's bound pair nobody, as in `link`).
void print_blocking_completeness(const std::vector<link::PreparedRecord>& prepared,
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
    return fmt::format("{:.4f}",
                       true_pairs == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(true_pairs));
  };
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    rows.push_back(std::vector<std::string>{rules[r].name, std::to_string(reports[r].new_pairs),
                                            share(alone[r]), share(so_far[r])});
  }
  fmt::print("blocking: pair completeness on the {} true pairs\n", true_pairs);
  print_table(std::cout, {"blocking rule", "new pairs", "completeness alone", "with the rules above"}, rows);
}

void evaluate(const GlobalOptions& options, const std::string& truth_path) {
  const auto store = open_store(options);
  std::map<std::string, std::string> true_person;  // agency/list/record_id → person
  io::CsvReader truth(truth_path, {});
  io::CsvRow row;
  truth.next(row);
  if (row.fields.size() < 4 || row.fields[0] != "person_id") {
    throw core::UserError(fmt::format("{} is not a truth.csv written by clearpoint simulate", truth_path),
                          "give the truth.csv from the folder the linked batches came from");
  }
  while (truth.next(row)) {
    if (!row.fields[1].empty())
      true_person[row.fields[1] + "/" + row.fields[2] + "/" + row.fields[3]] = row.fields[0];
  }
  std::map<std::int64_t, std::string> found;
  for (const auto& [record, person] : store.persons()) found[record] = person;
  if (found.empty()) throw core::UserError("no persons are stored", "run `clearpoint link` first");
  std::map<std::string, std::map<std::string, std::int64_t>> table;  // found person → true person → records
  std::map<std::string, std::int64_t> per_true;
  std::map<std::string, std::vector<std::uint32_t>> records_of_true;  // for the blocking report
  const auto normaliser = link::NameNormaliser::load(io::find_data_dir(options.data_dir));
  const link::PairComparer comparer(link::case_comparisons(), normaliser);
  std::vector<link::PreparedRecord> prepared;
  link::RecordPreparer preparer(comparer);
  std::int64_t records = 0;
  store.for_each_record_with_id(
      {},
      [&](std::int64_t id, const records::CaseRecord& r) {
        const auto index = static_cast<std::uint32_t>(prepared.size());
        prepared.push_back(preparer.prepare(link::case_linkage_row(r)));
        const auto t = true_person.find(r.agency + "/" + r.list + "/" + r.record_id);
        const auto f = found.find(id);
        if (t == true_person.end() || f == found.end()) return;
        ++table[f->second][t->second];
        ++per_true[t->second];
        records_of_true[t->second].push_back(index);
        ++records;
      },
      link::case_linkage_fields());
  const auto pairs = [](std::int64_t n) { return n * (n - 1) / 2; };
  link::PairwiseQuality q;
  std::int64_t predicted = 0;
  for (const auto& [person, truths] : table) {
    std::int64_t size = 0;
    for (const auto& [t, n] : truths) {
      q.true_positives += pairs(n);
      size += n;
    }
    predicted += pairs(size);
  }
  std::int64_t actual = 0;
  for (const auto& [t, n] : per_true) actual += pairs(n);
  q.false_positives = predicted - q.true_positives;
  q.false_negatives = actual - q.true_positives;
  fmt::print("{} records checked against {}\n", records, truth_path);
  print_table(std::cout, {"measure", "value"},
              {{"persons found", std::to_string(table.size())},
               {"true persons", std::to_string(per_true.size())},
               {"pairs found", std::to_string(predicted)},
               {"true pairs", std::to_string(actual)},
               {"pairwise precision", fmt::format("{:.4f}", q.precision())},
               {"pairwise recall", fmt::format("{:.4f}", q.recall())},
               {"pairwise F1", fmt::format("{:.4f}", q.f1())}});
  print_blocking_completeness(prepared, records_of_true);
}

}  // namespace

void add_link_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<LinkArgs>();
  auto* command = app.add_subcommand("link",
                                     "Link the stored records into persons, within and across lists "
                                     "(docs/linkage.md)");
  command->require_subcommand(0, 1);
  command->add_option("--threshold", args->threshold, "Match probability at which two records are one person")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  command->add_flag("--timings", args->timings, "Print the wall time of each step");
  auto* eval = command->add_subcommand(
      "eval", "Pairwise precision, recall and F1 of the stored persons against truth");
  eval->add_option("--truth", args->truth, "truth.csv of the simulation the records came from")
      ->required()
      ->check(CLI::ExistingFile);
  eval->callback([&options, args] { evaluate(options, args->truth); });
  auto* explain_command = command->add_subcommand(
      "explain", "Why two records scored as they did: each comparison's level, m, u and weight");
  explain_command->add_option("records", args->pair, "Two records as AGENCY/LIST/RECORD_ID")
      ->required()
      ->expected(2);
  explain_command->callback([&options, args] { explain(options, args->pair); });
  auto* review_command =
      command->add_subcommand("review", "The pairs the last link left undecided, for clerical review");
  review_command->add_option("--limit", args->limit, "Rows shown")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  review_command->callback([&options, args] { review(options, args->limit); });
  command->callback([&options, args, command] {
    if (command->get_subcommands().empty()) run_link(options, *args);
  });
}

}  // namespace clearpoint::cli
