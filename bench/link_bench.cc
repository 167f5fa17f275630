// Pair scoring throughput on febrl4's blocked candidates with the comparisons `clearpoint link` makes
// (given name and surname with the sound key, birth date as an interval, and the other case comparisons
// missing): prepared comparisons plus a weight table, against a plain reimplementation of three
// comparisons that compares raw strings byte-wise, allocates per pair and takes logarithms per comparison
// — what a first version would do. Target: at least 5 million candidate pairs per second per core.
// Report the ratio of the two rates.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "io/csv_reader.h"
#include "io/reference_data.h"
#include "link/case_linkage.h"
#include "link/linker.h"
#include "records/case_record.h"

namespace clearpoint::bench {
namespace {

struct Febrl {
  std::vector<std::vector<std::string>> a;
  std::vector<std::vector<std::string>> b;
};

std::vector<std::vector<std::string>> read(const std::string& name) {
  io::CsvReader reader(std::string(CLEARPOINT_SHARED_DIR) + "/data/linkage/" + name,
                       io::CsvOptions{',', 4096, {}});
  io::CsvRow row;
  reader.next(row);
  std::vector<std::vector<std::string>> rows;
  while (reader.next(row)) {
    for (auto& field : row.fields) field.erase(0, field.find_first_not_of(' '));
    rows.push_back(row.fields);
  }
  return rows;
}

// febrl4's records as `clearpoint link` prepares them: the case comparisons (given name and surname with
// skeleton, sound key and Jaro–Winkler levels, the birth date as an interval, and the empty fields FEBRL
// has no counterpart for), candidates from the case blocking rules over both files together.
std::string iso_date(const std::string& yyyymmdd) {
  if (yyyymmdd.size() != 8) return {};
  return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

struct Setup {
  link::NameNormaliser names = link::NameNormaliser::load(io::find_data_dir());
  link::PairComparer comparer{link::case_comparisons(), names};
  Febrl raw{read("febrl_dataset4a.csv"), read("febrl_dataset4b.csv")};
  std::vector<std::vector<std::string>> rows;  // a's rows, then b's
  std::vector<link::PreparedRecord> records;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  std::vector<std::vector<double>> weights;
  Setup() {
    link::RecordPreparer preparer(comparer);  // as `clearpoint link` prepares: each distinct value once
    for (const auto* file : {&raw.a, &raw.b}) {
      for (const auto& row : *file) {
        records::CaseRecord r;
        r.given_names = row[1];
        r.surnames = row[2];
        rows.push_back(row);
        auto linkage_row = link::case_linkage_row(r);
        linkage_row[2] = iso_date(row[9]);  // the birth date, as the date_format mapping stores it
        records.push_back(preparer.prepare(linkage_row));
      }
    }
    link::BlockingKeys keys;
    pairs = link::candidate_pairs_within(records, link::case_blocking_rules(), keys);
    std::sort(pairs.begin(), pairs.end());  // as link::block_within hands them on
    link::FellegiSunter model(comparer.specs());
    weights = model.weight_table();
  }
};

Setup& setup() {
  static Setup s;
  return s;
}

void BM_ScorePairsPrepared(benchmark::State& state) {
  auto& s = setup();
  link::Pattern pattern;
  double total = 0;
  for (auto _ : state) {
    for (const auto& [i, j] : s.pairs) {
      s.comparer.compare_into(s.records[i], s.records[j], pattern);
      double w = 0;
      for (std::size_t k = 0; k < pattern.size(); ++k) {
        if (pattern[k] != link::kMissing) w += s.weights[k][static_cast<std::size_t>(pattern[k])];
      }
      total += w;
    }
  }
  benchmark::DoNotOptimize(total);
  state.counters["pairs/s"] =
      benchmark::Counter(static_cast<double>(s.pairs.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScorePairsPrepared)->Unit(benchmark::kMillisecond)->UseRealTime();

// The plain version: textbook Jaro–Winkler on the raw bytes with vectors allocated per call, the same
// levels, a fresh pattern per pair and a logarithm per comparison.
double plain_jaro_winkler(const std::string& s, const std::string& t) {
  if (s.empty() || t.empty()) return 0;
  const std::size_t window = std::max(s.size(), t.size()) / 2 - 1;
  std::vector<bool> ms(s.size(), false);
  std::vector<bool> mt(t.size(), false);
  double m = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(t.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (mt[j] || s[i] != t[j]) continue;
      ms[i] = mt[j] = true;
      ++m;
      break;
    }
  }
  if (m == 0) return 0;
  double transpositions = 0;
  for (std::size_t i = 0, k = 0; i < s.size(); ++i) {
    if (!ms[i]) continue;
    while (!mt[k]) ++k;
    transpositions += s[i] != t[k] ? 1 : 0;
    ++k;
  }
  const double jaro =
      (m / static_cast<double>(s.size()) + m / static_cast<double>(t.size()) + (m - transpositions / 2) / m) /
      3;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < s.size() && prefix < t.size() && s[prefix] == t[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1 - jaro);
}

void BM_ScorePairsPlainBaseline(benchmark::State& state) {
  auto& s = setup();
  const link::FellegiSunter model({{"given_name", 4, {}}, {"surname", 4, {}}, {"date_of_birth", 4, {}}});
  double total = 0;
  for (auto _ : state) {
    for (const auto& [i, j] : s.pairs) {
      const auto& x = s.rows[i];
      const auto& y = s.rows[j];
      std::vector<std::int8_t> pattern;
      for (const std::size_t column : {std::size_t{1}, std::size_t{2}}) {
        const double jw = plain_jaro_winkler(x[column], y[column]);
        pattern.push_back(x[column].empty() || y[column].empty() ? link::kMissing
                          : x[column] == y[column]               ? 3
                          : jw >= 0.92                           ? 2
                          : jw >= 0.80                           ? 1
                                                                 : 0);
      }
      pattern.push_back(x[9].empty() || y[9].empty()             ? link::kMissing
                        : x[9] == y[9]                           ? 3
                        : x[9].substr(0, 4) == y[9].substr(0, 4) ? 1
                                                                 : 0);
      total += model.match_weight(pattern);
    }
  }
  benchmark::DoNotOptimize(total);
  state.counters["pairs/s"] =
      benchmark::Counter(static_cast<double>(s.pairs.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScorePairsPlainBaseline)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace clearpoint::bench
