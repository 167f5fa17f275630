// Scenario: everything the simulator needs to know about a region's trafficking and its agencies.
//
// Read from a TOML file (data/scenarios/*.toml, documented in docs/simulate.md) and checked as a whole:
// every problem is reported with file:line:column before anything is generated. The scenario describes
// three things: who the victims are (streams of victims from one origin, per year, by sex, age,
// exploitation and route), which agencies may identify them and with what probability (heterogeneity
// by person, dependence between lists), and how each agency writes its records (layout, script,
// romanisation, and the rates of each recording error).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/country_set.h"
#include "simulate/names.h"

namespace clearpoint::simulate {

struct Route {
  std::vector<std::string> via;  // transit countries in order
  std::string to;                // destination (equal to the origin for internal trafficking)
  double weight = 1;
};

struct AgeGroup {
  int youngest = 0;
  int oldest = 0;
  double share = 0;
};

// Shares of named categories that may change over the years: linear between anchor years, constant
// before the first and after the last.
struct ShareCurve {
  std::vector<std::string> categories;
  std::vector<int> years;
  std::vector<std::vector<double>> shares;  // per anchor year, normalised to sum to 1
  std::vector<double> at(int year) const;
};

struct Stream {
  std::string name;
  std::string nationality;  // a name pool in data/names/
  std::string citizenship;
  std::string origin;
  std::vector<std::pair<int, double>> victims;  // anchor year → victims identified that year (before --scale)
  double female_share = 0.5;
  std::vector<AgeGroup> ages;
  ShareCurve exploitation;
  ShareCurve recruitment;
  std::vector<Route> routes;

  // Expected victims in `year`: linear between anchors, zero outside them.
  double expected_victims(int year) const;
};

struct ElementModel {
  // Probability that each means was used (given the recruitment); deception follows from deceptive
  // recruitment, abduction from abduction, abuse of vulnerability is raised for children.
  double threat = 0.4;
  double force = 0.3;
  double coercion = 0.3;
  double fraud = 0.2;
  double abuse_of_power = 0.1;
  double abuse_of_vulnerability = 0.4;
  double payments = 0.05;
  double consent_recorded = 0.2;
};

struct BirthDateHabits {
  double full = 1;
  double year_only = 0;
  double estimated_age = 0;
  double missing = 0;
  double day_month_swapped = 0;
  double placeholder_january = 0;
};

struct ErrorRates {
  double typo = 0;
  double swap_names = 0;
  double gender_form = 0;
  double nickname = 0;
  double strip_diacritics = 0;
  double duplicate = 0;
};

struct Agency {
  std::string id;
  std::string list;
  std::string kind;
  std::string country;
  bool sees_origin = false;
  bool sees_transit = false;
  bool sees_destination = true;
  int first_year = 0;
  int last_year = 0;
  double detection = 0.1;              // at baseline: every odds factor 1, frailty 0
  std::map<std::string, double> odds;  // factor → odds ratio (minor, male, sexual, forced_labour, ...)
  double avoidance_odds = 1;           // odds ratio for victims who avoid the authorities
  std::optional<std::size_t> referred_from;  // index of an earlier agency
  double referral_probability = 0;
  std::string format = "csv";  // csv | jsonl
  char separator = ',';
  char list_separator = '|';
  std::string date_style = "iso";                            // iso | dmy
  std::string script = "latin";                              // latin | cyrillic (Serbian Cyrillic)
  std::string romanisation = "national";                     // for Cyrillic names written in Latin
  std::vector<std::pair<std::string, std::string>> columns;  // field → the agency's header, in file order
  std::map<std::string, std::map<std::string, std::string>> values;  // field|"tristate" → value → agency word
  ErrorRates errors;
  BirthDateHabits birth_date;
  double elements_missing = 0;  // probability that a legal element is left unknown

  std::string file_stem() const { return id + "-" + list; }
};

struct Scenario {
  std::string name;
  std::string description;
  int first_year = 2000;
  int last_year = 2025;
  double frailty_sd = 0;          // sd of the person's common log-odds of being identified
  double avoids_authorities = 0;  // share of victims who avoid the authorities
  ElementModel elements;
  std::vector<Stream> streams;
  std::vector<Agency> agencies;
};

// Reads and checks a scenario; throws core::UserError listing every problem with its location.
Scenario load_scenario(const std::string& path, const core::CountrySet& countries, const NameBook& names);

}  // namespace clearpoint::simulate
