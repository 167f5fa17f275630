#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "pipeline/linkage.h"
#include "pipeline/linkage_evaluation.h"
#include "pipeline/linkage_review.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {

struct LinkArgs {
  pipeline::LinkSettings settings;
  std::string truth;
  std::string by;                   // eval: a truth column to break recall down by
  std::vector<std::string> pair;    // explain: two record references
  std::int64_t limit = 50;          // review: rows shown
  std::vector<std::string> decide;  // review --decide A B same|different
  bool decisions = false;           // review --decisions
  bool timings = false;
};

// Wall time of each phase of a run, printed at its end with --timings.
class PhaseTimer {
 public:
  void phase(const std::string& name) {
    const auto now = std::chrono::steady_clock::now();
    rows_.push_back(std::vector<std::string>{
        name, fmt::format("{:.2f}", std::chrono::duration<double>(now - last_).count())});
    last_ = now;
  }
  void print() const { render::print_table(std::cout, {"step", "seconds"}, rows_); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::vector<std::string>> rows_;
};

void print_run(const pipeline::LinkRun& run) {
  fmt::print("{} records in {} lists linked into {} persons ({} candidate pairs, prior {:.4f})\n",
             run.records, run.lists, run.persons, run.candidates, run.prior);
  std::vector<std::vector<std::string>> rows;
  for (const auto& [n, count] : run.persons_by_list_count)
    rows.push_back({std::to_string(n), std::to_string(count)});
  render::print_table(std::cout, {"lists a person is on", "persons"}, rows);
  fmt::print(
      "{} pairs of different persons with probability from {} (below {}, or above it and held apart by a "
      "rule) "
      "are left for clerical review "
      "(`clearpoint link review`)\n",
      run.to_review, run.review_from, run.threshold);

  std::vector<std::vector<std::string>> blocking;
  for (const auto& b : run.blocking) {
    // The bound as applied: a rule with a pair budget raises it on small lists (docs/linkage.md).
    blocking.push_back(std::vector<std::string>{b.rule, std::to_string(b.pairs), std::to_string(b.new_pairs),
                                                b.bound == 0 ? "none" : std::to_string(b.bound),
                                                std::to_string(b.skipped_buckets),
                                                std::to_string(b.skipped_records)});
  }
  render::print_table(
      std::cout,
      {"blocking rule", "pairs", "new pairs", "bucket bound", "buckets too large", "records in them"},
      blocking);
  // The trained model, so a reader can see why pairs scored as they did (docs/linkage.md).
  std::vector<std::vector<std::string>> weights;
  for (std::size_t i = 0; i < run.weights.size(); ++i) {
    const auto& w = run.weights[i];
    const bool first_level = i == 0 || run.weights[i - 1].comparison != w.comparison;
    weights.push_back({first_level ? w.comparison : "", w.level, fmt::format("{:.4f}", w.m),
                       fmt::format("{:.5f}", w.u), fmt::format("{:+.2f}", w.weight_bits)});
  }
  render::print_table(std::cout, {"comparison", "level", "m", "u", "weight (bits)"}, weights);
}

void run_link(const GlobalOptions& options, LinkArgs& args) {
  PhaseTimer timer;
  args.settings.on_phase = [&timer](const std::string& name) { timer.phase(name); };
  print_run(pipeline::run_linkage(options, args.settings));
  if (args.timings) timer.print();
}

void explain(const GlobalOptions& options, const std::vector<std::string>& references) {
  const auto e = pipeline::explain_pair(options, references[0], references[1]);
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : e.comparisons) {
    if (c.missing && c.value_a.empty() && c.value_b.empty()) continue;  // a field neither record holds
    if (c.missing) {
      rows.push_back({c.name, c.value_a, c.value_b, "missing: no evidence either way", "", "", "+0.00"});
      continue;
    }
    rows.push_back({c.name, c.value_a, c.value_b, c.level, fmt::format("{:.4f}", c.m),
                    fmt::format("{:.5f}", c.u), fmt::format("{:+.2f}", c.weight_bits)});
  }
  rows.push_back({"name frequencies", "", "", "how common the agreeing names are, alone and together", "", "",
                  fmt::format("{:+.2f}", e.name_adjustment_bits)});
  fmt::print("{} and {}\n", references[0], references[1]);
  render::print_table(std::cout, {"comparison", "A", "B", "level", "m", "u", "weight (bits)"}, rows);
  fmt::print("match weight {:+.2f} bits: the pattern is {:.3g} times as likely for one person as for two\n",
             e.weight_bits, std::exp2(e.weight_bits));
  fmt::print("probability {:.4f} for the pair alone (prior {:.4f} among candidate pairs){}\n",
             e.pairwise_probability, e.prior,
             e.queued_probability
                 ? fmt::format("; {:.4f} with the other candidates on their lists (clerical-review queue)",
                               *e.queued_probability)
                 : "");
  if (e.blocking_rules.empty()) {
    fmt::print("blocking: no blocking rule pairs them, so `clearpoint link` never compared them\n");
  } else {
    fmt::print("blocking: compared under {}\n", fmt::join(e.blocking_rules, "; "));
  }
  if (!e.blocking_over_bound.empty()) {
    fmt::print(
        "blocking: they share a key under {}, but a bucket that large pairs nobody under its rule "
        "(docs/linkage.md, \"Blocking and how to tune it\")\n",
        fmt::join(e.blocking_over_bound, "; "));
  }
  for (const auto& rule : e.rules) fmt::print("rule: {}\n", rule);
  if (e.same_person()) {
    fmt::print("the last `clearpoint link` made them one person: {}\n", e.person_a);
  } else {
    fmt::print(
        "the last `clearpoint link` kept them apart ({} and {}); whether two records are linked also "
        "depends on their other candidates on the same lists (docs/linkage.md)\n",
        e.person_a.empty() ? "not linked" : e.person_a, e.person_b.empty() ? "not linked" : e.person_b);
  }
}

void review(const GlobalOptions& options, std::int64_t limit) {
  const auto queue = pipeline::review_queue(options, limit);
  std::vector<std::vector<std::string>> rows;
  for (const auto& pair : queue.pairs) {
    rows.push_back({pair.record_a, pair.record_b, fmt::format("{:.3f}", pair.probability),
                    fmt::format("{:+.2f}", pair.weight_bits), pair.person_a, pair.person_b,
                    pair.held_apart.empty() ? "below the threshold" : "held apart: " + pair.held_apart});
  }
  fmt::print("{} pairs left for clerical review, most probable first{}\n", queue.total,
             static_cast<std::int64_t>(queue.total) > limit ? fmt::format(" (the first {})", limit) : "");
  render::print_table(
      std::cout,
      {"record A", "record B", "probability", "weight (bits)", "person of A", "person of B", "why undecided"},
      rows);
  fmt::print("`clearpoint link explain A B` shows why a pair scored as it did\n");
}

void decide(const GlobalOptions& options, const std::vector<std::string>& decision) {
  const std::string& verdict = decision[2];
  if (verdict != "same" && verdict != "different") {
    throw core::UserError("a decision is `same` or `different`",
                          "for example: clearpoint link review --decide A B same");
  }
  pipeline::decide_pair(options, decision[0], decision[1], verdict == "same");
  fmt::print("decided: {} — the next `clearpoint link` {} (the persons stored now change then)\n", verdict,
             verdict == "same" ? "joins the two records into one person" : "keeps the two records apart");
}

void list_decisions(const GlobalOptions& options) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : pipeline::pair_decisions(options))
    rows.push_back({d.record_a, d.record_b, d.same ? "same" : "different", d.decided_by, d.decided_at});
  if (rows.empty()) {
    fmt::print("no pairs decided yet — `clearpoint link review --decide A B same|different`\n");
    return;
  }
  render::print_table(std::cout, {"record A", "record B", "decision", "by", "when"}, rows);
}

void evaluate(const GlobalOptions& options, const std::string& truth_path, const std::string& by) {
  const auto e = pipeline::evaluate_linkage(options, truth_path, by);
  fmt::print("{} records checked against {}\n", e.records, truth_path);
  render::print_table(std::cout, {"measure", "value"},
                      {{"persons found", std::to_string(e.persons_found)},
                       {"true persons", std::to_string(e.true_persons)},
                       {"pairs found", std::to_string(e.pairs_found)},
                       {"true pairs", std::to_string(e.true_pairs)},
                       {"pairwise precision", fmt::format("{:.4f}", e.quality.precision())},
                       {"pairwise recall", fmt::format("{:.4f}", e.quality.recall())},
                       {"pairwise F1", fmt::format("{:.4f}", e.quality.f1())}});
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : e.blocking) {
    rows.push_back(std::vector<std::string>{r.rule, std::to_string(r.new_pairs),
                                            fmt::format("{:.4f}", r.alone),
                                            fmt::format("{:.4f}", r.with_rules_above)});
  }
  fmt::print("blocking: pair completeness on the {} true pairs\n", e.true_pairs);
  render::print_table(std::cout, {"blocking rule", "new pairs", "completeness alone", "with the rules above"},
                      rows);
  if (!e.by.empty()) {
    std::vector<std::vector<std::string>> groups;
    for (const auto& g : e.by_value) {
      groups.push_back({g.value.empty() ? "(empty)" : g.value, std::to_string(g.true_pairs),
                        std::to_string(g.found), fmt::format("{:.4f}", g.recall())});
    }
    fmt::print("recall of the true pairs whose records differ in '{}', by each record's value\n", e.by);
    render::print_table(std::cout, {e.by, "true pairs", "found", "recall"}, groups);
  }
}

}  // namespace

void add_link_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<LinkArgs>();
  auto* command = app.add_subcommand("link",
                                     "Link the stored records into persons, within and across lists "
                                     "(docs/linkage.md)");
  command->require_subcommand(0, 1);
  command
      ->add_option("--threshold", args->settings.threshold,
                   "Match probability at which two records are one person")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--threads", args->settings.threads, "Threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--timings", args->timings, "Print the wall time of each step");
  auto* eval = command->add_subcommand(
      "eval", "Pairwise precision, recall and F1 of the stored persons against truth");
  eval->add_option("--truth", args->truth,
                   "Truth file: simulate's truth.csv, or any CSV with person_id, agency, list and record_id "
                   "columns (docs/linkage.md)")
      ->required()
      ->check(CLI::ExistingFile);
  eval->add_option("--by", args->by,
                   "A truth column to break recall down by (e.g. spelling, birth_date_form)");
  eval->callback([&options, args] { evaluate(options, args->truth, args->by); });
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
  review_command
      ->add_option("--decide", args->decide,
                   "Decide a pair: A B same|different (kept for every later link; the pair leaves the queue)")
      ->expected(3);
  review_command->add_flag("--decisions", args->decisions, "List the pairs decided so far");
  review_command->callback([&options, args] {
    if (!args->decide.empty()) {
      decide(options, args->decide);
    } else if (args->decisions) {
      list_decisions(options);
    } else {
      review(options, args->limit);
    }
  });
  command->callback([&options, args, command] {
    if (command->get_subcommands().empty()) run_link(options, *args);
  });
}

}  // namespace clearpoint::cli
