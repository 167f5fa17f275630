// The simulator against its own specification: marginals within sampling error, detection and
// dependence as configured, every error at its rate, truth linking every record, output importable,
// and byte-identical repeats. Expected values are computed here from the scenario text, independently
// of the simulator's code.
#include "simulate/simulator.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "io/csv_reader.h"
#include "io/record_source.h"
#include "io/reference_data.h"
#include "testing/simulated_batches.h"
#include "testing/temp_dir.h"

namespace clearpoint::simulate {
namespace {

constexpr const char* kScenario = R"(
[scenario]
name = "test"
first_year = 2000
last_year = 2004

[persons]
frailty_sd = 0
avoids_authorities = 0

[[stream]]
name = "A"
nationality = "russian"
origin = "RU"
victims = { 2000 = 1000, 2004 = 3000 }
female = 0.8
age = { "10-17" = 0.3, "18-40" = 0.7 }
exploitation = { sexual = 0.6, forced_labour = 0.3, begging = 0.1 }
recruitment = { job_offer = 1.0 }
routes = [ { via = ["HU"], to = "RS", weight = 3 }, { via = [], to = "BA", weight = 1 } ]

[[stream]]
name = "B"
nationality = "albanian"
origin = "AL"
victims = { 2000 = 2000, 2004 = 2000 }
female = 0.5
age = { "18-30" = 1 }
exploitation = { 2000 = { sexual = 1.0 }, 2004 = { forced_labour = 1.0 } }
recruitment = { relationship = 1.0 }
routes = [ { via = [], to = "RS", weight = 1 } ]

[[agency]]
id = "A"
country = "RS"
detection = 0.3
script = "cyrillic"
format = "csv"
separator = ";"
date_style = "dmy"
errors = { typo = 0.1, swap_names = 0.1, nickname = 0.5, gender_form = 0.5, duplicate = 0.05 }
birth_date = { full = 0.4, year_only = 0.2, estimated_age = 0.1, missing = 0.1, day_month_swapped = 0.1, placeholder_january = 0.1 }
elements_missing = 0.25

[[agency]]
id = "B"
country = "RS"
detection = 0.2
referred_from = { agency = "A", probability = 0.5 }
romanisation = "german"
format = "jsonl"
errors = { strip_diacritics = 0.5 }

[[agency]]
id = "C"
country = "RS"
detection = 0.1
odds = { minor = 3.0, male = 0.5 }
columns = { record_id = "Case", given_names = "Name", surnames = "Family", sex = "Sex", birth_date = "Born" }
values = { sex = { female = "F", male = "M" } }

[[agency]]
id = "D"
country = "BA"
detection = 0.5
)";

struct TruthRow {
  std::map<std::string, std::string> values;
  const std::string& operator[](const std::string& column) const { return values.at(column); }
};

std::vector<TruthRow> read_truth(const std::string& dir) {
  io::CsvReader reader((std::filesystem::path(dir) / "truth.csv").string(), io::CsvOptions{',', 1 << 16, {}});
  io::CsvRow row;
  reader.next(row);
  const auto header = row.fields;
  std::vector<TruthRow> rows;
  while (reader.next(row)) {
    TruthRow truth;
    for (std::size_t i = 0; i < header.size(); ++i) truth.values[header[i]] = row.fields[i];
    rows.push_back(std::move(truth));
  }
  return rows;
}

struct Fixture {
  core::CountrySet countries = io::load_countries(io::find_data_dir());
  NameBook names = NameBook::load(io::find_data_dir());
  testing::TempDir dir;

  Scenario scenario(const std::string& text) {
    return load_scenario(dir.write("scenario.toml", text), countries, names);
  }
  std::string run(const Scenario& s, std::uint64_t seed, const std::string& name, double scale = 1) {
    SimulationOptions options;
    options.seed = seed;
    options.scale = scale;
    options.out_dir = dir.file(name);
    simulate(s, names, options);
    return options.out_dir;
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

const std::vector<TruthRow>& base_truth() {
  static const std::vector<TruthRow> rows =
      read_truth(fixture().run(fixture().scenario(kScenario), 42, "base"));
  return rows;
}

// Persons once each (the first truth row of each person).
std::vector<const TruthRow*> persons() {
  std::vector<const TruthRow*> out;
  std::set<std::string> seen;
  for (const auto& row : base_truth()) {
    if (seen.insert(row["person_id"]).second) out.push_back(&row);
  }
  return out;
}

double chi_square_p(const std::vector<double>& observed, const std::vector<double>& expected) {
  double statistic = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    statistic += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  }
  const boost::math::chi_squared distribution(static_cast<double>(observed.size() - 1));
  return boost::math::cdf(boost::math::complement(distribution, statistic));
}

// |observed − n·p| within 4.5 binomial standard deviations: a false alarm about once in 150,000 runs.
void expect_binomial(std::int64_t hits, std::int64_t n, double p, const std::string& what) {
  ASSERT_GT(n, 100) << what;
  const double sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
  EXPECT_LT(std::fabs(static_cast<double>(hits) - static_cast<double>(n) * p), 4.5 * sd + 1e-9)
      << what << ": " << hits << " of " << n << ", expected rate " << p;
}

bool has_error(const TruthRow& row, std::string_view error) {
  const std::string& errors = row["errors"];
  std::size_t begin = 0;
  while (begin <= errors.size()) {
    const std::size_t bar = errors.find('|', begin);
    const std::string_view item(errors.data() + begin,
                                (bar == std::string::npos ? errors.size() : bar) - begin);
    if (item == error) return true;
    if (bar == std::string::npos) break;
    begin = bar + 1;
  }
  return false;
}

TEST(Simulator, YearOriginSexAndExploitationMatchTheScenario) {
  const auto people = persons();
  // Victims per year: stream A 1000→3000 and stream B 2000 flat; conditional on the total, the years
  // are multinomial with these weights (chi-square, 4 degrees of freedom).
  const std::vector<double> weights = {3000, 3500, 4000, 4500, 5000};
  std::vector<double> by_year(5, 0);
  double females = 0;
  double russians = 0;
  for (const auto* p : people) {
    by_year[static_cast<std::size_t>(std::stoi((*p)["identification_year"]) - 2000)] += 1;
    females += (*p)["sex"] == "female" ? 1 : 0;
    russians += (*p)["origin"] == "RU" ? 1 : 0;
  }
  const double n = static_cast<double>(people.size());
  std::vector<double> expected;
  for (const double w : weights) expected.push_back(n * w / 20000);
  EXPECT_GT(chi_square_p(by_year, expected), 1e-4);
  expect_binomial(static_cast<std::int64_t>(russians), static_cast<std::int64_t>(n), 0.5, "stream A share");
  // Female: 0.8 in stream A, 0.5 in stream B, checked within each stream.
  std::int64_t female_a = 0;
  std::int64_t female_b = 0;
  for (const auto* p : people) {
    if ((*p)["sex"] != "female") continue;
    ((*p)["origin"] == "RU" ? female_a : female_b) += 1;
  }
  expect_binomial(female_a, static_cast<std::int64_t>(russians), 0.8, "female share of stream A");
  expect_binomial(female_b, static_cast<std::int64_t>(n - russians), 0.5, "female share of stream B");
  // Main form of exploitation: 0.6 / 0.3 / 0.1 in stream A; in stream B sexual falls linearly from 1
  // in 2000 to 0 in 2004, so its share in year y is 1 − (y − 2000)/4.
  std::vector<double> types_a(3, 0);
  std::map<int, std::pair<double, double>> sexual_b;  // year → (sexual, all)
  for (const auto* p : people) {
    const std::string& types = (*p)["exploitation_types"];
    const std::string main = types.substr(0, types.find('|'));
    if ((*p)["origin"] == "RU") {
      types_a[main == "sexual" ? 0 : main == "forced_labour" ? 1 : 2] += 1;
    } else {
      auto& [sexual, all] = sexual_b[std::stoi((*p)["identification_year"])];
      sexual += main == "sexual" ? 1 : 0;
      all += 1;
    }
  }
  EXPECT_GT(chi_square_p(types_a, {0.6 * russians, 0.3 * russians, 0.1 * russians}), 1e-4);
  for (const auto& [year, counts] : sexual_b) {
    const double share = 1 - (year - 2000) / 4.0;
    if (share == 0 || share == 1) {
      EXPECT_EQ(counts.first, share * counts.second) << year;
    } else {
      expect_binomial(static_cast<std::int64_t>(counts.first), static_cast<std::int64_t>(counts.second),
                      share, "stream B sexual share " + std::to_string(year));
    }
  }
}

std::map<std::string, std::set<std::string>> lists_by_person() {
  std::map<std::string, std::set<std::string>> lists;
  for (const auto& row : base_truth()) {
    auto& entry = lists[row["person_id"]];
    if (!row["agency"].empty()) entry.insert(row["agency"]);
  }
  return lists;
}

TEST(Simulator, DetectionAndReferralFollowTheConfiguredProbabilities) {
  const auto lists = lists_by_person();
  std::int64_t in_rs = 0, by_a = 0, by_b_after_a = 0, by_b_without_a = 0, in_ba = 0, by_d = 0;
  for (const auto* p : persons()) {
    const auto& on = lists.at((*p)["person_id"]);
    if ((*p)["destination"] == "RS") {
      ++in_rs;
      const bool a = on.count("A") > 0;
      by_a += a;
      (a ? by_b_after_a : by_b_without_a) += on.count("B");
    } else {
      ++in_ba;
      by_d += on.count("D");
      EXPECT_EQ(on.count("A") + on.count("B") + on.count("C"), 0u);  // agencies see only their country
    }
  }
  expect_binomial(by_a, in_rs, 0.3, "P(A)");
  // B alone finds 20%; after A, a referral with probability 0.5 comes on top: 1 − 0.8·0.5 = 0.6.
  expect_binomial(by_b_after_a, by_a, 0.6, "P(B | A)");
  expect_binomial(by_b_without_a, in_rs - by_a, 0.2, "P(B | not A)");
  expect_binomial(by_d, in_ba, 0.5, "P(D)");
}

TEST(Simulator, HeterogeneityFollowsTheOddsRatios) {
  const auto lists = lists_by_person();
  // C: baseline odds 0.1/0.9, ×3 for minors, ×0.5 for men.
  const auto p = [](double odds) { return odds / (1 + odds); };
  std::map<std::pair<bool, bool>, std::pair<std::int64_t, std::int64_t>>
      groups;  // (minor, male) → (found, all)
  for (const auto* person : persons()) {
    if ((*person)["destination"] != "RS") continue;
    auto& [found, all] = groups[{(*person)["minor_at_recruitment"] == "yes", (*person)["sex"] == "male"}];
    ++all;
    found += lists.at((*person)["person_id"]).count("C");
  }
  const double base = 0.1 / 0.9;
  expect_binomial(groups[{false, false}].first, groups[{false, false}].second, p(base), "adult women");
  expect_binomial(groups[{true, false}].first, groups[{true, false}].second, p(base * 3), "girls");
  expect_binomial(groups[{false, true}].first, groups[{false, true}].second, p(base * 0.5), "adult men");
  expect_binomial(groups[{true, true}].first, groups[{true, true}].second, p(base * 1.5), "boys");
}

// With a shared frailty u ~ N(0, 1)·σ and avoidance of the authorities, two agencies that never refer
// to each other still find the same people more often than independence would: the overlap matches
// E[p_A(u, v) p_B(u, v)], integrated numerically here.
TEST(Simulator, SharedFrailtyAndAvoidanceMakeListsPositivelyDependent) {
  auto& f = fixture();
  const std::string text = R"(
[scenario]
name = "dependence"
first_year = 2000
last_year = 2000
[persons]
frailty_sd = 1.0
avoids_authorities = 0.3
[[stream]]
name = "S"
nationality = "serbian"
origin = "RS"
victims = { 2000 = 40000 }
female = 1
age = { "20-30" = 1 }
exploitation = { sexual = 1 }
recruitment = { job_offer = 1 }
routes = [ { via = [], to = "RS" } ]
[[agency]]
id = "P"
country = "RS"
sees = ["destination"]
detection = 0.3
avoidance_odds = 0.2
[[agency]]
id = "N"
country = "RS"
sees = ["destination"]
detection = 0.2
avoidance_odds = 0.5
)";
  const auto truth = read_truth(f.run(f.scenario(text), 7, "dependence"));
  std::map<std::string, std::set<std::string>> lists;
  for (const auto& row : truth) {
    auto& entry = lists[row["person_id"]];
    if (!row["agency"].empty()) entry.insert(row["agency"]);
  }
  std::int64_t both = 0, p_only = 0, n_only = 0;
  for (const auto& [person, on] : lists) {
    both += on.size() == 2;
    p_only += on.count("P") && !on.count("N");
    n_only += on.count("N") && !on.count("P");
  }
  const auto logistic = [](double x) { return 1 / (1 + std::exp(-x)); };
  const double lp = std::log(0.3 / 0.7);
  const double ln = std::log(0.2 / 0.8);
  double e_both = 0, e_p = 0, e_n = 0;
  for (const bool avoids : {false, true}) {
    const double weight = avoids ? 0.3 : 0.7;
    const double shift_p = avoids ? std::log(0.2) : 0;
    const double shift_n = avoids ? std::log(0.5) : 0;
    const int steps = 4000;
    for (int i = 0; i <= steps; ++i) {
      const double u = -8 + 16.0 * i / steps;
      const double density =
          std::exp(-u * u / 2) / std::sqrt(2 * M_PI) * 16.0 / steps * (i == 0 || i == steps ? 0.5 : 1);
      const double pp = logistic(lp + shift_p + u);
      const double pn = logistic(ln + shift_n + u);
      e_both += weight * density * pp * pn;
      e_p += weight * density * pp;
      e_n += weight * density * pn;
    }
  }
  const auto n = static_cast<std::int64_t>(lists.size());
  expect_binomial(both, n, e_both, "on both lists");
  expect_binomial(both + p_only, n, e_p, "on P");
  expect_binomial(both + n_only, n, e_n, "on N");
  EXPECT_GT(e_both, 1.2 * e_p * e_n);  // the dependence the estimators will face is real, not a rounding
  EXPECT_GT(static_cast<double>(both) / static_cast<double>(n),
            1.2 * static_cast<double>(both + p_only) / static_cast<double>(n) *
                static_cast<double>(both + n_only) / static_cast<double>(n));
}

TEST(Simulator, EveryRecordingErrorOccursAtItsRate) {
  std::int64_t records = 0, swapped = 0, typos = 0, duplicates = 0, missing_elements = 0;
  std::map<std::string, std::int64_t> dates;
  std::int64_t swap_possible = 0, swap_done = 0, nick_possible = 0, nick_done = 0, form_possible = 0,
               form_done = 0;
  std::set<std::string> persons_on_a;
  const auto& names = fixture().names;
  for (const auto& row : base_truth()) {
    if (row["agency"] == "C" || row["agency"] == "D") {
      EXPECT_EQ(row["errors"], "") << "agencies without errors";
    }
    if (row["agency"] == "B") {
      EXPECT_FALSE(has_error(row, "typo"));
    }
    if (row["agency"] != "A") continue;
    ++records;
    persons_on_a.insert(row["person_id"]);
    swapped += has_error(row, "swap_names");
    typos += has_error(row, "typo");
    duplicates += has_error(row, "duplicate");
    for (const auto* habit :
         {"date:year_only", "date:estimated_age", "date:missing", "date:placeholder_january"}) {
      dates[habit] += has_error(row, habit);
    }
    const std::string& born = row["birth_date"];
    const int month = std::stoi(born.substr(5, 2));
    const int day = std::stoi(born.substr(8, 2));
    if (day <= 12 && day != month) {
      ++swap_possible;
      swap_done += has_error(row, "date:day_month_swapped");
    } else {
      EXPECT_FALSE(has_error(row, "date:day_month_swapped"));
    }
    if (!names.nickname(row["given_names"]).empty()) {
      ++nick_possible;
      nick_done += has_error(row, "nickname");
    }
    if (row["sex"] == "female" && row["nationality"] == "russian" &&
        NameBook::masculine_surname(row["surnames"]) != row["surnames"]) {
      ++form_possible;
      form_done += has_error(row, "gender_form");
    }
    const std::string& errors = row["errors"];
    if (const auto at = errors.find("elements_missing:"); at != std::string::npos) {
      missing_elements += std::stoi(errors.substr(at + 17));
    }
  }
  expect_binomial(swapped, records, 0.1, "swap_names");
  expect_binomial(dates["date:year_only"], records, 0.2, "year only");
  expect_binomial(dates["date:estimated_age"], records, 0.1, "estimated age");
  expect_binomial(dates["date:missing"], records, 0.1, "missing date");
  expect_binomial(dates["date:placeholder_january"], records, 0.1, "placeholder 1 January");
  expect_binomial(swap_done, swap_possible, 0.1, "day and month swapped (where that makes another date)");
  expect_binomial(nick_done, nick_possible, 0.5, "nickname (where the name has one)");
  expect_binomial(form_done, form_possible, 0.5, "masculine surname for a woman");
  expect_binomial(missing_elements, records * 29, 0.25, "legal elements left unknown");
  const auto first_records = static_cast<std::int64_t>(persons_on_a.size());
  expect_binomial(duplicates, first_records, 0.05, "duplicates within the list");
  // A typo that swaps two equal neighbouring letters changes nothing and is not counted: a little under 10%.
  const double typo_rate = static_cast<double>(typos) / static_cast<double>(records);
  EXPECT_GT(typo_rate, 0.08);
  EXPECT_LT(typo_rate, 0.11);
}

TEST(Simulator, EveryFileImportsAndTruthLinksEveryRecord) {
  auto& f = fixture();
  const auto& truth = base_truth();  // runs the simulation when this test runs alone (ctest runs each apart)
  std::set<std::tuple<std::string, std::string, std::string>> from_files;
  const int lists = testing::for_each_generated_row(
      f.dir.file("base"), f.countries,
      [&](const io::CsvRow&, const io::SourceRow& row) {
        ASSERT_TRUE(row.problems.empty()) << row.problems[0].to_string();
        EXPECT_TRUE(from_files.insert({row.record.agency, row.record.list, row.record.record_id}).second);
      },
      [](const io::CsvRow& entry, std::int64_t rows) { EXPECT_EQ(std::to_string(rows), entry.fields[4]); });
  EXPECT_EQ(lists, 4);
  std::set<std::tuple<std::string, std::string, std::string>> from_truth;
  for (const auto& row : truth) {
    if (row["agency"].empty()) continue;
    EXPECT_TRUE(from_truth.insert({row["agency"], row["list"], row["record_id"]}).second);
  }
  EXPECT_EQ(from_truth, from_files);
}

TEST(Simulator, DefaultScenarioImportsWithoutErrors) {
  auto& f = fixture();
  const auto scenario =
      load_scenario(io::find_data_dir() + "/scenarios/western-balkans.toml", f.countries, f.names);
  std::int64_t total = 0;
  testing::for_each_generated_row(f.run(scenario, 3, "default", 0.25), f.countries,
                                  [&](const io::CsvRow& entry, const io::SourceRow& row) {
                                    ASSERT_TRUE(row.problems.empty())
                                        << entry.fields[0] << ": " << row.problems[0].to_string();
                                    ++total;
                                  });
  EXPECT_GT(total, 1000);
}

std::map<std::string, std::string> files_in(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    out[file.path().filename().string()] = testing::read_file(file.path().string());
  }
  return out;
}

TEST(Simulator, SameSeedSameBytesOtherSeedOtherData) {
  auto& f = fixture();
  const auto scenario = f.scenario(kScenario);
  const auto first = files_in(f.run(scenario, 99, "seed99a", 0.2));
  const auto again = files_in(f.run(scenario, 99, "seed99b", 0.2));
  const auto other = files_in(f.run(scenario, 100, "seed100", 0.2));
  EXPECT_EQ(first.size(), 11u);  // 4 batches, 4 mappings, truth, manifest, coverage
  EXPECT_EQ(first, again);
  EXPECT_NE(first.at("truth.csv"), other.at("truth.csv"));
}

TEST(Scenario, EveryProblemIsLocated) {
  auto& f = fixture();
  const std::string text =
      "[scenario]\n"                                             // 1
      "name = \"bad\"\n"                                         // 2
      "[[stream]]\n"                                             // 3
      "name = \"s\"\n"                                           // 4
      "nationality = \"martian\"\n"                              // 5
      "origin = \"XX\"\n"                                        // 6
      "victims = { 2000 = 10 }\n"                                // 7
      "age = { \"18-10\" = 1 }\n"                                // 8
      "exploitation = { sex = 1 }\n"                             // 9
      "recruitment = { job_offer = 1 }\n"                        // 10
      "routes = [ { via = [], to = \"RS\" } ]\n"                 // 11
      "[[agency]]\n"                                             // 12
      "id = \"A\"\n"                                             // 13
      "country = \"RS\"\n"                                       // 14
      "colour = \"red\"\n"                                       // 15
      "referred_from = { agency = \"B\", probability = 0.5 }\n"  // 16
      "birth_date = { full = 0.5 }\n";                           // 17
  try {
    f.scenario(text);
    FAIL() << "the scenario must be refused";
  } catch (const core::UserError& e) {
    std::set<std::int64_t> lines;
    for (const auto& d : e.diagnostics()) {
      lines.insert(d.where.line);
      EXPECT_FALSE(d.hint.empty()) << d.to_string();
      EXPECT_NE(d.where.file.find("scenario.toml"), std::string::npos);
    }
    for (const std::int64_t line : {5, 6, 8, 9, 15, 16, 17})
      EXPECT_TRUE(lines.count(line)) << "line " << line;
  }
}

// Found by fuzz/scenario_fuzz.cc: a digit key longer than a year overflowed while being read.
TEST(Scenario, ALongDigitKeyIsNotAYearAndDoesNotOverflow) {
  auto& f = fixture();
  const std::string text =
      "[scenario]\nname = \"long\"\n[[stream]]\nname = \"s\"\nnationality = \"serbian\"\norigin = \"RS\"\n"
      "victims = { 2000 = 10, 33333333333333 = 5 }\n";
  try {
    f.scenario(text);
    FAIL() << "the scenario must be refused";
  } catch (const core::UserError& e) {
    bool named = false;
    for (const auto& d : e.diagnostics())
      named = named || d.problem.find("33333333333333") != std::string::npos;
    EXPECT_TRUE(named);
  }
}

TEST(Scenario, SyntaxErrorsAreLocated) {
  auto& f = fixture();
  try {
    f.scenario("[scenario]\nname = \"x\nfirst_year = 2000\n");
    FAIL();
  } catch (const core::UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].where.line, 2);
  }
}

TEST(Random, PoissonAndAliasDrawsHaveTheRightMoments) {
  Rng rng(5);
  for (const double mean : {0.5, 12.0, 80.0, 5000.0}) {
    double sum = 0;
    double squares = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      const auto k = static_cast<double>(rng.poisson(mean));
      sum += k;
      squares += k * k;
    }
    const double m = sum / n;
    const double variance = squares / n - m * m;
    EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / n)) << mean;
    EXPECT_NEAR(variance / mean, 1.0, 0.05) << mean;
  }
  const std::vector<double> weights = {1, 2, 3, 4};
  const DiscreteDistribution discrete(weights);
  std::vector<double> counts(4, 0);
  for (int i = 0; i < 100000; ++i) counts[discrete(rng)] += 1;
  EXPECT_GT(chi_square_p(counts, {10000, 20000, 30000, 40000}), 1e-4);
}

}  // namespace
}  // namespace clearpoint::simulate
