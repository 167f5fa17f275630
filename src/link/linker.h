// Linker: finds the same person within and across lists with blocking, a Fellegi–Sunter model trained
// without labels, competing probabilities and clustering. link_lists is the one engine: `clearpoint
// link` calls it (through pipeline::run_linkage), and so do the gates on FEBRL and simulated lists.
//
// Steps, each inspectable:
//   1. blocking (blocking.h): a union of rules, each a key built from prepared fields; pairs sharing a
//      key under any rule are candidates, buckets over a rule's bound pair nobody;
//   2. u-probabilities from random pairs; m-probabilities by EM over unique patterns in one session per
//      training rule (LinkOptions::training, else the blocking rules), leaving out the comparisons that
//      rule's key fixes (they agree by construction), each comparison's m averaged over the sessions that
//      could learn it; the prior then by EM with m and u fixed, started from a deterministic rule (every
//      comparison at its top level);
//   3. each candidate pair's match probability, with agreement on a name weighed by how common that name
//      is in the two lists (term-frequency adjustment);
//   4. competing probabilities across lists (a person is at most once on a list after deduplication),
//      pairwise ones within a list (competing_matches.h);
//   5. persons: duplicates within a list on their clusters' joint evidence, then clusters across lists
//      in decreasing probability, never two records of one list, never two records held apart
//      (person_clusters.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "link/blocking.h"
#include "link/fellegi_sunter.h"
#include "link/pair_comparer.h"
#include "link/person_clusters.h"

namespace clearpoint::link {

struct LinkOptions {
  double threshold = 0.5;
  // Term-frequency adjustment of exact name agreement: two records that share a rare surname are far
  // stronger evidence than two that share the commonest one, so the u of "same skeleton" is replaced by
  // the skeleton's own frequency in the two lists (never below the model's u times 0.01).
  bool frequency_adjusted_names = true;
  int competing_rounds = 3;  // at most this many EM rounds of m under them (candidate_scoring.h)
  std::int64_t random_pairs = 200000;
  // Rules that select the candidate pairs m is trained on, one EM session each. Empty: the blocking rules.
  // Strong anchors train best (as Splink advises): pairs with the same date of birth to the day teach
  // the names' m, pairs with the same given name and surname teach the date's — a weak rule such as a
  // bare surname lets EM mistake "same common name" for "same person".
  std::vector<BlockingRule> training;
  std::uint64_t seed = 1;
  int threads = 0;  // as core::thread_count: 0 is every core; results do not depend on it
  // An analyst's decisions on pairs (record indexes): "same" pairs join one person whatever their scores
  // (unless that would put a person twice on one list, or join a pair decided "different"); "different"
  // pairs are never joined, not even through a chain of other links.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> decided_same;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> decided_different;
  // Called as each step ends ("blocking", "comparing and training", "competing probabilities",
  // "clustering"), so the CLI can say where the time goes.
  std::function<void(const std::string& step)> on_step;
};

// Term frequencies of the records being linked, stored with the model so that `link explain` weighs a
// pair as linking did.
struct NameFrequencies {
  // Per comparison: each skeleton's share of the records' names (empty for other comparisons).
  std::vector<std::unordered_map<std::string, double>> names;
  // Full names — given name and surname together — counted in persons told apart by birth day: for
  // each full name (the two skeletons joined by full_name_key) whose records give two or more full birth
  // dates, how many. Names of one nationality are drawn together, so a common combination is held far
  // more often than the two names' own frequencies multiply to, and its namesakes have to be counted.
  std::unordered_map<std::string, double> full_name_birth_days;
  double full_name_persons = 0;  // (full name, birth day) pairs over all records: the persons so counted
  // The comparisons of given name, surname and birth date; SIZE_MAX when the comparer has none.
  std::size_t given = SIZE_MAX;
  std::size_t surname = SIZE_MAX;
  std::size_t birth = SIZE_MAX;
};
NameFrequencies name_frequencies(const PairComparer& comparer,
                                 std::initializer_list<const std::vector<PreparedRecord>*> lists);
// The adjustment (bits) of agreeing at the top level on comparison k's name `skeleton`:
// log2(u / the name's own frequency), the frequency never taken below u/100; 0 for a name not counted.
double name_adjustment(const FellegiSunter& model, const NameFrequencies& frequency, std::size_t k,
                       const std::string& skeleton);
// What the full-name bound reads of a record, looked up once per record.
struct FullNameOf {
  double birth_days = 0;    // distinct full birth dates of the records with its full name (0: fewer than 2)
  std::uint64_t given = 0;  // the names' skeleton ids
  std::uint64_t surname = 0;
  std::int32_t birth_day = 0;  // its own full birth date (YYYYMMDD), 0 when not known to the day
};
FullNameOf full_name_of(const NameFrequencies& frequency, const PreparedRecord& record);
// The most a pair agreeing at the top level on both names may gain from them: log2(u_given · u_surname /
// the share of the other persons holding the full name), where the other persons are the full name's
// birth days less the pair's own (both records' full dates when they write the same full name, else one).
// +infinity when no other person holds it.
double full_name_bound(const FellegiSunter& model, const NameFrequencies& frequency, const FullNameOf& a,
                       const FullNameOf& b);
// The names' part of a pair's adjustment: `bits(k)`, the commoner name's adjustment, summed over the name
// comparisons `top_names` that agree at the top level, the given name and surname together at most
// full_name_bound. The one rule for `link` (per-record lookups) and `link explain` (frequency_adjustment).
template <class NameBits>
double agreeing_names_adjustment(const FellegiSunter& model, const NameFrequencies& frequency,
                                 const std::vector<std::size_t>& top_names, const NameBits& bits,
                                 const FullNameOf& a, const FullNameOf& b) {
  double adjustment = 0;
  double full_name = 0;
  int full_name_parts = 0;
  for (const auto k : top_names) {
    const double one = bits(k);
    if (k == frequency.given || k == frequency.surname) {
      full_name += one;
      ++full_name_parts;
    } else {
      adjustment += one;
    }
  }
  if (full_name_parts == 2) full_name = std::min(full_name, full_name_bound(model, frequency, a, b));
  return adjustment + full_name;
}
// The term-frequency adjustment (bits) of a pair: for each name agreeing at the top level, log2(u / the
// name's frequency), so a shared rare name weighs more than a common one. The commoner of the two
// records' names counts: a nickname (Vika) agrees with its formal name (Viktorija) at the top level, and
// the nickname's rarity is not evidence; nor is a surname's rarity among given names when a clerk wrote
// it in the given-name column and the comparer matched the names crosswise. When both the given name and
// the surname agree at the top level, their sum is at most full_name_bound.
double frequency_adjustment(const FellegiSunter& model, const NameFrequencies& frequency,
                            const PreparedRecord& a, const PreparedRecord& b, const Pattern& pattern);

inline constexpr double kKeptProbability = 1e-3;

struct ManyListsResult {
  std::vector<BlockingReport> blocking;
  std::int64_t candidates = 0;
  // Pairs a < b, within and across lists, with competing probabilities of at least kKeptProbability
  // (the others, most candidates in a large run, decide nothing and are only counted).
  std::vector<CandidatePair> scored;
  std::vector<std::uint32_t> cluster;  // per record: the smallest record index of its person
  EmReport em;
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> shared;  // persons on both lists, estimated
  NameFrequencies frequencies;  // the name tables that weighed agreeing names (stored for `link explain`)
};

// The phases of linking many lists, each a function whose result can be inspected (as Splink's
// blocking analysis, training, prediction and clustering are); link_lists runs them in turn.
//
// Blocking: candidate pairs within and across lists from the union of the rules, with the keys kept for
// the questions clustering asks ("were these two records compared?") and each rule's report.
struct BlockedCandidates {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  BlockingKeys keys;
  std::vector<BlockingReport> reports;
};
// `threads` as core::thread_count (the rules' keys are built in parallel); the pairs do not depend on it.
BlockedCandidates block_within(const std::vector<PreparedRecord>& records,
                               const std::vector<BlockingRule>& rules, int threads = 0);

// Training and prediction: u from random pairs, m by EM per training rule, the prior, each candidate's
// weight with the name-frequency adjustment, then competing probabilities per list. Trains `model` in
// place and takes the candidate pairs out of `blocked`.
struct Predictions {
  std::int64_t candidates = 0;
  std::vector<CandidatePair> scored;  // pairs with probability ≥ kKeptProbability
  EmReport em;
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> shared;
  NameFrequencies frequencies;
};
Predictions train_and_predict(const std::vector<PreparedRecord>& records,
                              const std::vector<std::uint32_t>& list_of_record,
                              const std::vector<BlockingRule>& rules, BlockedCandidates& blocked,
                              FellegiSunter& model, const PairComparer& comparer, const LinkOptions& options);

// Clustering: persons from the predictions (cluster_persons), two records being clearly different when a
// blocking rule compared them, a comparison that can hold records apart (birth date, sex) weighs below
// kCannotLinkWeight, and their own probability stays below kStrongPairProbability; beyond a pair across
// lists, also when both give birth days that differ by more than a slip (PairComparer::birth_days_disagree);
// an analyst's decisions (LinkOptions::decided_same, decided_different) come before every score.
std::vector<std::uint32_t> cluster_predictions(const std::vector<PreparedRecord>& records,
                                               const std::vector<std::uint32_t>& list_of_record,
                                               const Predictions& predictions, const BlockingKeys& keys,
                                               const FellegiSunter& model, const PairComparer& comparer,
                                               const LinkOptions& options);

// Persons across any number of lists (`list_of_record` gives each record's list): candidates within and
// across lists are trained and scored together, their probabilities made to compete per list
// (competing_matches.h), and records clustered with cluster_persons.
ManyListsResult link_lists(const std::vector<PreparedRecord>& records,
                           const std::vector<std::uint32_t>& list_of_record,
                           const std::vector<BlockingRule>& rules, FellegiSunter& model,
                           const PairComparer& comparer, const LinkOptions& options);

struct PairwiseQuality {
  std::int64_t true_positives = 0;
  std::int64_t false_positives = 0;
  std::int64_t false_negatives = 0;
  double precision() const;
  double recall() const;
  double f1() const;
};

}  // namespace clearpoint::link
